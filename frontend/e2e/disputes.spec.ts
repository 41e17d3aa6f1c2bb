import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { actViaApi, bookableService, freeSlots, memberInBrowser, requestViaApi, type Member } from './bookings';
import { adminApi, createAdminAccount } from './kyc';

// The back office resolves a disputed booking: the admin sees it with the client's reason,
// decides what goes back to the client, and both parties see the outcome on the booking.
let admin: Awaited<ReturnType<typeof adminApi>>;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('disputes'));
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

test('an admin resolves a disputed cash booking; the parties see the outcome (fr, ar)', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const { provider, service } = await bookableService(browser, admin, 'Peinture salon Souissi');
  const client = await memberInBrowser(browser, 'client', 'client', 'Karim Tazi');
  members.push(provider, client);
  // The soonest start (within the hour, so the provider may check in).
  const [soonest] = await freeSlots(client.api, service.id, 1);
  const bookingId = await requestViaApi(client, service.id, soonest!);
  await actViaApi(provider, bookingId, 'accept');
  await actViaApi(provider, bookingId, 'checkIn');
  await actViaApi(provider, bookingId, 'complete');
  await actViaApi(client, bookingId, 'dispute', { reason: 'Une seule couche de peinture' });

  // The admin's browser shares the API session that passed the second factor.
  const context = await browser.newContext({ baseURL, storageState: await admin.api.storageState() });
  const page = await context.newPage();
  await page.goto('/ar/admin/disputes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('النزاعات');
  await expect(page.getByRole('article', { name: service.title })).toBeVisible();
  await expectNoAxeViolations(page, 'disputes, ar');

  await page.goto('/fr/admin/disputes');
  const item = page.getByRole('article', { name: service.title });
  await expect(item).toContainText('Une seule couche de peinture');
  await expectNoAxeViolations(page, 'disputes, fr');
  await item.getByLabel('Remboursement au client (MAD)').fill('1000');
  await item.getByLabel('Décision (envoyée aux deux parties)').fill('Travail incomplet');
  await item.getByRole('button', { name: 'Résoudre le litige' }).click();
  await expect(page.getByRole('alert')).toContainText('entre 0 et le prix');
  await item.getByLabel('Remboursement au client (MAD)').fill('120');
  await item.getByRole('button', { name: 'Résoudre le litige' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Litige résolu' })).toBeVisible();
  await expect(page.getByRole('article', { name: service.title })).toHaveCount(0);
  await context.close();

  await client.page.goto(`/fr/bookings/${bookingId}`);
  const outcome = client.page.locator('.facts__item').filter({ hasText: 'Décision sur le litige' });
  await expect(outcome).toContainText(/Remboursé au client : 120\s*MAD/);
  await expect(outcome).toContainText('Travail incomplet');
  await expectNoAxeViolations(client.page, 'resolved booking, fr');
});
