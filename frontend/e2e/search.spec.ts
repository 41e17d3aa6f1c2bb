import { expect, test, type Page } from '@playwright/test';
import { useLocaleFromStart } from './accounts';
import { waitForHydration } from './app';
import type { Locale } from './app';
import { expectNoAxeViolations } from './axe';

/** The number in "Résultats : 24" (any language), once the search has answered. */
async function resultCount(page: Page): Promise<number> {
  const count = page.getByTestId('result-count');
  await expect(count).toHaveText(/\d/);
  return Number((await count.textContent())?.match(/\d+/)?.[0]);
}

function resultCards(page: Page) {
  return page.locator('.service-card');
}

/** The price of each card on the page in MAD (null for "on quote"). */
async function cardPrices(page: Page): Promise<(number | null)[]> {
  const texts = await resultCards(page).locator('.service-card__price').allTextContents();
  return texts.map((text) => {
    const amount = /([\d\s\u202f\u00a0]+(?:[.,]\d+)?)\s*MAD/.exec(text)?.[1];
    return amount === undefined ? null : Number(amount.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
  });
}

// In Rabat (Agdal), not at the city centre
const IN_RABAT = { latitude: 33.995, longitude: -6.849 };

test.describe('search', () => {
  test.describe.configure({ timeout: 60_000 }); // axe takes a while on a page of results
  test('the home search box suggests as you type and searches in French', async ({ page }) => {
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Rechercher un service' });
    await box.fill('plomb');
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await expect(listbox.getByRole('option', { name: /Plomberie/ })).toBeVisible();
    await box.press('ArrowDown');
    await expect(box).toHaveAttribute('aria-activedescendant', /.+/);
    await box.press('Escape');
    await expect(listbox).toBeHidden();

    await box.fill('plomberie');
    await box.press('Enter');
    await expect(page).toHaveURL('/fr/search?q=plomberie');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Résultats pour « plomberie »');
    expect(await resultCount(page)).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Réparation de fuite d’eau' })).toBeVisible();
    await expect(resultCards(page).first()).toContainText('MAD');
  });

  test('a category of the home page links to its search', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Plomberie', exact: true }).click();
    await expect(page).toHaveURL('/fr/categories/plumbing');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plomberie');
    expect(await resultCount(page)).toBeGreaterThan(0);
  });

  test('searching in Arabic finds the services, right-to-left', async ({ page }) => {
    await useLocaleFromStart(page, 'ar');
    await page.goto('/');
    await expect(page.locator('html[dir="rtl"][lang="ar"]')).toHaveCount(1);
    const box = page.getByRole('combobox', { name: 'ابحث عن خدمة' });
    await box.fill('سباكة');
    await page.getByRole('search').getByRole('button', { name: 'بحث' }).click();
    await expect(page).toHaveURL(`/ar/search?q=${encodeURIComponent('سباكة')}`);
    expect(await resultCount(page)).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Réparation de fuite d’eau' })).toBeVisible();
    await expect(resultCards(page).first()).toContainText(/الدار البيضاء|الرباط|طنجة|فاس|مراكش|أكادير|وجدة|مكناس/);
  });

  test('a city filter narrows the results and stays in the URL', async ({ page }) => {
    await page.goto('/search?q=plomberie');
    const all = await resultCount(page);
    const city = page.getByLabel('Ville');
    await expect(city.locator('option', { hasText: /^Rabat \(\d+\)$/ })).toHaveCount(1);
    await city.selectOption('rabat');
    await expect(page).toHaveURL('/fr/search?q=plomberie&city=rabat');
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    const filtered = await resultCount(page);
    expect(filtered).toBeGreaterThan(0);
    await expect(resultCards(page)).toHaveCount(filtered);
    for (const card of await resultCards(page).all()) await expect(card).toContainText('Rabat');

    await page.reload();
    await expect(page.getByLabel('Ville')).toHaveValue('rabat');
    expect(await resultCount(page)).toBe(filtered);
  });

  test('price and rating filters narrow the results, live in the URL and follow the back button', async ({ page }) => {
    await page.goto('/search');
    const all = await resultCount(page);

    await page.getByLabel('Prix maximum (MAD)').fill('200');
    await page.getByRole('button', { name: 'Appliquer le prix' }).click();
    await expect(page).toHaveURL('/fr/search?priceMax=20000');
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    const upTo200 = await resultCount(page);
    expect(upTo200).toBeGreaterThan(0);
    for (const price of await cardPrices(page)) if (price !== null) expect(price).toBeLessThanOrEqual(200);

    await page.getByLabel('Prix minimum (MAD)').fill('100,50');
    await page.getByRole('button', { name: 'Appliquer le prix' }).click();
    await expect(page).toHaveURL('/fr/search?priceMin=10050&priceMax=20000');
    await expect.poll(() => resultCount(page)).toBeLessThan(upTo200);
    const between = await resultCount(page);
    expect(between).toBeGreaterThan(0);
    for (const price of await cardPrices(page)) {
      expect(price).not.toBeNull();
      expect(price!).toBeGreaterThanOrEqual(100.5);
      expect(price!).toBeLessThanOrEqual(200);
    }

    // A minimum above the maximum is refused before searching
    await page.getByLabel('Prix minimum (MAD)').fill('300');
    await page.getByRole('button', { name: 'Appliquer le prix' }).click();
    await expect(page.getByText('Le prix minimum dépasse le prix maximum.')).toBeVisible();
    await expect(page.getByLabel('Prix minimum (MAD)')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL('/fr/search?priceMin=10050&priceMax=20000');

    // No service has reviews yet: a minimum rating leaves none
    await page.getByLabel('Note minimale').selectOption('4');
    await expect(page).toHaveURL('/fr/search?priceMin=10050&priceMax=20000&minRating=4');
    await expect.poll(() => resultCount(page)).toBe(0);
    await expect(page.getByRole('button', { name: 'Effacer les filtres' })).toBeVisible();

    // Back: the previous filters and results; the price fields follow the URL
    await page.goBack();
    await expect(page).toHaveURL('/fr/search?priceMin=10050&priceMax=20000');
    await expect(page.getByLabel('Note minimale')).toHaveValue('');
    await expect.poll(() => resultCount(page)).toBe(between);
    await page.goBack();
    await expect(page).toHaveURL('/fr/search?priceMax=20000');
    await expect(page.getByLabel('Prix minimum (MAD)')).toHaveValue('');
    await expect(page.getByLabel('Prix maximum (MAD)')).toHaveValue('200');

    // A shared link opens with its filters
    await page.goto('/search?priceMin=10050&priceMax=20000');
    await expect(page.getByLabel('Prix minimum (MAD)')).toHaveValue('100.5');
    expect(await resultCount(page)).toBe(between);
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await expect(page).toHaveURL('/fr/search');
    expect(await resultCount(page)).toBe(all);
  });

  test('a radius around my position, or around a city centre when the position is refused', async ({ browser }) => {
    const located = await browser.newContext({ geolocation: IN_RABAT, permissions: ['geolocation'] });
    const page = await located.newPage();
    await page.goto('/search');
    const all = await resultCount(page);
    await page.getByRole('button', { name: 'Autour de ma position' }).click();
    await expect(page).toHaveURL('/fr/search?lat=33.995&lng=-6.849&radiusKm=25');
    await expect(page.getByLabel('Autour de')).toHaveValue('me');
    await expect(page.getByText('Résultats autour de votre position.')).toBeVisible();
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    const nearby = await resultCount(page);
    expect(nearby).toBeGreaterThan(0);
    for (const card of await resultCards(page).all()) await expect(card).toContainText('Rabat');
    await page.getByLabel('Trier par').selectOption('distance');
    await expect(page).toHaveURL('/fr/search?lat=33.995&lng=-6.849&radiusKm=25&sort=distance');
    await page.getByLabel('Rayon').selectOption('100');
    await expect(page).toHaveURL('/fr/search?lat=33.995&lng=-6.849&radiusKm=100&sort=distance');
    // Casablanca is about 90 km away: a wider circle takes it in
    await expect.poll(() => resultCount(page)).toBeGreaterThan(nearby);
    await page.getByLabel('Autour de').selectOption('');
    await expect(page).toHaveURL('/fr/search');
    await located.close();

    const refused = await browser.newContext({ permissions: [] });
    const other = await refused.newPage();
    await other.goto('/search');
    await other.getByRole('button', { name: 'Autour de ma position' }).click();
    await expect(other.getByRole('alert')).toContainText('autorisation refusée');
    await expect(other).toHaveURL('/fr/search');
    await other.getByLabel('Autour de').selectOption({ label: 'Casablanca' });
    await expect(other).toHaveURL(/\/fr\/search\?lat=33\.\d+&lng=-7\.\d+&radiusKm=25$/);
    await expect(other.getByLabel('Autour de')).toHaveValue('casablanca');
    expect(await resultCount(other)).toBeGreaterThan(0);
    for (const card of await resultCards(other).all()) await expect(card).toContainText('Casablanca');
    await refused.close();
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    for (const locale of ['fr', 'ar'] as const) {
      test(`the filters fold behind a button that counts them (${locale})`, async ({ page }) => {
        const texts = {
          fr: { filters: 'Filtres', city: 'Ville', active: 'Filtres actifs : 1' },
          ar: { filters: 'عوامل التصفية', city: 'المدينة', active: 'عوامل التصفية النشطة: 1' },
        }[locale];
        await useLocaleFromStart(page, locale);
        await page.goto('/search?q=plomberie');
        expect(await resultCount(page)).toBeGreaterThan(0);
        const toggle = page.getByRole('button', { name: texts.filters, exact: true });
        const panel = page.getByRole('region', { name: texts.filters });
        await expect(toggle).toHaveAttribute('aria-expanded', 'false');
        await expect(panel).toBeHidden();
        await expect(resultCards(page).first()).toBeInViewport();

        await toggle.click();
        await expect(toggle).toHaveAttribute('aria-expanded', 'true');
        await expect(panel).toBeVisible();
        const box = await panel.boundingBox();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        await expectNoAxeViolations(page, `search on a phone, ${locale}`);

        await panel.getByLabel(texts.city, { exact: true }).selectOption('rabat');
        await expect(page).toHaveURL(`/${locale}/search?q=plomberie&city=rabat`);
        await expect(page.getByRole('button', { name: texts.active })).toHaveAttribute('aria-expanded', 'true');
        await page.getByRole('button', { name: texts.active }).click();
        await expect(panel).toBeHidden();
      });
    }
  });

  test('"load more" adds the next page; nothing found shows the empty state', async ({ page }) => {
    await page.goto('/search');
    const total = await resultCount(page);
    await expect(resultCards(page)).toHaveCount(12);
    await page.getByRole('button', { name: 'Afficher plus de résultats' }).click();
    await expect(resultCards(page)).toHaveCount(Math.min(24, total));

    await page.goto('/search?q=zzzqqqxxx');
    await expect(page.getByText('Aucun service ne correspond à votre recherche.')).toBeVisible();
    expect(await resultCount(page)).toBe(0);
  });

  test('an API error shows the error state with a retry', async ({ page }) => {
    let fail = true;
    await page.route('**/api/search/services**', (route) =>
      fail ? route.fulfill({ status: 500, json: { error: { code: 'INTERNAL', message: 'boom', requestId: 'req-1' } } }) : route.fallback(),
    );
    // Searched from the home page, in the browser (the server renders a search URL with real results).
    await page.goto('/');
    await waitForHydration(page);
    const box = page.getByRole('combobox', { name: 'Rechercher un service' });
    await box.fill('plomberie');
    await box.press('Enter');
    await expect(page.getByRole('alert')).toContainText('La recherche a échoué');
    fail = false;
    await page.getByRole('button', { name: 'Réessayer' }).click();
    expect(await resultCount(page)).toBeGreaterThan(0);
  });

  test('a service page and its provider page', async ({ page }) => {
    await page.goto('/search?q=plomberie');
    await page.getByRole('link', { name: 'Réparation de fuite d’eau' }).click();
    await expect(page).toHaveURL('/fr/services/karim-reparation-fuite');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réparation de fuite d’eau');
    await expect(page.getByRole('main')).toContainText('250 MAD');
    await expect(page.getByRole('main')).toContainText('60 min');
    await expect(page.getByRole('main')).toContainText('Casablanca');
    await page.getByRole('link', { name: 'Karim Benali' }).click();
    await expect(page).toHaveURL(/\/providers\/\w+/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Karim Benali');
    await expect(page.getByRole('main')).toContainText('Pas encore d’avis');
    await expect(page.getByRole('main')).toContainText('Membre depuis');
    await expect(page.getByRole('link', { name: 'Réparation de fuite d’eau' })).toBeVisible();

    // Rendered on the server with its status: search engines see a missing page as missing.
    const missing = await page.goto('/services/no-such-service');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  });

  const noReviews: Record<Locale, string> = { fr: 'Pas encore d’avis', ar: 'لا توجد تقييمات بعد', en: 'No reviews yet' };
  for (const locale of ['fr', 'ar', 'en'] as const) {
    test.describe(`axe (${locale})`, () => {
      test.beforeEach(async ({ page }) => {
        await useLocaleFromStart(page, locale);
      });

      test('the search page has no axe violations', async ({ page }) => {
        await page.goto('/search?q=plomberie&priceMax=50000');
        expect(await resultCount(page)).toBeGreaterThan(0);
        await expectNoAxeViolations(page, `search, ${locale}`);
      });

      test('the suggestions have no axe violations', async ({ page }) => {
        await page.goto('/');
        await page
          .getByRole('search')
          .getByRole('combobox')
          .fill(locale === 'ar' ? 'سباك' : locale === 'en' ? 'plumb' : 'plomb');
        await expect(page.locator('[role="option"]').first()).toBeVisible();
        await expectNoAxeViolations(page, `home suggestions, ${locale}`);
      });

      test('a service page has no axe violations', async ({ page }) => {
        await page.goto('/services/karim-reparation-fuite');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Réparation de fuite d’eau');
        await expectNoAxeViolations(page, `service, ${locale}`);
      });

      test('a provider page has no axe violations', async ({ page }) => {
        await page.goto('/services/karim-reparation-fuite');
        await page.getByRole('link', { name: 'Karim Benali' }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Karim Benali');
        await expect(page.getByRole('main')).toContainText(noReviews[locale]);
        await expectNoAxeViolations(page, `provider, ${locale}`);
      });
    });
  }
});
