import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { actViaApi, bookableService, freeSlots, memberInBrowser, type Member } from './bookings';
import { adminApi, createAdminAccount } from './kyc';

// Providers get paid: a card job confirmed, the provider records an IBAN and sees the
// balance, the admin runs the payouts and marks the bank line paid, the provider sees the
// payout; another provider goes through Stripe's hosted onboarding (the local stand-in) and
// comes back ready. The e2e server pays out at once (PAYOUT_HOLD_DAYS=0).
let admin: Awaited<ReturnType<typeof adminApi>>;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('payouts'));
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

/** The local Stripe server of scripts/start-e2e.mjs: 8000 above the API's port unless STRIPE_LOCAL_PORT says otherwise. */
const stripeUrl = (baseURL: string) => `http://127.0.0.1:${process.env.STRIPE_LOCAL_PORT ?? Number(new URL(baseURL).port) + 8000}`;

/** A Moroccan IBAN with valid check digits (ISO 13616). */
function moroccanIban(bban: string): string {
  let rest = 0;
  for (const digit of `${bban}2210` + '00') rest = (rest * 10 + Number(digit)) % 97;
  return `MA${String(98 - rest).padStart(2, '0')}${bban}`;
}

/** A card job paid through the checkout's API and Stripe, then accepted, done and confirmed. */
async function confirmedCardJob(baseURL: string, client: Member, provider: Member, serviceId: string) {
  const [slot] = await freeSlots(client.api, serviceId);
  const booked = await client.api.post('/api/bookings', {
    headers: client.headers,
    data: { serviceId, startAt: slot, address: '12 rue des Orangers, Agdal, Rabat', paymentMethod: 'card' },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const bookingId = ((await booked.json()) as { ids: string[] }).ids[0]!;
  const payment = await client.api.post(`/api/bookings/${bookingId}/payment`, { headers: client.headers });
  expect(payment.status(), await payment.text()).toBe(200);
  const { intentId } = (await payment.json()) as { intentId: string };
  // What Stripe.js does in the checkout: the card confirmed at Stripe, which tells the API.
  const confirmed = await fetch(`${stripeUrl(baseURL)}/v1/payment_intents/${intentId}/confirm`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_e2e_local', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'payment_method=pm_card_visa',
  });
  expect(confirmed.status).toBe(200);
  await expect
    .poll(async () => ((await (await client.api.get(`/api/bookings/${bookingId}`)).json()) as { status: string }).status)
    .toBe('requested');
  await actViaApi(provider, bookingId, 'accept');
  await actViaApi(provider, bookingId, 'checkIn');
  await actViaApi(provider, bookingId, 'complete');
  await actViaApi(client, bookingId, 'confirm');
}

const balanceRow = (page: Page, label: string) => page.getByTestId('balance-MAD').getByRole('row', { name: label });

test('a provider records an IBAN, sees the balance, and is paid by a batch the admin marks paid (fr, ar)', async ({ browser, baseURL }) => {
  const bookable = await bookableService(browser, admin, 'Ménage avant versement');
  const provider = bookable.provider;
  const client = await memberInBrowser(browser, 'client', 'client', 'Amina Benali');
  members.push(provider, client);
  await confirmedCardJob(baseURL!, client, provider, bookable.service.id);
  // The capture job runs in the server: the share (300 MAD less 15 %) becomes payable.
  await expect
    .poll(
      async () =>
        ((await (await provider.api.get('/api/me/payouts')).json()) as { balances: { payableMinor: number }[] }).balances[0]?.payableMinor,
    )
    .toBe(25_500);

  const page = provider.page;
  await page.goto('/fr/account');
  await page.getByRole('link', { name: 'Versements et relevés' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Versements' })).toBeVisible();
  await expect(balanceRow(page, 'Gagné par carte, pas encore versé')).toContainText('255');
  await expect(balanceRow(page, 'Prochain versement')).toContainText('255');
  await expect(page.getByText('Vous n’avez pas encore choisi comment être payé')).toBeVisible();

  // Unique per run: the batches page lists earlier runs' lines too.
  const iban = moroccanIban(`01178${String(Date.now()).padStart(19, '0')}`);
  await page.getByLabel('IBAN').fill(`${iban.slice(0, -1)}0`.replace(/(.{4})/g, '$1 '));
  await page.getByRole('button', { name: 'Enregistrer l’IBAN' }).click();
  await expect(page.getByText('Saisissez un IBAN marocain')).toBeVisible();
  await page.getByLabel('IBAN').fill(iban.replace(/(.{4})/g, '$1 '));
  await page.getByRole('button', { name: 'Enregistrer l’IBAN' }).click();
  const masked = `${iban.slice(0, 4)} •••• ${iban.slice(-4)}`;
  await expect(page.getByRole('status').filter({ hasText: `IBAN enregistré : ${masked}` })).toBeVisible();
  await expect(page.getByText(`Compte enregistré : ${masked}`)).toBeVisible();
  await expect(page.getByText('Virement bancaire')).toBeVisible();
  await expect(page.getByText(iban)).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^Relevé de / })).toHaveCount(12);
  // Each link opens the month's statement (a PDF in the member's language).
  const statement = await page.request.get(
    (await page
      .getByRole('link', { name: /^Relevé de / })
      .first()
      .getAttribute('href'))!,
  );
  expect(statement.status()).toBe(200);
  expect(statement.headers()['content-type']).toContain('application/pdf');
  await expectNoAxeViolations(page, 'payouts, fr');

  // The admin's back office, signed in as the admin client already is (second factor passed).
  const adminContext = await browser.newContext({ storageState: await admin.api.storageState(), locale: 'fr-FR' });
  const adminPage = await adminContext.newPage();
  await adminPage.goto('/fr/admin');
  await adminPage.getByRole('link', { name: 'Versements : lots de virements' }).click();
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Lots de virements' })).toBeVisible();
  await adminPage.getByRole('button', { name: 'Lancer les versements maintenant' }).click();
  await expect(adminPage.getByText(/Versements créés : [1-9]/)).toBeVisible();
  await adminPage.getByRole('button', { name: 'Créer un lot' }).click();
  const line = adminPage.getByRole('row').filter({ hasText: provider.person.name }).filter({ hasText: masked });
  await expect(line).toContainText('En cours');
  await expect(adminPage.getByRole('link', { name: 'Télécharger le fichier (CSV)' }).first()).toBeVisible();
  await expectNoAxeViolations(adminPage, 'payout batches, fr');
  await line.getByRole('button', { name: 'Versé' }).click();
  await expect(line).toContainText('Versé');
  await expect(line.getByRole('button', { name: 'Versé' })).toHaveCount(0);
  await adminContext.close();

  // In Arabic, right to left: the payout paid, nothing more due.
  await page.goto('/ar/account/payouts');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1, name: 'الدفعات' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'مدفوعة' })).toHaveCount(1);
  await expect(balanceRow(page, 'الدفعة القادمة')).toContainText('0');
  await expectNoAxeViolations(page, 'payouts, ar');
});

