import { expect, test } from '@playwright/test';
import { waitForMessage } from './accounts';
import { expectNoAxeViolations } from './axe';
import { waitForHydration } from './app';
import { bookableService, freeSlots, memberInBrowser, requestViaApi, type Member } from './bookings';
import { adminApi, createAdminAccount } from './kyc';

// The "stop these emails" link of a notice mail, opened signed out as from a mail app: the
// page says what it turns off, asks first, and the mail stops; in French and in Arabic.
let admin: Awaited<ReturnType<typeof adminApi>>;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('unsubscribe'));
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

test('a notice mail’s unsubscribe link asks first, then stops that mail only', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const { provider, service } = await bookableService(browser, admin, 'Jardinage Souissi');
  const client = await memberInBrowser(browser, 'client', 'client', 'Amina Benali');
  members.push(provider, client);
  const [slot] = await freeSlots(client.api, service.id);
  await requestViaApi(client, service.id, slot!);

  const mail = await waitForMessage(provider.api, provider.person.email, (m) => m.channel === 'email' && /demande/i.test(m.subject));
  const link = mail.text.match(/https?:\/\/\S+\/fr\/unsubscribe\?token=[\w.-]+/)?.[0];
  expect(link, mail.text).toBeTruthy();
  const path = new URL(link!).pathname + new URL(link!).search;

  // Opened in Arabic first (the page changes nothing until asked).
  await page.goto(path.replace('/fr/', '/ar/'));
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'إيقاف هذه الرسائل الإلكترونية؟' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectNoAxeViolations(page);

  await page.goto(path);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Ne plus recevoir ces e-mails ?' })).toBeVisible();
  await expect(page.getByText('les nouvelles de vos réservations')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Me désabonner' }).click();
  await expect(page.getByRole('heading', { name: 'C’est fait' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('les nouvelles de vos réservations');

  // The provider's preferences say so; messages mail is untouched.
  const prefs = (await (await provider.api.get('/api/me/notification-preferences')).json()) as {
    preferences: Array<{ event: string; channel: string; enabled: boolean }>;
  };
  expect(prefs.preferences).toContainEqual({ event: 'bookings', channel: 'email', enabled: false });
  expect(prefs.preferences).toContainEqual({ event: 'messages', channel: 'email', enabled: true });

  // Opened again: already done. A broken link says so.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'C’est fait' })).toBeVisible();
  await page.goto('/fr/unsubscribe?token=broken.link');
  await expect(page.getByRole('heading', { name: 'Lien non valable' })).toBeVisible();
});
