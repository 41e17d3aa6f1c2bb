import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { actViaApi, bookableService, freeSlots, memberInBrowser, requestViaApi, type Member } from './bookings';
import { adminApi, createAdminAccount } from './kyc';

// A booking's conversation, its reviews and the bell, as the two parties live them, each in
// a browser of their own: what one does appears on the other's page without a reload (the
// live stream, or polling where the server has none).
let admin: Awaited<ReturnType<typeof adminApi>>;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('messages'));
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

async function setUp(browser: Parameters<typeof bookableService>[0], title: string) {
  const bookable = await bookableService(browser, admin, title);
  const client = await memberInBrowser(browser, 'client', 'client', 'Amina Benali');
  members.push(bookable.provider, client);
  return { ...bookable, client };
}

const conversation = (page: Page) => page.getByRole('log', { name: 'Messages de la conversation' });
const messageItem = (page: Page, text: string | RegExp) => conversation(page).getByRole('listitem').filter({ hasText: text });
const minimalPdf = () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function send(page: Page, text: string) {
  await page.getByLabel('Votre message').fill(text);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(page.getByLabel('Votre message')).toHaveValue('');
}

/** A booking whose job is done: accepted, started and completed through the API. */
async function doneBooking(client: Member, provider: Member, serviceId: string) {
  // The first free time: check-in opens an hour before the start.
  const [slot] = await freeSlots(client.api, serviceId);
  const bookingId = await requestViaApi(client, serviceId, slot!);
  await actViaApi(provider, bookingId, 'accept');
  await actViaApi(provider, bookingId, 'checkIn');
  await actViaApi(provider, bookingId, 'complete');
  return bookingId;
}

