import { expect, type Locator, type Page } from '@playwright/test';

/** Shared page helpers for the specs; texts come from src/lib/i18n. */
export type Locale = 'fr' | 'ar' | 'en';

export const categoriesHeading: Record<Locale, string> = {
  fr: 'Catégories de services',
  ar: 'فئات الخدمات',
  en: 'Service categories',
};

/** The language `<select>`, whatever the current language. */
export function languageSelect(page: Page): Locator {
  return page.getByRole('combobox', { name: /^(Langue|اللغة|Language)$/ });
}

export function categoriesList(page: Page, locale: Locale): Locator {
  return page.getByRole('list', { name: categoriesHeading[locale], exact: true });
}

export async function switchLanguage(page: Page, locale: Locale): Promise<void> {
  await languageSelect(page).selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

/** Waits for the category list to be rendered from the API. */
export async function expectCategoriesLoaded(page: Page, locale: Locale): Promise<Locator> {
  const list = categoriesList(page, locale);
  await expect(list).toBeVisible();
  return list;
}

/** Waits until the app runs on a server-rendered page (before, links and forms are plain HTML). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * The home page as the browser renders it itself (after a navigation inside the app), so that
 * what the test fakes of the API in the browser is what the page shows; the server-rendered
 * home carries the real categories.
 */
export async function openHomeInTheBrowser(page: Page): Promise<void> {
  await page.goto('/search');
  await waitForHydration(page);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accueil' }).click();
  await expect(page).toHaveURL('/fr');
}
