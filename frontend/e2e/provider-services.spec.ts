import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { codeInSms, newPerson, signUpViaApi, waitForMessage, type Person } from './accounts';
import { expectNoAxeViolations } from './axe';
import { switchLanguage } from './app';
import { adminApi, createAdminAccount, verifyIdentityViaApi } from './kyc';

// Only providers whose identity was verified sell: an admin approves each one's file.
let adminClient: Awaited<ReturnType<typeof adminApi>>;
test.beforeAll(async ({ baseURL }) => {
  adminClient = await adminApi(baseURL!, createAdminAccount('services'));
});
test.afterAll(async () => adminClient.api.dispose());

/** A small valid PNG (RGB gradient) made here, so the test needs no fixture file. */
function makePng(width = 64, height = 48): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = -1;
    for (const byte of bytes) c = table[(c ^ byte) & 255]! ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = y * (width * 3 + 1) + 1 + x * 3;
      raw[offset] = x * 4;
      raw[offset + 1] = y * 5;
      raw[offset + 2] = 150;
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A provider signed in in this browser, with a verified email (inbox link, followed by signUpViaApi) and phone (SMS code). */
async function verifiedProvider(page: Page): Promise<Person> {
  const person = newPerson('provider', 'Youssef Alaoui');
  await signUpViaApi(page.request, person, { role: 'provider' });

  await page.goto('/verify-phone');
  await page.getByRole('button', { name: 'Envoyer le code' }).click();
  const sms = await waitForMessage(page.request, person.phone, (m) => m.channel === 'sms');
  await page.getByLabel('Code à 6 chiffres').fill(codeInSms(sms));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Votre numéro de téléphone est vérifié : ${person.phone}` })).toBeVisible();
  await verifyIdentityViaApi(page.request, adminClient);
  return person;
}

async function createService(page: Page, title: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Nouveau service' });
  await form.getByLabel('Catégorie').selectOption({ label: 'Réparation de fuites' });
  await form.getByLabel('Ville').selectOption({ label: 'Rabat' });
  await form.getByLabel('Titre', { exact: true }).fill(title);
  await form.getByLabel('Description', { exact: true }).fill('Intervention rapide sur les fuites, matériel fourni.');
  await form.getByLabel('Type de prix').selectOption('fixed');
  await form.getByLabel('Prix (MAD)').fill('180');
  await form.getByLabel('Durée (minutes)').fill('90');
  await form.getByRole('button', { name: 'Créer le service' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Service « ${title} » créé en brouillon` })).toBeVisible();
}

