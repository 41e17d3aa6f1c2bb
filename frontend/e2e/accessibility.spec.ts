import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expectCategoriesLoaded, switchLanguage, type Locale } from './app';

const locales: Locale[] = ['fr', 'ar', 'en'];

for (const locale of locales) {
  test.describe(`accessibility (${locale})`, () => {
    test.beforeEach(async ({ page }) => {
      await page.goto('/');
      if (locale !== 'fr') await switchLanguage(page, locale);
    });

    test('home page has no axe violations', async ({ page }) => {
      await expectCategoriesLoaded(page, locale);
      await expectNoAxeViolations(page, `home, ${locale}`);
    });

    test('not-found page has no axe violations', async ({ page }) => {
      await page.goto('/no-such-page');
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page, `404, ${locale}`);
    });
  });
}