test('client and provider chat live; contact details are masked until the booking is accepted', async ({ browser }) => {
  test.setTimeout(120_000);
  const { provider, service, client } = await setUp(browser, 'Ménage messages Agdal');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);

  // Each page opens the live stream, then reads the conversation once.
  const streams = [client.page, provider.page].map((page) =>
    page.waitForResponse((response) => new URL(response.url()).pathname === '/api/me/events' && response.status() === 200),
  );
  await client.page.goto(`/fr/messages/${bookingId}`);
  await provider.page.goto(`/fr/bookings/${bookingId}`);
  await Promise.all(streams);
  for (const page of [client.page, provider.page]) {
    await expect(page.getByText(/Les coordonnées .* restent masquées jusqu’à ce que le prestataire accepte/)).toBeVisible();
    await expect(conversation(page)).toBeAttached();
  }
  // From now on the conversation is not read again: what appears came through the stream.
  const noReading = /\/api\/bookings\/[^/]+\/messages\?/;
  for (const page of [client.page, provider.page]) {
    await page.route(noReading, (route) => (route.request().method() === 'GET' ? route.abort() : route.continue()));
  }

  await send(client.page, 'Bonjour, appelez-moi au 06 12 34 56 78');
  await expect(messageItem(client.page, 'Bonjour, appelez-moi au 06 12 34 56 78')).toBeVisible();
  // On the provider's open page, without a reload, masked.
  const masked = messageItem(provider.page, 'Bonjour, appelez-moi au •••');
  await expect(masked).toBeVisible();
  await expect(masked).toContainText('Des coordonnées sont masquées dans ce message.');
  await expect(conversation(provider.page)).not.toContainText('06 12 34 56 78');

  await send(provider.page, 'Bien reçu, à bientôt');
  await expect(messageItem(client.page, 'Bien reçu, à bientôt')).toBeVisible();
  for (const page of [client.page, provider.page]) await page.unroute(noReading);
  // The provider read the client's message: the client's receipt says so.
  await expect(messageItem(client.page, 'appelez-moi').getByText('Lu', { exact: true })).toBeVisible();

  // One attachment through the upload pipeline.
  await client.page
    .getByLabel('Joindre un fichier (facultatif)')
    .setInputFiles({ name: 'devis.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
  await expect(client.page.getByText('Fichier joint : devis.pdf')).toBeVisible();
  await client.page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(conversation(provider.page).getByRole('link', { name: 'Pièce jointe (PDF)' })).toBeVisible();

  // The provider reports the client's message.
  await masked.getByRole('button', { name: 'Signaler ce message' }).click();
  await provider.page.getByLabel('Pourquoi signalez-vous ce message ?').fill('Demande de contact hors plateforme');
  await provider.page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(provider.page.getByRole('status').filter({ hasText: 'Message signalé à notre équipe. Merci.' })).toBeVisible();

  // Accepted: the contact details show, on the provider's open page too.
  await actViaApi(provider, bookingId, 'accept');
  await provider.page.reload();
  await expect(messageItem(provider.page, 'Bonjour, appelez-moi au 06 12 34 56 78')).toBeVisible();
  await expect(provider.page.getByText(/restent masquées jusqu’à ce que/)).toHaveCount(0);

  // The inbox lists the conversation with its newest message.
  await provider.page.goto('/fr/messages');
  const item = provider.page.getByRole('listitem').filter({ hasText: 'Amina Benali' });
  await expect(item).toContainText(service.title);
  await item.getByRole('link').click();
  await expect(provider.page).toHaveURL(`/fr/messages/${bookingId}`);
  await expect(messageItem(provider.page, 'Bien reçu, à bientôt')).toBeVisible();
});

test('without the live stream, the conversation and the bell catch up by polling', async ({ browser }) => {
  test.setTimeout(90_000);
  const { provider, service, client } = await setUp(browser, 'Ménage sans flux Océan');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  // A server (or a proxy) without the stream: the request fails before it opens.
  await provider.page.route('**/api/me/events', (route) => route.abort());
  await provider.page.goto(`/fr/messages/${bookingId}`);
  await expect(conversation(provider.page)).toBeAttached();
  const bell = provider.page.getByRole('navigation', { name: 'Votre compte' }).getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName(/^Notifications/);
  const unreadBefore = Number((await bell.textContent())?.match(/\d+/)?.[0] ?? 0);

  const sent = await client.api.post(`/api/bookings/${bookingId}/messages`, { headers: client.headers, data: { body: 'Toujours là ?' } });
  expect(sent.status(), await sent.text()).toBe(201);
  await expect(messageItem(provider.page, 'Toujours là ?')).toBeVisible({ timeout: 15_000 });
  await expect(bell).toHaveAccessibleName(`Notifications ${unreadBefore + 1} non lues`, { timeout: 15_000 });
});

test('both parties review; neither sees the other’s review before both have written', async ({ browser }) => {
  test.setTimeout(120_000);
  const { provider, service, client } = await setUp(browser, 'Ménage avis Hassan');
  const bookingId = await doneBooking(client, provider, service.id);

  const review = async (page: Page, text: string) => {
    await page.goto(`/fr/bookings/${bookingId}`);
    await expect(page.getByText(/Chaque avis reste caché à l’autre partie/)).toBeVisible();
    for (const criterion of ['Qualité', 'Ponctualité', 'Rapport qualité-prix']) {
      await page.getByRole('group', { name: criterion, exact: true }).getByLabel('5/5').check();
    }
    await page.getByLabel('Votre avis (facultatif)').fill(text);
    await page.getByRole('button', { name: 'Publier mon avis' }).click();
    await expect(page.getByRole('heading', { name: 'Votre avis' })).toBeVisible();
  };

  await review(client.page, 'Travail soigné et rapide.');
  await expect(client.page.getByText(/Pas encore publié : il le sera quand l’autre partie aura écrit le sien, ou le/)).toBeVisible();
  // The provider does not see it yet: only their form.
  await provider.page.goto(`/fr/bookings/${bookingId}`);
  await expect(provider.page.getByRole('button', { name: 'Publier mon avis' })).toBeVisible();
  await expect(provider.page.getByText('Travail soigné et rapide.')).toHaveCount(0);

  await review(provider.page, 'Cliente accueillante et ponctuelle.');
  // Both published together: each sees the other's.
  await expect(provider.page.getByText('Travail soigné et rapide.')).toBeVisible();
  await expect(provider.page.getByText(/Pas encore publié/)).toHaveCount(0);
  await client.page.reload();
  await expect(client.page.getByRole('heading', { name: 'L’avis de l’autre partie' })).toBeVisible();
  await expect(client.page.getByText('Cliente accueillante et ponctuelle.')).toBeVisible();

  // The provider answers the client's review; it shows on their profile.
  await provider.page.getByLabel('Votre réponse').fill('Merci beaucoup !');
  await provider.page.getByRole('button', { name: 'Répondre' }).click();
  await expect(provider.page.getByText('Réponse du prestataire')).toBeVisible();
  const { provider: owner } = (await (await client.api.get(`/api/services/${service.slug}`)).json()) as { provider: { id: string } };
  await client.page.goto(`/fr/providers/${owner.id}`);
  const reviews = client.page.getByRole('region', { name: 'Avis des clients' });
  await expect(reviews.getByText('Travail soigné et rapide.')).toBeVisible();
  await expect(reviews.getByText('Merci beaucoup !')).toBeVisible();
  await expect(reviews).toContainText('Note moyenne 5.0/5 sur 1 avis');
});

test('the bell shows a new notification, marks it read, and the preferences save', async ({ browser }) => {
  test.setTimeout(120_000);
  const { provider, service, client } = await setUp(browser, 'Ménage cloche Souissi');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  const page = provider.page;
  await page.goto('/fr/notifications');
  await expect(page.getByText(/^Notifications non lues : \d+$/)).toBeVisible();
  // Start from nothing unread.
  const markAll = page.getByRole('button', { name: 'Tout marquer comme lu' });
  if (await markAll.isVisible()) await markAll.click();
  await expect(page.getByText('Notifications non lues : 0')).toBeVisible();
  const bell = page.getByRole('navigation', { name: 'Votre compte' }).getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications');

  // The client writes: the provider's bell and list show it without a reload.
  const sent = await client.api.post(`/api/bookings/${bookingId}/messages`, {
    headers: client.headers,
    data: { body: 'Êtes-vous disponible ?' },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  await expect(bell).toHaveAccessibleName('Notifications 1 non lues');
  const notification = page.getByRole('listitem').filter({ hasText: 'Nouveau message de Amina Benali' });
  await expect(notification).toContainText('Êtes-vous disponible ?');
  await notification.getByRole('button', { name: 'Marquer comme lue' }).click();
  await expect(page.getByText('Notifications non lues : 0')).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications');
  await notification.getByRole('link', { name: 'Voir la réservation' }).click();
  await expect(page).toHaveURL(`/fr/bookings/${bookingId}`);

  // Preferences: no SMS for messages.
  await page.goto('/fr/account');
  await page.getByRole('link', { name: 'Préférences de notification' }).click();
  await expect(page).toHaveURL('/fr/account/notifications');
  const toggle = page.getByRole('checkbox', { name: 'Messages par SMS' });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  // SMS quiet hours: on by default (21:00–08:00), moved to 22:30–07:00.
  const quiet = page.getByRole('group', { name: 'Heures calmes pour les SMS' });
  await expect(quiet.getByRole('checkbox', { name: 'Pas de SMS pendant ces heures' })).toBeChecked();
  await expect(quiet.getByLabel('De', { exact: true })).toHaveValue('21:00');
  await quiet.getByLabel('De', { exact: true }).fill('22:30');
  await quiet.getByLabel('À', { exact: true }).fill('07:00');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Préférences enregistrées.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Messages par SMS' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Messages par E-mail' })).toBeChecked();
  await expect(page.getByRole('group', { name: 'Heures calmes pour les SMS' }).getByLabel('De', { exact: true })).toHaveValue('22:30');
  const saved = (await (await provider.api.get('/api/me/notification-preferences')).json()) as {
    preferences: { event: string; channel: string; enabled: boolean }[];
    quietHours: { start: string; end: string } | null;
  };
  expect(saved.preferences.find((p) => p.event === 'messages' && p.channel === 'sms')?.enabled).toBe(false);
  expect(saved.quietHours).toEqual({ start: '22:30', end: '07:00' });
});

