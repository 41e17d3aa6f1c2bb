import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expectCategoriesLoaded, openHomeInTheBrowser } from './app';

// Browser-level fakes of our own API, for the states a healthy seeded backend never shows (on a
// page the browser renders: the server renders the home page with the real categories).

test('shows a readable error when the API fails, and recovers on retry', async ({ page }) => {
  await page.route('**/api/categories', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'req-e2e-42' } }),
    }),
  );
  await openHomeInTheBrowser(page);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Impossible de charger les catégories pour le moment.');
  await expect(alert).toContainText('Référence : req-e2e-42');
  await expectNoAxeViolations(page, 'error state');

  await page.unroute('**/api/categories');
  await alert.getByRole('button', { name: 'Réessayer' }).click();

  await expectCategoriesLoaded(page, 'fr');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('shows an error when the API answers something unexpected', async ({ page }) => {
  await page.route('**/api/categories', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: 'nope' }) }),
  );
  await openHomeInTheBrowser(page);

  await expect(page.getByRole('alert')).toContainText('Impossible de charger les catégories pour le moment.');
});

test('shows an empty state when there are no categories', async ({ page }) => {
  await page.route('**/api/categories', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ categories: [] }) }),
  );
  await openHomeInTheBrowser(page);

  await expect(page.getByText('Aucune catégorie n’est disponible pour le moment.')).toBeVisible();
  await expectNoAxeViolations(page, 'empty state');
});

test('shows a loading state while the categories load', async ({ page }) => {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/categories', async (route) => {
    await released;
    await route.continue();
  });
  await openHomeInTheBrowser(page);

  await expect(page.getByRole('status')).toHaveText('Chargement des catégories…');
  release();
  await expectCategoriesLoaded(page, 'fr');
});

test('says calmly that the service is temporarily unavailable, and retries by itself', async ({ page }) => {
  let refusals = 2;
  await page.route('**/api/categories', async (route) => {
    if (refusals-- <= 0) return route.continue();
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      headers: { 'retry-after': '1' },
      body: JSON.stringify({ error: { code: 'DATABASE_UNAVAILABLE', message: 'Service unavailable', requestId: 'req-e2e-503' } }),
    });
  });
  await openHomeInTheBrowser(page);

  await expect(page.getByRole('status').filter({ hasText: 'Nouvel essai automatique' })).toHaveText(
    'Le service est momentanément indisponible. Nouvel essai automatique…',
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoAxeViolations(page, 'temporarily unavailable');

  // No click: the answer that finally comes replaces the notice.
  await expectCategoriesLoaded(page, 'fr');
  await expect(page.getByText('Nouvel essai automatique')).toHaveCount(0);
});
