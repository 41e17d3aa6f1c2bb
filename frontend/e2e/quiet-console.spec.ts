import { expect, test, type Page } from '@playwright/test';
import { waitForHydration } from './app';

/** Every console error and every failed request of the page, from now on. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // Pictures still loading when the test moves to the next page are cancelled, not failed.
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`failed ${request.url()}: ${reason}`);
  });
  return problems;
}

for (const locale of ['fr', 'ar', 'en'] as const) {
  test(`anonymous public pages make no failing request and log nothing (${locale})`, async ({ page }) => {
    const problems = watch(page);
    await page.goto(`/${locale}`);
    await waitForHydration(page);
    // The server-rendered page is taken over without a hydration mismatch, then navigated.
    await page.getByRole('main').getByRole('link').first().click(); // a category
    await expect(page).toHaveURL(new RegExp(`/${locale}/categories/`));
    await page.getByTestId('result-count').waitFor();
    await page.goto(`/${locale}/services/karim-reparation-fuite`);
    await waitForHydration(page);
    await page.getByRole('main').getByRole('link').first().click(); // its provider
    await expect(page).toHaveURL(new RegExp(`/${locale}/providers/`));
    await page.goto(`/${locale}/search?q=plomberie`);
    await waitForHydration(page);
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
  });
}
