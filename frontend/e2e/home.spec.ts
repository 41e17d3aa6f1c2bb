import { expect, test } from '@playwright/test';
import { categoriesList, expectCategoriesLoaded, languageSelect, switchLanguage } from './app';

test.describe('home page', () => {
  test('lists the seeded categories in French by default', async ({ page }) => {
    await page.goto('/');

    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page).toHaveTitle('Services à domicile · Khadamat');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trouvez un professionnel près de chez vous');
    await expect(page.getByRole('heading', { level: 2, name: 'Catégories de services' })).toBeVisible();
    await expect(languageSelect(page)).toHaveValue('fr');

    const list = await expectCategoriesLoaded(page, 'fr');
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(5);
    await expect(list.getByText('Plomberie', { exact: true })).toBeVisible();
    await expect(list.getByText('Ménage', { exact: true })).toBeVisible();
  });

  test('has a header with the platform name, navigation and a footer', async ({ page }) => {
    await page.goto('/');

    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'Khadamat' })).toHaveAttribute('href', '/fr');
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Accueil' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('Khadamat');
  });

  test('the skip link moves focus to the main content', async ({ page }) => {
    await page.goto('/');
    await expectCategoriesLoaded(page, 'fr');

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });

  test('switching to Arabic goes right-to-left and survives a reload', async ({ page }) => {
    await page.goto('/');
    await expectCategoriesLoaded(page, 'fr');

    await switchLanguage(page, 'ar');

    await expect(page.locator('html[dir="rtl"][lang="ar"]')).toHaveCount(1);
    await expect(page).toHaveTitle('خدمات منزلية · Khadamat');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('اعثر على مهني بالقرب منك');
    let list = await expectCategoriesLoaded(page, 'ar');
    await expect(list.getByText('سباكة', { exact: true })).toBeVisible();
    await expect(list.getByText('تنظيف', { exact: true })).toBeVisible();
    await expect(list.getByText('Plomberie', { exact: true })).toHaveCount(0);
    await expect(page).toHaveURL('/ar');
    expect((await page.context().cookies()).find((c) => c.name === 'khadamat_locale')?.value).toBe('ar');

    await page.reload();

    await expect(page.locator('html[dir="rtl"][lang="ar"]')).toHaveCount(1);
    await expect(languageSelect(page)).toHaveValue('ar');
    list = await expectCategoriesLoaded(page, 'ar');
    await expect(list.getByText('سباكة', { exact: true })).toBeVisible();
  });

  test('English works and switching back to French restores left-to-right', async ({ page }) => {
    await page.goto('/');
    await expectCategoriesLoaded(page, 'fr');

    await switchLanguage(page, 'en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page).toHaveTitle('Home services · Khadamat');
    const list = await expectCategoriesLoaded(page, 'en');
    await expect(list.getByText('Plumbing', { exact: true })).toBeVisible();
    await expect(list.getByText('Cleaning', { exact: true })).toBeVisible();

    await switchLanguage(page, 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await switchLanguage(page, 'fr');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(categoriesList(page, 'fr').getByText('Plomberie', { exact: true })).toBeVisible();
  });

  test('an unknown saved language falls back to the browser’s (French here)', async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: 'khadamat_locale', value: 'xx', url: baseURL! }]);
    await page.goto('/');

    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expectCategoriesLoaded(page, 'fr');
  });
});
