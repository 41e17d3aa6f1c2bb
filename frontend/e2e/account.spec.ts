import { expect, test } from '@playwright/test';
import { newPerson, signInWithForm, signUpViaApi } from './accounts';
import { switchLanguage, waitForHydration } from './app';

test.describe('account page', () => {
  test('signed-out visitors are sent to sign in, then brought back', async ({ page, request }) => {
    const person = newPerson('account-guard');
    await signUpViaApi(request, person); // the browser stays signed out

    await page.goto('/account');
    await expect(page).toHaveURL('/fr/sign-in?next=%2Faccount');
    await signInWithForm(page, person);
    await expect(page).toHaveURL('/fr/account');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');

    // The same for the phone verification page
    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    await page.goto('/verify-phone');
    await expect(page).toHaveURL('/fr/sign-in?next=%2Fverify-phone');
  });

  test('profile: the name changes everywhere; a new phone number must be verified again; a taken one is refused', async ({
    page,
    request,
  }) => {
    test.slow();
    const person = newPerson('account-profile');
    const other = newPerson('account-profile-other');
    await signUpViaApi(page.request, person);
    await signUpViaApi(request, other);

    await page.goto('/account');
    const profile = page.getByRole('region', { name: 'Profil' });
    await expect(profile.getByLabel('Nom complet')).toHaveValue(person.name);
    await expect(profile.getByLabel('Téléphone mobile')).toHaveValue(person.phone);
    await expect(profile.getByLabel('Téléphone mobile')).toHaveAccessibleDescription(/vous devrez vérifier le nouveau par SMS/);
    await expect(profile.getByLabel('Langue des e-mails et SMS')).toHaveValue('fr');
    await expect(profile).toContainText(person.email);
    await expect(profile.getByText('Adresse confirmée')).toBeVisible(); // signUpViaApi followed the mailed link

    // A number another account uses
    await profile.getByLabel('Téléphone mobile').fill(other.phone);
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(profile.getByLabel('Téléphone mobile')).toHaveAttribute('aria-invalid', 'true');
    await expect(profile.getByLabel('Téléphone mobile')).toHaveAccessibleDescription(/Un compte utilise déjà ce numéro de téléphone\./);
    await expect(profile.getByLabel('Téléphone mobile')).toBeFocused();

    // A new name, a new number, English mails
    const newPhone = newPerson('account-profile-new').phone;
    await profile.getByLabel('Nom complet').fill('Yasmine El Idrissi');
    await profile.getByLabel('Téléphone mobile').fill(newPhone);
    await profile.getByLabel('Langue des e-mails et SMS').selectOption('en');
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(profile.getByRole('status')).toContainText('Vos modifications sont enregistrées.');
    await expect(profile.getByRole('link', { name: 'Vérifiez maintenant votre nouveau numéro.' })).toHaveAttribute(
      'href',
      '/fr/verify-phone',
    );
    await expect(page.getByRole('banner')).toContainText('Yasmine El Idrissi');
    await expect(profile.getByText('Numéro non vérifié')).toBeVisible();

    const session = await page.request.get('/api/auth/session');
    const { user } = (await session.json()) as { user: { name: string; phone: string; locale: string; phoneVerified: boolean } };
    expect(user).toMatchObject({ name: 'Yasmine El Idrissi', phone: newPhone, locale: 'en', phoneVerified: false });
  });

  test("the language switch changes a signed-in member's saved language", async ({ page }) => {
    const person = newPerson('account-switch-locale');
    await signUpViaApi(page.request, person);
    const savedLocale = async () => {
      const { user } = (await (await page.request.get('/api/auth/session')).json()) as { user: { locale: string } };
      return user.locale;
    };
    expect(await savedLocale()).toBe('fr');

    await page.goto('/fr/account');
    await waitForHydration(page);
    await switchLanguage(page, 'ar');
    await expect.poll(savedLocale).toBe('ar');
    // The profile form follows: saving it does not put French back
    const profile = page.getByRole('region', { name: 'الملف الشخصي' });
    await expect(profile.locator('select[name=locale]')).toHaveValue('ar');
    await profile.getByRole('button', { name: 'حفظ' }).click();
    await expect(profile.getByRole('status')).toContainText('لا توجد تغييرات لحفظها.');
    expect(await savedLocale()).toBe('ar');

    // A URL without a language now lands in the saved one, even with the switch's cookie gone
    await page.context().clearCookies({ name: 'khadamat_locale' });
    await page.goto('/search');
    await expect(page).toHaveURL(/\/ar\/search$/);
  });

  test('password change keeps this session and ends the others; sessions can be signed out one by one', async ({
    page,
    playwright,
    baseURL,
  }) => {
    test.slow();
    const person = newPerson('account-password');
    await signUpViaApi(page.request, person);
    // Another device: its own cookie jar
    const phone = await playwright.request.newContext({ baseURL, userAgent: 'Mozilla/5.0 (Linux; Android 14) Firefox/130.0' });
    const tablet = await playwright.request.newContext({
      baseURL,
      userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1',
    });
    for (const device of [phone, tablet]) {
      expect((await device.post('/api/auth/sign-in', { data: { email: person.email, password: person.password } })).status()).toBe(200);
    }

    await page.goto('/account');
    const sessions = page.getByRole('list', { name: 'Sessions ouvertes' });
    await expect(sessions.getByRole('listitem')).toHaveCount(3);
    const current = sessions.getByRole('listitem').filter({ hasText: 'Cet appareil' });
    await expect(current).toHaveCount(1);

    // Sign out the phone only
    const phoneItem = sessions.getByRole('listitem').filter({ hasText: 'Firefox · Android' });
    await phoneItem.getByRole('button', { name: 'Déconnecter' }).click();
    await expect(page.getByRole('status')).toHaveText('La session a été déconnectée.');
    await expect(sessions.getByRole('listitem')).toHaveCount(2);
    expect((await phone.get('/api/auth/session')).status()).toBe(401);
    expect((await tablet.get('/api/auth/session')).status()).toBe(200);

    // Change the password: a wrong current one first
    const section = page.getByRole('region', { name: 'Mot de passe' });
    await section.getByLabel('Mot de passe actuel').fill('not-my-password');
    await section.getByLabel('Nouveau mot de passe').fill(`${person.password}-2`);
    await section.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(section.getByLabel('Mot de passe actuel')).toHaveAccessibleDescription('Mot de passe incorrect.');
    await expect(section.getByLabel('Mot de passe actuel')).toBeFocused();

    await section.getByLabel('Mot de passe actuel').fill(person.password);
    await section.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect(section.getByRole('status')).toHaveText('Mot de passe changé. Vos autres sessions ont été fermées.');
    await expect(sessions.getByRole('listitem')).toHaveCount(1);
    expect((await tablet.get('/api/auth/session')).status()).toBe(401);
    expect((await page.request.get('/api/auth/session')).status()).toBe(200);

    await phone.dispose();
    await tablet.dispose();
  });

  test('sign out everywhere ends this session too', async ({ page }) => {
    const person = newPerson('account-everywhere');
    await signUpViaApi(page.request, person);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();
    expect((await page.request.get('/api/auth/session')).status()).toBe(401);
  });

  test('deleting the account needs the password, then signs out for good', async ({ page }) => {
    test.slow();
    const person = newPerson('account-delete');
    await signUpViaApi(page.request, person);
    await page.goto('/account');

    const danger = page.getByRole('region', { name: 'Supprimer mon compte' });
    await danger.getByLabel('Mot de passe').fill('wrong-password');
    await danger.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await expect(danger.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
    await expect(danger.getByLabel('Mot de passe')).toHaveAccessibleDescription('Mot de passe incorrect.');

    await danger.getByLabel('Mot de passe').fill(person.password);
    await danger.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await expect(page).toHaveURL('/fr/account/deleted');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre compte a été supprimé');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Se connecter' })).toBeVisible();

    await page.goto('/sign-in');
    await signInWithForm(page, person);
    await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect.');
  });
});