test('a provider goes through Stripe’s hosted onboarding and comes back to the payouts page, ready (ar)', async ({ browser }) => {
  const provider = await memberInBrowser(browser, 'connect', 'provider', 'Karim Haddad');
  members.push(provider);
  const page = provider.page;
  await page.goto('/ar/account/payouts');
  await expect(page.getByRole('heading', { level: 1, name: 'الدفعات' })).toBeVisible();
  await expectNoAxeViolations(page, 'payouts before onboarding, ar');
  await page.getByLabel('بلد حسابك البنكي').selectOption('FR');
  await page.getByRole('button', { name: 'إعداد الدفعات عبر Stripe' }).click();
  // Stripe's hosted onboarding (the local server's stand-in page).
  await expect(page.getByRole('heading', { name: 'Set up payouts (local Stripe)' })).toBeVisible();
  await page.getByRole('button', { name: 'Agree and submit' }).click();
  await expect(page).toHaveURL(/\/ar\/account\/payouts\?onboarding=return$/);
  await expect(page.getByText('مرحبًا بعودتك')).toBeVisible();
  await expect(page.getByText('الدفعات مفعلة.')).toBeVisible();
  await expect(page.getByText('Stripe (حساب مرتبط)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'المتابعة مع Stripe' })).toBeVisible();
  await expectNoAxeViolations(page, 'payouts after onboarding, ar');
});
