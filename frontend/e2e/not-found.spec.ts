import { expect, test } from '@playwright/test';
import { expectCategoriesLoaded, switchLanguage } from './app';

test('unknown routes show the not-found page, in every language', async ({ page }) => {
  await page.goto('/this/page/does-not-exist');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  await expect(page).toHaveTitle('Page introuvable · Khadamat');

  await switchLanguage(page, 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الصفحة غير موجودة');
  await expect(page).toHaveTitle('الصفحة غير موجودة · Khadamat');

  await switchLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');

  await page.getByRole('main').getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL('/en');
  await expectCategoriesLoaded(page, 'en');
});
