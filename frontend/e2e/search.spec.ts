import { expect, test, type Page } from '@playwright/test';
import { useLocaleFromStart } from './accounts';
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
    await expect(page).toHaveURL('/search?q=plomberie');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Résultats pour « plomberie »');
    expect(await resultCount(page)).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Réparation de fuite d’eau' })).toBeVisible();
    await expect(resultCards(page).first()).toContainText('MAD');
  });

  test('a category of the home page links to its search', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Plomberie', exact: true }).click();
    await expect(page).toHaveURL('/search?category=plumbing');
    expect(await resultCount(page)).toBeGreaterThan(0);
    await expect(page.getByLabel('Catégorie')).toHaveValue('plumbing');
  });

  test('searching in Arabic finds the services, right-to-left', async ({ page }) => {
    await useLocaleFromStart(page, 'ar');
    await page.goto('/');
    await expect(page.locator('html[dir="rtl"][lang="ar"]')).toHaveCount(1);
    const box = page.getByRole('combobox', { name: 'ابحث عن خدمة' });
    await box.fill('سباكة');
    await page.getByRole('search').getByRole('button', { name: 'بحث' }).click();
    await expect(page).toHaveURL(`/search?q=${encodeURIComponent('سباكة')}`);
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
    await expect(page).toHaveURL('/search?q=plomberie&city=rabat');
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    const filtered = await resultCount(page);
    expect(filtered).toBeGreaterThan(0);
    await expect(resultCards(page)).toHaveCount(filtered);
    for (const card of await resultCards(page).all()) await expect(card).toContainText('Rabat');

    await page.reload();
    await expect(page.getByLabel('Ville')).toHaveValue('rabat');
    expect(await resultCount(page)).toBe(filtered);
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
    await page.goto('/search?q=plomberie');
    await expect(page.getByRole('alert')).toContainText('La recherche a échoué');
    fail = false;
    await page.getByRole('button', { name: 'Réessayer' }).click();
    expect(await resultCount(page)).toBeGreaterThan(0);
  });

  test('a service page and its provider page', async ({ page }) => {
    await page.goto('/search?q=plomberie');
    await page.getByRole('link', { name: 'Réparation de fuite d’eau' }).click();
    await expect(page).toHaveURL('/services/karim-reparation-fuite');
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

    await page.goto('/services/no-such-service');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce service est introuvable.');
  });

  for (const locale of ['fr', 'ar'] as const) {
    test.describe(`axe (${locale})`, () => {
      test.beforeEach(async ({ page }) => {
        await useLocaleFromStart(page, locale);
      });

      test('the search page has no axe violations', async ({ page }) => {
        await page.goto('/search?q=plomberie');
        expect(await resultCount(page)).toBeGreaterThan(0);
        await expectNoAxeViolations(page, `search, ${locale}`);
      });

      test('the suggestions have no axe violations', async ({ page }) => {
        await page.goto('/');
        await page
          .getByRole('search')
          .getByRole('combobox')
          .fill(locale === 'ar' ? 'سباك' : 'plomb');
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
        await expect(page.getByRole('main')).toContainText(locale === 'ar' ? 'لا توجد تقييمات بعد' : 'Pas encore d’avis');
        await expectNoAxeViolations(page, `provider, ${locale}`);
      });
    });
  }
});
