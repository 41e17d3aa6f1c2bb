import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { waitForHydration } from './app';
import { actViaApi, bookableService, freeSlots, memberInBrowser, requestViaApi, type Member } from './bookings';
import { adminApi, adminPage, createAdminAccount, type AdminCredentials } from './kyc';

// The client's payments and receipts, and the back office's daily reconciliation with the
// local Stripe server, as their readers see them.
let admin: Awaited<ReturnType<typeof adminApi>>;
let adminAccount: AdminCredentials;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  adminAccount = createAdminAccount('payments');
  admin = await adminApi(baseURL!, adminAccount);
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

/** A cash job done and its cash confirmed by the provider, through the API. */
async function paidInCash(browser: Browser, title: string) {
  const { provider, service } = await bookableService(browser, admin, title);
  const client = await memberInBrowser(browser, 'client', 'client', 'Salma Bennani');
  members.push(provider, client);
  const [slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  for (const action of ['accept', 'checkIn', 'complete']) await actViaApi(provider, bookingId, action);
  const cash = await provider.api.post(`/api/bookings/${bookingId}/cash-received`, { headers: provider.headers });
  expect(cash.status(), await cash.text()).toBe(200);
  return { client, bookingId };
}

async function downloadReceipt(page: Page, name: RegExp) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  return readFileSync(path!);
}

test('the client sees their payments and downloads a receipt, in French and in Arabic', async ({ browser }) => {
  const title = `Ménage des vitres ${Date.now().toString(36)}`;
  const { client } = await paidInCash(browser, title);
  const { page } = client;

  await page.goto('/fr/account');
  await page.getByRole('link', { name: 'Mes paiements et reçus' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes paiements');
  await waitForHydration(page);
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('Espèces');
  await expect(row).toContainText('Payé en espèces');
  await expect(row).toContainText('300');
  await expectNoAxeViolations(page, 'payments, fr');
  const fr = await downloadReceipt(page, /^Reçu \(PDF\) du/);
  expect(fr.subarray(0, 5).toString()).toBe('%PDF-');

  await page.goto('/ar/account/payments');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('مدفوعاتي');
  await expect(page.getByRole('row').filter({ hasText: title })).toContainText('مدفوع نقدا');
  await expectNoAxeViolations(page, 'payments, ar');
  const ar = await downloadReceipt(page, /^الإيصال \(PDF\)/);
  expect(ar.subarray(0, 5).toString()).toBe('%PDF-');
  // Each receipt in the page's language (the document's language entry).
  expect(fr.toString('latin1')).toContain('/Lang (fr)');
  expect(ar.toString('latin1')).toContain('/Lang (ar)');
});

test('an admin reads the day’s reconciliation report and runs the day again', async ({ browser, baseURL }) => {
  const day = new Date().toISOString().slice(0, 10);
  const ran = await admin.api.post(`/api/admin/reconciliation/${day}/run`, { headers: admin.headers });
  expect(ran.status(), await ran.text()).toBe(200);

  const page = await adminPage(browser, baseURL!, adminAccount, admin);
  await page.getByRole('link', { name: 'Rapprochement avec Stripe' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rapprochement quotidien');
  const report = page.getByRole('region', { name: new RegExp(`^${day}`) });
  await expect(report).toContainText('Exécuté le');
  await expectNoAxeViolations(page, 'reconciliation');
  const [rerun] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith(`/api/admin/reconciliation/${day}/run`)),
    report.getByRole('button', { name: 'Relancer ce jour' }).click(),
  ]);
  expect(rerun.status()).toBe(200);
  await expect(report.getByRole('button', { name: 'Relancer ce jour' })).toBeEnabled();
  await page.context().close();
});
