import { expect, test, type Locator } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { newPerson, signUpViaApi, useLocaleFromStart, waitForMessage } from './accounts';

/** The field is invalid and names its error message through aria-describedby. */
async function expectFieldError(field: Locator, message: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
}

test.describe('sign-up errors', () => {
  test('an invalid phone and a common password show inline errors, focused and described', async ({ page }) => {
    const person = newPerson('sign-up-errors');
    await page.goto('/sign-up');
    const phone = page.getByLabel('Téléphone mobile');
    const password = page.getByLabel('Mot de passe', { exact: true });
    await page.getByLabel('Nom complet').fill(person.name);
    await page.getByLabel('Adresse e-mail').fill(person.email);
    await phone.fill('0612345678'); // national format: the API wants E.164
    await password.fill('password123');

    // The phone is refused before anything is sent
    let signUpRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/sign-up')) signUpRequests += 1;
    });
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expectFieldError(phone, /Saisissez le numéro au format international/);
    await expect(phone).toBeFocused();
    await expect(password).not.toHaveAttribute('aria-invalid');
    expect(signUpRequests).toBe(0);

    // The common password is refused by the API (PASSWORD_REJECTED), shown next to the field
    await phone.fill(person.phone);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expectFieldError(password, /Ce mot de passe est trop courant ou trop facile à deviner/);
    await expect(password).toBeFocused();
    await expect(phone).not.toHaveAttribute('aria-invalid');
    expect(signUpRequests).toBe(1);
    // The rules stay readable with the error
    await expect(password).toHaveAccessibleDescription(/contenir de 8 à 128 caractères/);
    await expectNoAxeViolations(page, 'sign-up with errors, fr');

    // Still signed out, still on the form
    await expect(page).toHaveURL('/fr/sign-up');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
  });

  test('an address already in use gets the same answer as a new one (its owner gets a mail), and the button waits for the answer', async ({
    page,
    request,
  }) => {
    const taken = newPerson('sign-up-taken');
    await signUpViaApi(request, taken);
    const person = newPerson('sign-up-taken-2');

    await page.goto('/sign-up');
    await page.getByLabel('Nom complet').fill(person.name);
    await page.getByLabel('Adresse e-mail').fill(taken.email.toUpperCase()); // addresses are compared case-insensitively
    await page.getByLabel('Téléphone mobile').fill(person.phone);
    await page.getByLabel('Mot de passe', { exact: true }).fill(person.password);

    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/auth/sign-up', async (route) => {
      await released;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    const pending = page.getByRole('button', { name: 'Création du compte…' });
    await expect(pending).toBeDisabled();
    await expect(pending).toHaveAttribute('aria-busy', 'true');
    release();

    // Nothing says the address is taken: the page is the one a new address gets
    await expect(page.getByRole('heading', { name: 'Consultez votre boîte mail' })).toBeFocused();
    await expect(page.getByRole('main')).toContainText(taken.email);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expectNoAxeViolations(page, 'sign-up sent, fr');
    // The owner of the address is told instead, by mail
    await waitForMessage(request, taken.email, (m) => m.subject === 'Vous avez déjà un compte Khadamat');

    // Sending again answers the same; another address brings the form back
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Renvoyer l’e-mail' }).click();
    await expect(page.getByRole('status')).toHaveText('Un nouvel e-mail vient d’être envoyé.');
    await page.getByRole('button', { name: 'Utiliser une autre adresse' }).click();
    await expect(page.getByRole('button', { name: 'Créer mon compte' })).toBeEnabled();
  });

  for (const [locale, words] of [
    [
      'ar',
      {
        name: 'الاسم الكامل',
        email: 'البريد الإلكتروني',
        phone: 'الهاتف المحمول',
        password: 'كلمة المرور',
        submit: 'إنشاء حسابي',
        sent: 'تفقّد بريدك الإلكتروني',
      },
    ],
    [
      'en',
      {
        name: 'Full name',
        email: 'Email address',
        phone: 'Mobile phone',
        password: 'Password',
        submit: 'Create my account',
        sent: 'Check your email',
      },
    ],
  ] as const) {
    test(`the "check your email" state in ${locale} is axe clean`, async ({ page }) => {
      const person = newPerson(`sign-up-sent-${locale}`);
      await useLocaleFromStart(page, locale);
      await page.goto('/sign-up');
      await page.getByLabel(words.name).fill(person.name);
      await page.getByLabel(words.email).fill(person.email);
      await page.getByLabel(words.phone).fill(person.phone);
      await page.getByLabel(words.password, { exact: true }).fill(person.password);
      await page.getByRole('button', { name: words.submit }).click();
      await expect(page.getByRole('heading', { name: words.sent })).toBeFocused();
      await expect(page.getByRole('main')).toContainText(person.email);
      await expectNoAxeViolations(page, `sign-up sent, ${locale}`);
    });
  }

  test('VALIDATION_FAILED details from the API land on their fields', async ({ page }) => {
    const person = newPerson('sign-up-validation');
    // The form checks the same schema first; this stands for an API stricter than the client.
    await page.route('**/api/auth/sign-up', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Request is not valid',
            requestId: 'req-e2e-validation',
            details: [
              { path: '/phone', message: 'Phone number must be in international format, e.g. +212612345678' },
              { path: '/name', message: 'Too big' },
            ],
          },
        }),
      }),
    );
    await page.goto('/sign-up');
    await page.getByLabel('Nom complet').fill(person.name);
    await page.getByLabel('Adresse e-mail').fill(person.email);
    await page.getByLabel('Téléphone mobile').fill(person.phone);
    await page.getByLabel('Mot de passe', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    const name = page.getByLabel('Nom complet');
    await expectFieldError(name, 'Indiquez votre nom (100 caractères au plus).');
    await expectFieldError(page.getByLabel('Téléphone mobile'), /format international/);
    await expect(name).toBeFocused(); // the first invalid field, in reading order
    await expect(page.getByLabel('Adresse e-mail')).not.toHaveAttribute('aria-invalid');
  });

  test('the Arabic sign-up page is right-to-left, in Arabic, and axe clean with and without errors', async ({ page }) => {
    await useLocaleFromStart(page, 'ar');
    await page.goto('/sign-up');

    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page).toHaveTitle('إنشاء حساب · Khadamat');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('أنشئ حسابك');
    await expect(page.getByRole('group', { name: 'أنت…' }).getByRole('radio', { name: 'عميل' })).toBeChecked();
    // The language of mails defaults to the language of the page
    await expect(page.getByLabel('لغة الرسائل الإلكترونية والنصية')).toHaveValue('ar');
    await expectNoAxeViolations(page, 'sign-up, ar');

    await page.getByLabel('الهاتف المحمول').fill('0612');
    await page.getByRole('button', { name: 'إنشاء حسابي' }).click();
    const name = page.getByLabel('الاسم الكامل');
    await expectFieldError(name, 'أدخل اسمك (100 حرف كحد أقصى).'); // no hint: the error is the whole description
    await expect(name).toBeFocused();
    await expectFieldError(page.getByLabel('الهاتف المحمول'), /أدخل الرقم بالصيغة الدولية/);
    await expectFieldError(page.getByLabel('كلمة المرور', { exact: true }), /يجب أن تتكوّن كلمة المرور من 8 أحرف على الأقل\.$/);
    await expectNoAxeViolations(page, 'sign-up with errors, ar');
  });
});
