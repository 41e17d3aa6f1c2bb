import { expect, test, type Page } from '@playwright/test';
import { codeInSms, newPerson, signUpViaApi, waitForMessage, type Person } from './accounts';
import { expectNoAxeViolations } from './axe';
import { switchLanguage } from './app';
import { adminApi, adminPage, createAdminAccount, documentPng } from './kyc';

/** axe in French, Arabic (right to left) and English, then back to French. */
async function expectAccessibleInAllLanguages(page: Page, context: string): Promise<void> {
  await expectNoAxeViolations(page, `${context}, fr`);
  await switchLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectNoAxeViolations(page, `${context}, ar`);
  await switchLanguage(page, 'en');
  await expectNoAxeViolations(page, `${context}, en`);
  await switchLanguage(page, 'fr');
}

/** A new provider, signed in in this browser, email and phone verified: what selling needed before identity checks. */
async function newProvider(page: Page, label: string): Promise<Person & { csrf: string }> {
  // A name of its own: the admin finds this provider's file by it in the queue.
  const person = newPerson(label, `Rachid Ouazzani ${Date.now().toString(36)}`);
  const { csrfToken } = await signUpViaApi(page.request, person, { role: 'provider' });
  await page.goto('/verify-phone');
  await page.getByRole('button', { name: 'Envoyer le code' }).click();
  const sms = await waitForMessage(page.request, person.phone, (m) => m.channel === 'sms');
  await page.getByLabel('Code à 6 chiffres').fill(codeInSms(sms));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Votre numéro de téléphone est vérifié/ })).toBeVisible();
  return { ...person, csrf: csrfToken };
}

