import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { waitForHydration } from './app';
import { bookableService, freeSlots, memberInBrowser, type BookableService, type Member } from './bookings';
import { adminApi, createAdminAccount } from './kyc';

// Paying a card booking in the web checkout, for real against the local Stripe server (its
// Stripe.js stand-in, its API and its signed webhooks): the provider sees the request only
// once the card is authorised, 3-D Secure included; a declined card can be replaced.
let admin: Awaited<ReturnType<typeof adminApi>>;
let bookable: BookableService;
let client: Member;
let slots: string[];
test.beforeAll(async ({ browser, baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('checkout'));
  bookable = await bookableService(browser, admin, 'Dépannage express Hassan');
  client = await memberInBrowser(browser, 'client', 'client', 'Salma Idrissi');
  // Starts within the card hold (4 days), a few hours ahead so none passes during the run.
  slots = (await freeSlots(client.api, bookable.service.id, 3)).filter((slot) => new Date(slot).getTime() > Date.now() + 3 * 3_600_000);
});
test.afterAll(async () => {
  await client.context.close();
  await bookable.provider.context.close();
  await admin.api.dispose();
});

let next = 0;
/** A card booking made through the API, waiting for its payment. */
async function cardBooking(startAt = slots[(next += 2)]): Promise<string> {
  const response = await client.api.post('/api/bookings', {
    headers: client.headers,
    data: { serviceId: bookable.service.id, startAt, address: '8 avenue Mohammed V, Rabat', paymentMethod: 'card' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { ids: string[] }).ids[0]!;
}

/** What the provider sees of the booking: 404 until the card is authorised. */
async function providerSees(bookingId: string) {
  const response = await bookable.provider.api.get(`/api/bookings/${bookingId}`);
  return response.status() === 200 ? ((await response.json()) as { status: string }).status : response.status();
}

async function typeCard(page: Page, label: string, number: string) {
  const field = page.getByLabel(label);
  await field.fill(number);
}

test('a client books with a card and pays in the checkout; the provider then sees the request (fr)', async () => {
  const page = client.page;
  const slot = slots[next]!;
  await page.goto(`/fr/services/${bookable.service.slug}/book?start=${encodeURIComponent(slot)}`);
  await waitForHydration(page);
  await page.getByLabel('Adresse de l’intervention').fill('12 rue des Orangers, Agdal, Rabat');
  await page.getByRole('radio', { name: /^Carte bancaire/ }).check();
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();

  await expect(page).toHaveURL(/\/fr\/bookings\/[^/]+\/pay$/);
  const bookingId = page.url().split('/').at(-2)!;
  expect(await providerSees(bookingId)).toBe(404);
  await expect(page.getByRole('heading', { name: 'Paiement par carte', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Numéro de carte')).toBeVisible();
  await expectNoAxeViolations(page, 'checkout, fr');

  await typeCard(page, 'Numéro de carte', '4242 4242 4242 4242');
  await page.getByLabel('Date d’expiration (MM/AA)').fill('12/34');
  await page.getByLabel('Cryptogramme (CVC)').fill('123');
  await page.getByRole('button', { name: /^Autoriser / }).click();

  await expect(page).toHaveURL(new RegExp(`/fr/bookings/${bookingId}$`));
  const status = page.getByRole('main').locator('.facts__item').filter({ hasText: 'État' }).locator('dd');
  await expect(status).toHaveText('Demandée');
  await expect.poll(() => providerSees(bookingId)).toBe('requested');
});

test('a declined card shows the error and another card can be used (fr)', async () => {
  const page = client.page;
  const bookingId = await cardBooking();
  // From the booking page, while it waits for its payment.
  await page.goto(`/fr/bookings/${bookingId}`);
  await page.getByRole('link', { name: 'Payer maintenant par carte' }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/bookings/${bookingId}/pay$`));

  await typeCard(page, 'Numéro de carte', '4000 0000 0000 0002');
  await page.getByRole('button', { name: /^Autoriser / }).click();
  await expect(page.getByRole('alert')).toContainText('Votre carte a été refusée. Essayez une autre carte.');
  await expectNoAxeViolations(page, 'checkout with a declined card, fr');
  expect(await providerSees(bookingId)).toBe(404);

  await typeCard(page, 'Numéro de carte', '4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Autoriser / }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/bookings/${bookingId}$`));
  await expect.poll(() => providerSees(bookingId)).toBe('requested');
});

test('a card that asks for 3-D Secure is authenticated in its challenge frame (ar, right to left)', async () => {
  const page = client.page;
  const bookingId = await cardBooking();
  await page.goto(`/ar/bookings/${bookingId}/pay`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByLabel('رقم البطاقة')).toBeVisible();
  await expectNoAxeViolations(page, 'checkout, ar');

  await typeCard(page, 'رقم البطاقة', '4000 0027 6000 3184');
  await page.getByRole('button', { name: /^تفويض / }).click();
  const challenge = page.getByRole('dialog', { name: 'التحقق من البطاقة' });
  await expect(challenge).toBeVisible();
  const frame = page.frameLocator('iframe[name="stripe-challenge-frame"]');
  await expect(frame.getByRole('heading', { name: 'التحقق من البطاقة' })).toBeVisible();
  await expectNoAxeViolations(page, '3-D Secure challenge, ar');
  expect(await providerSees(bookingId)).toBe(404);
  await frame.getByRole('button', { name: 'تأكيد' }).click();

  await expect(page).toHaveURL(new RegExp(`/ar/bookings/${bookingId}$`));
  await expect.poll(() => providerSees(bookingId)).toBe('requested');
});

test('a job beyond the authorisation window saves the card; the provider then sees the request (en)', async () => {
  const page = client.page;
  const far = (await freeSlots(client.api, bookable.service.id, 9)).find((slot) => new Date(slot).getTime() > Date.now() + 6 * 86_400_000);
  const bookingId = await cardBooking(far);
  await page.goto(`/en/bookings/${bookingId}/pay`);
  await expect(page.getByText(/your card is saved now, authorised a few days before the job/)).toBeVisible();
  await expectNoAxeViolations(page, 'checkout saving a card, en');
  await typeCard(page, 'Card number', '4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Authorise / }).click();
  await expect(page).toHaveURL(new RegExp(`/en/bookings/${bookingId}$`));
  await expect.poll(() => providerSees(bookingId)).toBe('requested');
});