for (const locale of ['fr', 'ar'] as const) {
  test(`messages, notifications and reviews pages have no axe violations (${locale})`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { provider, service, client } = await setUp(browser, `Ménage avis axe ${locale}`);
    const bookingId = await doneBooking(client, provider, service.id);
    const sent = await client.api.post(`/api/bookings/${bookingId}/messages`, {
      headers: client.headers,
      data: { body: 'Merci pour tout' },
    });
    expect(sent.status()).toBe(201);
    const written = await client.api.post(`/api/bookings/${bookingId}/reviews`, {
      headers: client.headers,
      data: { quality: 5, punctuality: 4, value: 5, text: 'Très bien' },
    });
    expect(written.status(), await written.text()).toBe(201);
    // Arabic on a phone, French on a desktop.
    if (locale === 'ar') for (const member of [client, provider]) await member.page.setViewportSize({ width: 390, height: 844 });
    const check = async (page: Page, path: string, ready: (p: Page) => Promise<void>) => {
      await page.goto(`/${locale}${path}`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
      await ready(page);
      await expectNoAxeViolations(page, `${path}, ${locale}`);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    };
    await check(provider.page, '/messages', async (p) => {
      await expect(p.locator('.inbox__item')).toHaveCount(1);
    });
    await check(provider.page, `/messages/${bookingId}`, async (p) => {
      await expect(p.locator('.message')).toHaveCount(1);
      await p.locator('.message .link-button').click();
      await expect(p.locator('.message textarea')).toBeVisible();
    });
    await check(provider.page, `/bookings/${bookingId}`, async (p) => {
      await expect(p.locator('.review-form')).toBeVisible();
      await expect(p.locator('.conversation .message')).toHaveCount(1);
    });
    await check(client.page, `/bookings/${bookingId}`, async (p) => {
      await expect(p.locator('.booking-reviews .review')).toHaveCount(1);
      await expect(p.locator('.booking-reviews .alert--warning')).toBeVisible();
    });
    await check(provider.page, '/notifications', async (p) => {
      await expect(p.locator('.notifications__item').first()).toBeVisible();
    });
    await check(provider.page, '/account/notifications', async (p) => {
      await expect(p.locator('.preferences__table input')).toHaveCount(15);
    });
  });
}
