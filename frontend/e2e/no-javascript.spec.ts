import { expect, test } from '@playwright/test';

// What a search engine that runs no JavaScript sees: the server-rendered page, in its language.
test.use({ javaScriptEnabled: false });

const SLUG = 'karim-reparation-fuite';
const cities = { fr: 'Casablanca', ar: 'الدار البيضاء', en: 'Casablanca' } as const;
const price = { fr: /250\sMAD/, ar: /250\sد\.م\./, en: /MAD\s?250|250\sMAD/ } as const;

for (const locale of ['fr', 'ar', 'en'] as const) {
  test(`a service page without JavaScript shows its title, price and city (${locale})`, async ({ page, request }) => {
    const service = (await (await request.get(`/api/services/${SLUG}`)).json()) as {
      title: string;
      translations: Record<string, { title: string } | undefined>;
    };
    const title = service.translations[locale]?.title || service.title;

    const response = await page.goto(`/${locale}/services/${SLUG}`);
    expect(response?.status()).toBe(200);

    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(page).toHaveTitle(`${title} · Khadamat`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    const main = page.getByRole('main');
    await expect(main).toContainText(price[locale]);
    await expect(main).toContainText(cities[locale]);
    // The largest picture is in the HTML, sized, and not left to lazy loading.
    const photo = main.getByRole('img').first();
    await expect(photo).toHaveAttribute('width', /\d+/);
    await expect(photo).toHaveAttribute('loading', 'eager');
  });
}

test('a page without a language redirects to the browser’s (Arabic), without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ar-MA', baseURL: baseURL! });
  const page = await context.newPage();
  await page.goto(`/services/${SLUG}`);
  await expect(page).toHaveURL(`/ar/services/${SLUG}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await context.close();
});