/** A published service of this provider, through the API (the services spec covers the form). */
async function publishService(page: Page, csrf: string, title: string): Promise<void> {
  const headers = { 'x-csrf-token': csrf };
  const tree = (await (await page.request.get('/api/categories')).json()) as { categories: { children: { id: string; slug: string }[] }[] };
  const category = tree.categories.flatMap((c) => c.children).find((c) => c.slug === 'leak-repair')!;
  const { cities } = (await (await page.request.get('/api/cities')).json()) as { cities: { id: string; slug: string }[] };
  const created = await page.request.post('/api/me/services', {
    headers,
    data: {
      categoryId: category.id,
      cityId: cities.find((c) => c.slug === 'rabat')!.id,
      title,
      description: 'Intervention rapide, matériel fourni.',
      priceModel: 'fixed',
      priceMinor: 18_000,
      durationMinutes: 60,
      translations: {},
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/me/services/${id}/publish`, { headers })).status()).toBe(200);
}

/** The identity step: both sides of the ID card and a selfie, each with its progress bar, then on. */
async function uploadIdentity(page: Page, shade = 90) {
  const step = page.getByRole('region', { name: 'Pièce d’identité' });
  for (const [i, label] of ['Carte d’identité (recto)', 'Carte d’identité (verso)', 'Selfie'].entries()) {
    await step
      .getByLabel(`${label} : choisir un fichier`)
      .setInputFiles({ name: `doc-${i}.png`, mimeType: 'image/png', buffer: documentPng(shade + i * 30) });
    await expect(step.getByRole('status').nth(i)).toHaveText('Document ajouté.');
  }
  await step.getByRole('button', { name: 'Étape suivante' }).click();
}

async function openFile(admin: Page, name: string) {
  await admin.goto('/admin/kyc');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Vérification des prestataires');
  await admin
    .getByRole('link', { name: `Examiner — ${name}` })
    .first()
    .click();
  await expect(admin.getByRole('heading', { name: 'Documents' })).toBeVisible();
}

test.describe('provider verification', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a new provider completes onboarding, an admin approves, and the provider’s services appear in search', async ({
    page,
    browser,
    baseURL,
  }) => {
    const provider = await newProvider(page, 'kyc-approve');
    const title = `Détartrage chauffe-eau ${Date.now().toString(36)}`;
    await publishService(page, provider.csrf, title);
    // Email and phone verified, service published: not listed before the identity check.
    await page.goto(`/search?${new URLSearchParams({ q: title }).toString()}`);
    await expect(page.getByText('Aucun service ne correspond à votre recherche.')).toBeVisible();

    await page.goto('/provider/onboarding');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre dossier de prestataire');
    await expectAccessibleInAllLanguages(page, 'onboarding, profile step');
    const profile = page.getByRole('region', { name: 'Profil public' });
    await profile.getByLabel('Présentation').fill('Plombier depuis dix ans, détartrage et réparation de chauffe-eau à Rabat.');
    await profile.getByLabel('Compétences').fill('plomberie, chauffe-eau');
    await profile.getByLabel('Ville principale').selectOption({ label: 'Rabat' });
    await profile.getByLabel('Années d’expérience').fill('10');
    await profile.getByRole('button', { name: 'Enregistrer le profil' }).click();

    await expect(page.getByRole('region', { name: 'Pièce d’identité' })).toBeVisible();
    await expectAccessibleInAllLanguages(page, 'onboarding, identity step');
    // The wizard resumes where it was left: after a reload, at the identity step.
    await page.reload();
    await expect(page.getByRole('region', { name: 'Pièce d’identité' })).toBeVisible();
    await uploadIdentity(page);
    await page.getByRole('region', { name: 'Qualifications (facultatif)' }).getByRole('button', { name: 'Passer cette étape' }).click();
    await page.getByRole('region', { name: 'Paiements' }).getByRole('button', { name: 'Étape suivante' }).click();
    const send = page.getByRole('region', { name: 'Envoi' });
    await expect(send).toContainText('Votre dossier est complet.');
    await send.getByRole('button', { name: 'Envoyer mon dossier' }).click();

    await expect(page).toHaveURL('/fr/provider/verification');
    await expect(page.getByTestId('kyc-status')).toHaveText('Envoyé');
    await expectAccessibleInAllLanguages(page, 'verification status');

    const adminAccount = createAdminAccount('approve');
    const enrolled = await adminApi(baseURL!, adminAccount);
    const admin = await adminPage(browser, baseURL!, adminAccount, enrolled);
    await admin.goto('/admin/kyc');
    await expectAccessibleInAllLanguages(admin, 'admin review queue');
    await openFile(admin, provider.name);
    await admin.getByRole('button', { name: 'Commencer l’examen' }).click();
    await expect(admin.getByTestId('kyc-status')).toHaveText('En cours d’examen');
    // Documents side by side, each image loaded through its short-lived link.
    const images = admin
      .getByRole('list')
      .filter({ has: admin.getByRole('img') })
      .getByRole('img');
    await expect(images).toHaveCount(3);
    await expect.poll(() => images.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expectAccessibleInAllLanguages(admin, 'admin decision page');
    // Approving needs every check.
    await admin.getByRole('button', { name: 'Approuver' }).click();
    await expect(admin.getByRole('alert')).toContainText('Cochez chaque contrôle avant d’approuver.');
    for (const check of [
      'Les documents sont lisibles et complets',
      'Le nom correspond à celui du compte',
      'Le selfie correspond à la photo de la pièce',
      'La pièce n’est pas expirée',
    ]) {
      await admin.getByLabel(check).check();
    }
    await admin.getByRole('button', { name: 'Approuver' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Décision enregistrée : Vérifié.' })).toBeVisible();
    await expect(admin.getByTestId('kyc-status')).toHaveText('Vérifié');
    await admin.context().close();
    await enrolled.api.dispose();

    await page.goto('/provider/verification');
    await expect(page.getByTestId('kyc-status')).toHaveText('Vérifié');
    await page.goto(`/search?${new URLSearchParams({ q: title }).toString()}`);
    const card = page.locator('.service-card').filter({ has: page.getByRole('heading', { name: title }) });
    await expect(card).toBeVisible();
    await expect(card.getByRole('list', { name: 'Badges' })).toContainText('Identité vérifiée');
    await expect(card.getByRole('list', { name: 'Badges' })).toContainText('Téléphone vérifié');
  });

  test('a rejection with a reason, then a corrected resubmission', async ({ page, browser, baseURL }) => {
    const provider = await newProvider(page, 'kyc-reject');
    await page.goto('/provider/onboarding');
    const profile = page.getByRole('region', { name: 'Profil public' });
    await profile.getByLabel('Présentation').fill('Électricien, dépannages et mises aux normes à Casablanca.');
    await profile.getByLabel('Compétences').fill('électricité');
    await profile.getByLabel('Ville principale').selectOption({ label: 'Casablanca' });
    await profile.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await uploadIdentity(page, 60);
    await page.getByRole('button', { name: /^5\. Envoi/ }).click();
    await page.getByRole('region', { name: 'Envoi' }).getByRole('button', { name: 'Envoyer mon dossier' }).click();
    await expect(page.getByTestId('kyc-status')).toHaveText('Envoyé');

    const adminAccount = createAdminAccount('reject');
    const enrolled = await adminApi(baseURL!, adminAccount);
    const admin = await adminPage(browser, baseURL!, adminAccount, enrolled);
    await openFile(admin, provider.name);
    await admin.getByRole('button', { name: 'Commencer l’examen' }).click();
    const reason = 'La photo du recto est floue, merci de la reprendre.';
    await admin.getByLabel('Motif du refus (lu par le prestataire)').fill(reason);
    await admin.getByRole('button', { name: 'Refuser' }).click();
    await expect(admin.getByTestId('kyc-status')).toHaveText('Refusé');

    // The provider reads the reason (and got it by mail), corrects the front side, sends again.
    await page.goto('/provider/verification');
    await expect(page.getByTestId('kyc-status')).toHaveText('Refusé');
    await expect(page.getByTestId('kyc-reason')).toHaveText(reason);
    await waitForMessage(page.request, provider.email, (m) => m.channel === 'email' && m.text.includes(reason));
    await page.getByRole('link', { name: 'Corriger et renvoyer mon dossier' }).click();
    await page.getByRole('button', { name: /^2\. Pièce d’identité/ }).click();
    const identity = page.getByRole('region', { name: 'Pièce d’identité' });
    await identity
      .getByLabel('Carte d’identité (recto) : choisir un fichier')
      .setInputFiles({ name: 'recto.png', mimeType: 'image/png', buffer: documentPng(220) });
    await expect(identity.getByRole('status').first()).toHaveText('Document ajouté.');
    await page.getByRole('button', { name: /^5\. Envoi/ }).click();
    await page.getByRole('region', { name: 'Envoi' }).getByRole('button', { name: 'Renvoyer mon dossier' }).click();
    await expect(page.getByTestId('kyc-status')).toHaveText('Envoyé');

    await openFile(admin, provider.name);
    await expect(admin.getByTestId('kyc-status')).toHaveText('Envoyé');
    await admin.context().close();
    await enrolled.api.dispose();
  });
});