test.describe('provider services', () => {
  test.describe.configure({ timeout: 90_000 });

  test('a verified provider creates a service, adds a photo, publishes it and finds it in search', async ({ page }) => {
    await verifiedProvider(page);
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Mes services' }).click();
    await expect(page).toHaveURL('/fr/my/services');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes services');
    await expect(page.getByText('Vous n’avez pas encore de service.')).toBeVisible();
    await expect(page.getByText(/n’apparaîtront dans la recherche qu’une fois/)).toHaveCount(0);

    // The form checks the fields before sending
    await page.getByRole('button', { name: 'Créer le service' }).click();
    await expect(page.getByText('Choisissez une catégorie.')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Nouveau service' }).getByLabel('Catégorie')).toBeFocused();

    const title = `Fuite express ${Date.now().toString(36)}`;
    await createService(page, title);
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await expect(item).toContainText('Brouillon');
    await expect(item).toContainText('180 MAD');

    // A file that is not an image: the API's refusal is shown
    await item
      .getByLabel(`Ajouter une photo à « ${title} »`)
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(item.getByRole('alert')).toHaveText('Ce type de fichier n’est pas accepté. Choisissez une image JPEG, PNG ou WebP.');

    // A PNG photo
    await item
      .getByLabel(`Ajouter une photo à « ${title} »`)
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: makePng() });
    await expect(item.getByRole('status')).toHaveText('Photo ajoutée.');
    const photo = item.getByRole('img', { name: `Photo 1 : ${title}` });
    await expect(photo).toBeVisible();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await item.getByRole('button', { name: `Publier ${title}` }).click();
    await expect(item).toContainText('Publié');
    await expect(item.getByRole('button', { name: `Mettre en pause ${title}` })).toBeVisible();

    // Anyone finds it in search, with its photo
    await page.goto(`/search?${new URLSearchParams({ q: title }).toString()}`);
    const card = page.locator('.service-card').filter({ has: page.getByRole('heading', { name: title }) });
    await expect(card).toBeVisible();
    await expect(card).toContainText('Rabat');
    await expect(card).toContainText('180 MAD');
    await expect(card.locator('img')).toHaveAttribute('src', /^\/files\//);
    await card.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByRole('main')).toContainText('90 min');
  });

  test('a provider edits a service (new title, Arabic translation) and removes its photo; the page and search follow', async ({ page }) => {
    await verifiedProvider(page);
    await page.goto('/my/services');
    const title = `Fuite rapide ${Date.now().toString(36)}`;
    await createService(page, title);
    let item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await item
      .getByLabel(`Ajouter une photo à « ${title} »`)
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: makePng() });
    await expect(item.getByRole('img', { name: `Photo 1 : ${title}` })).toBeVisible();
    await item.getByRole('button', { name: `Publier ${title}` }).click();
    await expect(item).toContainText('Publié');
    // Verified: visible at once, no warning
    await expect(item.getByText(/pas encore visible/)).toHaveCount(0);

    // Edit: the create form, filled with the service
    await item.getByRole('button', { name: `Modifier ${title}` }).click();
    const form = page.getByRole('form', { name: `Modifier « ${title} »` });
    await expect(form.getByRole('heading', { name: `Modifier « ${title} »` })).toBeFocused();
    await expect(form.getByLabel('Titre', { exact: true })).toHaveValue(title);
    await expect(form.getByLabel('Prix (MAD)')).toHaveValue('180');
    await expect(form.getByLabel('Ville')).toHaveValue(/.+/);
    const newTitle = `Recherche de fuite ${Date.now().toString(36)}`;
    const arabicTitle = `كشف التسربات ${Date.now().toString(36)}`;
    await form.getByLabel('Titre', { exact: true }).fill(newTitle);
    await form.getByText('Traductions (facultatif)').click();
    const arabic = form.getByLabel('Titre en arabe');
    await expect(arabic).toHaveAttribute('dir', 'rtl');
    await expect(arabic).toHaveAttribute('lang', 'ar');
    await expect(form.getByLabel('Description en arabe')).toHaveAttribute('dir', 'rtl');
    await expect(form.getByLabel('Titre en anglais')).toHaveAttribute('dir', 'ltr');
    await arabic.fill(arabicTitle);
    await form.getByLabel('Description en arabe').fill('إصلاح سريع للتسربات');
    await form.getByLabel('Prix (MAD)').fill('200');
    await form.getByRole('button', { name: 'Enregistrer les modifications' }).click();

    item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: newTitle }) });
    await expect(item.getByRole('status').filter({ hasText: 'Modifications enregistrées.' })).toBeVisible();
    await expect(item).toContainText('200 MAD');
    await expect(item.getByRole('button', { name: `Modifier ${newTitle}` })).toBeFocused();

    // Removing the photo: a refusal is shown, then it works
    const remove = item.getByRole('button', { name: `Retirer Photo 1 : ${newTitle}` });
    await page.route('**/api/me/services/*/photos/*', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({ status: 500, json: { error: { code: 'INTERNAL_ERROR', message: 'boom', requestId: 'req-photo' } } })
        : route.fallback(),
    );
    await remove.click();
    await expect(item.getByRole('alert')).toContainText('La photo n’a pas pu être retirée');
    await expect(item.getByRole('img', { name: `Photo 1 : ${newTitle}` })).toBeVisible();
    await page.unroute('**/api/me/services/*/photos/*');
    await remove.click();
    await expect(item.getByRole('status').filter({ hasText: 'Photo retirée.' })).toBeVisible();
    await expect(item.getByRole('img')).toHaveCount(0);
    await expect(item.getByRole('alert')).toHaveCount(0);

    // The service page shows the new title, and the Arabic one in Arabic
    await item.getByRole('link', { name: `Voir la page ${newTitle}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(newTitle);
    await expect(page.getByRole('main')).toContainText('200 MAD');
    await expect(page.getByRole('main').getByRole('img')).toHaveCount(0);
    await switchLanguage(page, 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(arabicTitle);
    await switchLanguage(page, 'fr');

    // Search finds it by its new title, and by its Arabic one
    await page.goto(`/search?${new URLSearchParams({ q: newTitle }).toString()}`);
    await expect(page.locator('.service-card').filter({ has: page.getByRole('heading', { name: newTitle }) })).toBeVisible();
    await page.goto(`/search?${new URLSearchParams({ q: title }).toString()}`);
    await expect(page.getByText('Aucun service ne correspond à votre recherche.')).toBeVisible();
    await page.goto(`/search?${new URLSearchParams({ q: arabicTitle }).toString()}`);
    await expect(page.locator('.service-card').filter({ has: page.getByRole('heading', { name: newTitle }) })).toBeVisible();
  });

  test('/my/services is for providers: clients go home, signed-out people sign in', async ({ page }) => {
    await page.goto('/my/services');
    await expect(page).toHaveURL('/fr/sign-in?next=%2Fmy%2Fservices');

    await signUpViaApi(page.request, newPerson('client'));
    await page.goto('/my/services');
    await expect(page).toHaveURL('/fr');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Mes services' })).toHaveCount(0);
  });

  test('/my/services has no axe violations in French, Arabic and English; an unverified provider publishes, invisible', async ({
    page,
  }) => {
    const person = newPerson('provider-axe', 'Salma Idrissi');
    await signUpViaApi(page.request, person, { role: 'provider' });
    await page.goto('/my/services');
    // Not verified yet: told why the services would not show in search
    await expect(page.getByText(/n’apparaîtront dans la recherche qu’une fois/)).toBeVisible();
    const draft = `Débouchage ${Date.now().toString(36)}`;
    await createService(page, draft);
    const published = `Canalisation ${Date.now().toString(36)}`;
    await createService(page, published);
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: published }) });
    await item.getByRole('button', { name: `Publier ${published}` }).click();
    await expect(item).toContainText('Publié, mais pas encore visible : vérifiez votre adresse e-mail et votre téléphone.');
    await expect(item.getByRole('link', { name: /Voir la page/ })).toHaveCount(0);
    await expectNoAxeViolations(page, 'my services, fr');

    await switchLanguage(page, 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('خدماتي');
    await expect(page.getByText('مسودة', { exact: true })).toBeVisible();
    await expect(item).toContainText('منشورة، لكنها غير ظاهرة بعد');
    await expectNoAxeViolations(page, 'my services, ar');

    await switchLanguage(page, 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My services');
    await expect(item).toContainText('Published, but not visible yet');
    await expectNoAxeViolations(page, 'my services, en');

    // The edit form, with its translations open
    await item.getByRole('button', { name: `Edit ${published}` }).click();
    const form = page.getByRole('form', { name: `Edit “${published}”` });
    await form.getByText('Translations (optional)').click();
    await expect(form.getByLabel('Title in Arabic')).toBeVisible();
    await expectNoAxeViolations(page, 'my services editing, en');
    await switchLanguage(page, 'ar');
    await expect(page.getByLabel('العنوان باللغة العربية')).toHaveAttribute('dir', 'rtl');
    await expectNoAxeViolations(page, 'my services editing, ar');
  });
});
