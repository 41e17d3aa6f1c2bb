import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import type { Locale } from './app';
import { newPerson, signUpViaApi, useLocaleFromStart } from './accounts';

// Every page of the accounts area, in French and in Arabic (the admin pages are checked in
// both languages along the admin journeys in admin.spec.ts).

const headings: Record<'fr' | 'ar', Record<string, string>> = {
  fr: {
    '/sign-up': 'Créer votre compte',
    '/sign-in': 'Se connecter',
    '/forgot-password': 'Mot de passe oublié',
    '/reset-password?token=not-a-real-token-0000000000': 'Choisir un nouveau mot de passe',
    '/verify-email?token=not-a-real-token-0000000000': 'Lien non valide',
    '/account/deleted': 'Votre compte a été supprimé',
    '/check-email': 'Confirmez votre adresse e-mail',
    '/verify-phone': 'Vérifier votre numéro de téléphone',
    '/account': 'Mon compte',
  },
  ar: {
    '/sign-up': 'أنشئ حسابك',
    '/sign-in': 'تسجيل الدخول',
    '/forgot-password': 'نسيت كلمة المرور؟',
    '/reset-password?token=not-a-real-token-0000000000': 'اختر كلمة مرور جديدة',
    '/verify-email?token=not-a-real-token-0000000000': 'رابط غير صالح',
    '/account/deleted': 'تم حذف حسابك',
    '/check-email': 'أكِّد بريدك الإلكتروني',
    '/verify-phone': 'تحقّق من رقم هاتفك',
    '/account': 'حسابي',
  },
};

const publicPages = [
  '/sign-up',
  '/sign-in',
  '/forgot-password',
  '/reset-password?token=not-a-real-token-0000000000',
  '/verify-email?token=not-a-real-token-0000000000',
  '/account/deleted',
];
const memberPages = ['/check-email', '/verify-phone', '/account'];

async function expectPage(page: Page, locale: 'fr' | 'ar', path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(headings[locale][path]!);
  // Pages that load data: wait until they have settled
  await expect(page.getByRole('status').filter({ hasText: /…$/ })).toHaveCount(0);
  await expectNoAxeViolations(page, `${path}, ${locale}`);
}

for (const locale of ['fr', 'ar'] as const satisfies Locale[]) {
  test.describe(`accounts pages are accessible (${locale})`, () => {
    test.beforeEach(async ({ page }) => {
      await useLocaleFromStart(page, locale);
    });

    test('public pages', async ({ page }) => {
      test.slow();
      for (const path of publicPages) await expectPage(page, locale, path);
    });

    test('signed-in pages', async ({ page }) => {
      test.slow();
      await signUpViaApi(page.request, newPerson(`a11y-${locale}`), { locale });
      for (const path of memberPages) await expectPage(page, locale, path);
    });

    test('a form with errors', async ({ page }) => {
      await page.goto('/sign-in');
      await page.getByRole('main').getByRole('button').first().click();
      await expect(page.locator('[aria-invalid="true"]')).toHaveCount(2);
      await expectNoAxeViolations(page, `sign-in with errors, ${locale}`);
    });
  });
}
