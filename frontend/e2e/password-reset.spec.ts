import { expect, test } from '@playwright/test';
import { linkInMail, newPerson, signInWithForm, signUpViaApi, waitForMessage } from './accounts';

test('forgot password: the mailed link sets a new password, which signs in; the link then no longer works', async ({ page, request }) => {
  test.slow(); // several argon2 hashes and a mail
  const person = newPerson('reset');
  await signUpViaApi(request, person); // through the `request` fixture: the browser stays signed out
  const newPassword = `${person.password}-new`;
  const banner = page.getByRole('banner');

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await expect(page).toHaveURL('/fr/forgot-password');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeFocused();
  await expect(page.getByText('Si un compte existe pour cette adresse')).toBeVisible();

  const mail = await waitForMessage(page.request, person.email, (m) => m.subject === 'Réinitialisation de votre mot de passe');
  const link = linkInMail(mail, '/reset-password');

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choisir un nouveau mot de passe');
  await page.getByLabel('Nouveau mot de passe').fill(newPassword);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('heading', { name: 'Mot de passe modifié' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();

  // The old password no longer works; the new one does
  await signInWithForm(page, person);
  await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect.');
  await expect(page.getByRole('alert')).toBeFocused();
  await signInWithForm(page, { email: person.email, password: newPassword });
  await expect(page).toHaveURL('/fr');
  await expect(banner).toContainText(person.name);

  // The same link a second time: refused (single use)
  await page.goto(link);
  await page.getByLabel('Nouveau mot de passe').fill(`${newPassword}-again`);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('heading', { name: 'Lien non valide' })).toBeVisible();
  await expect(page.getByText('Ce lien de réinitialisation n’est pas valide, a expiré ou a déjà servi.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute('href', '/fr/forgot-password');
});

test('asking for a reset of an unknown address says the same as for a known one', async ({ page }) => {
  await page.goto('/forgot-password');
  await page.getByLabel('Adresse e-mail').fill(`nobody-${Date.now()}@example.com`);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeVisible();
});

test('a reset link without a token shows the invalid-link message', async ({ page }) => {
  await page.goto('/reset-password');
  await expect(page.getByRole('heading', { name: 'Lien non valide' })).toBeVisible();
});
