import { expect, test } from '@playwright/test';
import { codeInSms, linkInMail, newPerson, signInWithForm, spacedPhone, waitForMessage } from './accounts';

test('a person signs up in French, confirms the email from the mail (which signs in), signs in again and verifies the phone by SMS', async ({
  page,
}) => {
  test.slow(); // a whole journey: two argon2 sign-ins, a mail and an SMS
  const person = newPerson('sign-up-flow');
  const banner = page.getByRole('banner');

  // Sign up
  await page.goto('/');
  await banner.getByRole('link', { name: 'Créer un compte' }).click();
  await expect(page).toHaveURL('/fr/sign-up');
  await expect(page).toHaveTitle('Créer un compte · Khadamat');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer votre compte');

  const roles = page.getByRole('group', { name: 'Vous êtes…' });
  await expect(roles.getByRole('radio', { name: 'Client' })).toBeChecked();
  await roles.getByRole('radio', { name: 'Prestataire' }).check();
  await page.getByLabel('Nom complet').fill(person.name);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Téléphone mobile').fill(spacedPhone(person.phone)); // typed with spaces, sent as E.164
  await page.getByLabel('Mot de passe', { exact: true }).fill(person.password);
  await expect(page.getByLabel('Langue des e-mails et SMS')).toHaveValue('fr');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  // "Check your email": no session yet, the same page whatever the address
  await expect(page.getByRole('heading', { name: 'Consultez votre boîte mail' })).toBeFocused();
  await expect(page).toHaveURL('/fr/sign-up');
  await expect(page.getByRole('main')).toContainText(person.email);
  await expect(banner.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(banner).not.toContainText(person.name);

  // The confirmation mail arrives in the local inbox; its link opens the app, confirms the address and signs in
  const mail = await waitForMessage(page.request, person.email, (m) => m.channel === 'email');
  expect(mail.subject).toBe('Confirmez votre adresse e-mail');
  await page.goto(linkInMail(mail, '/verify-email'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Adresse e-mail confirmée');
  await expect(page.getByText('Merci ! Votre adresse e-mail est vérifiée.')).toBeVisible();
  await expect(banner).toContainText(person.name);
  await expect(page.getByRole('main').getByRole('link', { name: 'Aller à mon compte' })).toBeVisible();

  // Sign out
  await banner.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL('/fr');
  await expect(banner.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(banner).not.toContainText(person.name);

  // Sign in
  await banner.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL('/fr/sign-in');
  await signInWithForm(page, person);
  await expect(page).toHaveURL('/fr');
  await expect(banner).toContainText(person.name);

  // Verify the phone with the code from the SMS
  await banner.getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL('/fr/account');
  await expect(page.getByText('Adresse confirmée')).toBeVisible();
  await expect(page.getByText('Numéro non vérifié')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Vérifier mon numéro' }).click();
  await expect(page).toHaveURL('/fr/verify-phone');
  await expect(page.getByRole('main')).toContainText(person.phone);
  await page.getByRole('button', { name: 'Envoyer le code' }).click();
  await expect(page.getByRole('status')).toHaveText('Code envoyé. Il est valable 10 minutes.');
  await expect(page.getByLabel('Code à 6 chiffres')).toBeFocused();

  const sms = await waitForMessage(page.request, person.phone, (m) => m.channel === 'sms');
  expect(sms.text).toContain('Khadamat : votre code de vérification est');
  await page.getByLabel('Code à 6 chiffres').fill(codeInSms(sms));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Votre numéro de téléphone est vérifié : ${person.phone}` })).toBeVisible();

  await page.getByRole('link', { name: 'Aller à mon compte' }).click();
  await expect(page.getByText('Numéro vérifié', { exact: true })).toBeVisible();

  // Sign out (from a page that needs a session: it must not bounce to the sign-in page)
  await banner.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL('/fr');
  await expect(banner.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL('/fr/sign-in?next=%2Faccount');
});
