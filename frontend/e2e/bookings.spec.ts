import { expect, test, type Page } from '@playwright/test';
import { newPerson, signInWithForm, signUpViaApi } from './accounts';
import { expectNoAxeViolations } from './axe';
import { waitForHydration } from './app';
import { actViaApi, bookableService, freeSlots, memberInBrowser, requestViaApi, type Member } from './bookings';
import { adminApi, createAdminAccount, documentPng } from './kyc';

// The booking lifecycle as its two parties live it, each in a browser of their own: the
// client books on the service page, the provider answers on the booking page, and each
// page offers exactly the actions the API allows now.
let admin: Awaited<ReturnType<typeof adminApi>>;
const members: Member[] = [];
test.beforeAll(async ({ baseURL }) => {
  admin = await adminApi(baseURL!, createAdminAccount('bookings'));
});
test.afterAll(async () => {
  for (const member of members) await member.context.close();
  await admin.api.dispose();
});

const status = (page: Page) => page.getByRole('main').locator('.facts__item').filter({ hasText: 'État' }).locator('dd');
const actions = (page: Page) => page.getByRole('region', { name: 'Que faire maintenant ?' });

async function openBooking(page: Page, id: string) {
  await page.goto(`/fr/bookings/${id}`);
  await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();
}

async function act(page: Page, action: string, done: string) {
  await actions(page).getByRole('button', { name: action, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: done })).toBeVisible();
}

async function setUp(browser: Parameters<typeof bookableService>[0], title: string) {
  const bookable = await bookableService(browser, admin, title);
  const client = await memberInBrowser(browser, 'client', 'client', 'Amina Benali');
  members.push(bookable.provider, client);
  return { ...bookable, client };
}

test('request → accept → check-in → complete → confirm, with a photo of the job', async ({ browser, page, request }) => {
  test.setTimeout(90_000);
  const { provider, service } = await bookableService(browser, admin, 'Ménage complet Agdal');
  members.push(provider);
  // The client is signed out in this browser: picking a time sends them to sign in, then back.
  const person = newPerson('client', 'Amina Benali');
  await signUpViaApi(request, person);

  await page.goto(`/fr/services/${service.slug}`);
  await waitForHydration(page);
  const picker = page.getByRole('region', { name: 'Réserver un créneau' });
  await expect(picker.getByText(/^Heures de /)).toBeVisible();
  // The second free time of the first day with any (the first might pass while the test runs):
  // within the hour, so the provider may check in.
  const times = picker.getByRole('group', { name: /^Heures libres le / }).getByRole('button');
  await expect(times.first()).toBeVisible();
  await times.nth((await times.count()) > 1 ? 1 : 0).click();
  await expect(page).toHaveURL(/\/fr\/sign-in\?next=/);
  await signInWithForm(page, person);
  await expect(page).toHaveURL(/\/fr\/services\/.+\/book\?start=/);

  await expect(page.getByRole('heading', { name: `Réserver : ${service.title}` })).toBeVisible();
  await page.getByLabel('Adresse de l’intervention').fill('12 rue des Orangers, Agdal, Rabat');
  await page.getByLabel('Précisions (facultatif)').fill('Deuxième étage, code 1234');
  await page.getByLabel(/^Photos du travail/).setInputFiles({ name: 'salon.png', mimeType: 'image/png', buffer: documentPng(90) });
  await expect(page.getByRole('img', { name: 'Photo 1 du travail' })).toBeVisible();
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();

  await expect(page).toHaveURL(/\/fr\/bookings\/[^/]+$/);
  const bookingId = page.url().split('/').pop()!;
  await expect(status(page)).toHaveText('Demandée');
  await expect(actions(page).getByRole('button')).toHaveText(['Annuler la réservation', 'Proposer un autre horaire']);
  // The time as the provider's wall clock shows it, computed by the API (not by the browser's time-zone data).
  const { local } = (await (await page.request.get(`/api/bookings/${bookingId}`)).json()) as { local: { startAt: string } };
  const when = page.locator('.facts__item').filter({ hasText: 'Date et heure' });
  await expect(when).toContainText(local.startAt.slice(11, 16));
  await expect(when).toContainText(`Casablanca (UTC${local.startAt.slice(16)})`);

  // The provider finds it in their agenda, opens it, sees the photo and answers.
  const agenda = provider.page;
  await agenda.goto('/fr/my/agenda');
  await agenda.getByLabel('Jour', { exact: true }).check();
  await agenda.getByRole('link', { name: service.title }).click();
  await expect(agenda).toHaveURL(`/fr/bookings/${bookingId}`);
  const photo = agenda.getByRole('img', { name: 'Photo 1 du travail' });
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(actions(agenda).getByRole('button')).toHaveText([
    'Accepter',
    'Refuser',
    'Annuler la réservation',
    'Proposer un autre horaire',
  ]);
  await act(agenda, 'Accepter', 'Réservation acceptée.');
  await expect(status(agenda)).toHaveText('Acceptée');
  await act(agenda, 'Je suis sur place : commencer', 'Intervention commencée.');
  await expect(status(agenda)).toHaveText('En cours');
  await act(agenda, 'Marquer comme terminé', 'Travail marqué comme terminé.');
  await expect(status(agenda)).toHaveText('Terminée');

  await page.reload();
  await expect(status(page)).toHaveText('Terminée');
  await expect(actions(page).getByRole('button')).toHaveText(['Confirmer que le travail est fait', 'Signaler un problème']);
  await act(page, 'Confirmer que le travail est fait', 'Merci : le travail est confirmé.');
  await expect(status(page)).toHaveText('Confirmée');
  await expect(page.getByRole('listitem').filter({ hasText: /Travail confirmé, par le client/ })).toBeVisible();
  for (const step of ['Demande envoyée, par le client', 'Acceptée, par le prestataire', 'Intervention commencée, par le prestataire']) {
    await expect(page.locator('.booking-timeline').getByText(step)).toBeVisible();
  }

  // The client's list has it among the upcoming or past bookings.
  await page.getByRole('navigation', { name: 'Votre compte' }).getByRole('link', { name: 'Mes réservations' }).click();
  await expect(page.getByRole('link', { name: service.title })).toBeVisible();
});

test('a provider declines a request, giving a reason', async ({ browser }) => {
  test.setTimeout(60_000);
  const { provider, service, client } = await setUp(browser, 'Ménage Hassan');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  await openBooking(provider.page, bookingId);
  await actions(provider.page).getByRole('button', { name: 'Refuser', exact: true }).click();
  await provider.page.getByLabel('Motif (facultatif)').fill('Je suis déjà pris ce jour-là.');
  await provider.page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(status(provider.page)).toHaveText('Refusée');
  await openBooking(client.page, bookingId);
  await expect(status(client.page)).toHaveText('Refusée');
  await expect(client.page.getByText('Je suis déjà pris ce jour-là.')).toBeVisible();
  await expect(actions(client.page).getByText('Aucune action n’est possible pour le moment.')).toBeVisible();
});

test('a client cancels for free well ahead, and pays the fee when it is late', async ({ browser }) => {
  test.setTimeout(60_000);
  const { provider, service, client } = await setUp(browser, 'Ménage Océan');
  const slots = await freeSlots(client.api, service.id, 5);
  // More than 24 h ahead (the free-cancellation window of the schedule), and within it.
  const early = slots.find((slot) => Date.parse(slot) > Date.now() + 48 * 3_600_000)!;
  const late = slots[3]!;
  const free = await requestViaApi(client, service.id, early);
  const charged = await requestViaApi(client, service.id, late);
  for (const id of [free, charged]) await actViaApi(provider, id, 'accept');

  const page = client.page;
  await openBooking(page, free);
  await actions(page).getByRole('button', { name: 'Annuler la réservation' }).click();
  await expect(page.getByText('L’annulation est gratuite.')).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(status(page)).toHaveText('Annulée');
  await expect(page.locator('.facts__item').filter({ hasText: 'Frais d’annulation' })).toHaveCount(0);

  await openBooking(page, charged);
  await actions(page).getByRole('button', { name: 'Annuler la réservation' }).click();
  // 20 % of 300 MAD, said before the client confirms.
  await expect(page.getByText(/Des frais d’annulation de 60\sMAD s’appliquent/)).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(status(page)).toHaveText('Annulée');
  await expect(page.locator('.facts__item').filter({ hasText: 'Frais d’annulation' }).locator('dd')).toHaveText(/60\sMAD/);
});

test('a provider proposes a new time and the client accepts it', async ({ browser }) => {
  test.setTimeout(60_000);
  const { provider, service, client } = await setUp(browser, 'Ménage Souissi');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  await actViaApi(provider, bookingId, 'accept');

  await openBooking(provider.page, bookingId);
  const before = await provider.page.locator('.facts__item').filter({ hasText: 'Date et heure' }).locator('bdi').textContent();
  await actions(provider.page).getByRole('button', { name: 'Proposer un autre horaire' }).click();
  const picker = provider.page.getByRole('region', { name: 'Choisissez le nouvel horaire à proposer' });
  // The next day that has free times, its last one: surely not the booked time.
  await picker.getByRole('group', { name: 'Jour' }).getByRole('button', { disabled: false }).nth(1).click();
  await picker
    .getByRole('group', { name: /^Heures libres le / })
    .getByRole('button')
    .last()
    .click();
  await provider.page.getByRole('button', { name: /^Proposer le / }).click();
  await expect(provider.page.getByRole('status').filter({ hasText: 'Nouvel horaire proposé.' })).toBeVisible();
  await expect(provider.page.getByText(/Nouvel horaire proposé par le prestataire/)).toBeVisible();

  await openBooking(client.page, bookingId);
  await expect(client.page.getByText(/Nouvel horaire proposé par le prestataire/)).toBeVisible();
  await act(client.page, 'Accepter le nouvel horaire', 'Nouvel horaire accepté.');
  await expect(status(client.page)).toHaveText('Acceptée');
  await expect(client.page.locator('.facts__item').filter({ hasText: 'Date et heure' }).locator('bdi')).not.toHaveText(before!);
  await expect(client.page.locator('.booking-timeline').getByText('Nouvel horaire accepté, par le client')).toBeVisible();
});

test('a stale page is refused with a clear message and reloaded', async ({ browser }) => {
  test.setTimeout(60_000);
  const { provider, service, client } = await setUp(browser, 'Ménage Hay Riad');
  const [, , slot] = await freeSlots(client.api, service.id);
  const bookingId = await requestViaApi(client, service.id, slot!);
  // A page that does not hear of changes as they happen (no live stream: a dropped connection).
  await provider.page.route('**/api/me/events', (route) => route.abort());
  await openBooking(provider.page, bookingId);
  // Meanwhile, the client cancels (another device): the provider's page still shows the request.
  await actViaApi(client, bookingId, 'cancel');
  await actions(provider.page).getByRole('button', { name: 'Accepter', exact: true }).click();
  await expect(provider.page.getByRole('alert')).toContainText('Cette réservation a changé entre-temps');
  await expect(status(provider.page)).toHaveText('Annulée');
});

test('a provider sets their hours, a day off and a private calendar feed', async ({ browser }) => {
  test.setTimeout(60_000);
  const { provider, service, client } = await setUp(browser, 'Ménage Akkari');
  const bookingId = await requestViaApi(client, service.id, (await freeSlots(client.api, service.id))[2]!);
  await actViaApi(provider, bookingId, 'accept');
  const page = provider.page;
  await page.goto('/fr/my/agenda');
  await page.getByRole('link', { name: 'Mes disponibilités' }).click();
  await expect(page.getByRole('heading', { name: 'Mes disponibilités', level: 1 })).toBeVisible();

  // Sundays off: the plan loses its Sunday hours, and the slot API follows.
  const sunday = page.getByRole('group', { name: 'Dimanche' });
  await sunday.getByRole('button', { name: 'Retirer la plage 1 du Dimanche' }).click();
  await page.getByLabel('Délai minimal avant un rendez-vous (minutes)').fill('60');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Disponibilités enregistrées.' })).toBeVisible();
  const schedule = (await (await page.request.get('/api/me/schedule')).json()) as {
    weeklyPlan: { weekday: number }[];
    minNoticeMinutes: number;
  };
  expect(schedule.weeklyPlan.map((w) => w.weekday)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(schedule.minNoticeMinutes).toBe(60);

  // A day off on a date a week from now.
  const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByRole('button', { name: 'Ajouter l’exception' }).click();
  await expect(page.getByRole('button', { name: /^Retirer l’exception du / })).toBeVisible();
  const around = await client.api.get(`/api/services/${service.id}/slots`, { params: { from: date, to: date } });
  expect(((await around.json()) as { localSlots: string[] }).localSlots).toEqual([]);

  // The feed: made, read as a calendar by anyone who has the URL, then revoked.
  await page.getByRole('button', { name: 'Créer une adresse d’abonnement' }).click();
  const url = await page.getByLabel('Adresse d’abonnement').inputValue();
  const feed = await client.api.get(url);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await page.getByRole('button', { name: 'Désactiver l’abonnement' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Abonnement désactivé.' })).toBeVisible();
  expect((await client.api.get(url)).status()).toBe(404);
});

for (const locale of ['fr', 'ar'] as const) {
  test(`booking pages have no axe violations (${locale})`, async ({ browser }) => {
    // Six pages, each read by axe: slow on a loaded machine.
    test.setTimeout(180_000);
    const { provider, service, client } = await setUp(browser, `Ménage axe ${locale}`);
    const [, , slot] = await freeSlots(client.api, service.id);
    const bookingId = await requestViaApi(client, service.id, slot!);
    const page = client.page;
    const check = async (path: string, ready: (p: Page) => Promise<void>, who = page) => {
      await who.goto(`/${locale}${path}`);
      await expect(who.locator('html')).toHaveAttribute('lang', locale);
      await ready(who);
      await expectNoAxeViolations(who, `${path}, ${locale}`);
    };
    await check(`/services/${service.slug}`, async (p) => {
      await expect(p.locator('.slot-picker__time').first()).toBeVisible();
    });
    await check(`/services/${service.slug}/book?start=${encodeURIComponent(slot!)}`, async (p) => {
      await expect(p.locator('.booking-form input[name="address"]')).toBeVisible();
      await expect(p.locator('.booking-form bdi').first()).toBeVisible();
    });
    await check(`/bookings/${bookingId}`, async (p) => {
      await expect(p.locator('.booking-timeline li')).toHaveCount(1);
      // The cancel confirmation too, with its fee line.
      await p.locator('.booking-actions__buttons button').first().click();
      await expect(p.locator('.booking-actions__fee')).toBeVisible();
    });
    await check('/bookings', async (p) => {
      await expect(p.locator('.booking-card')).toHaveCount(1);
    });
    await check(
      '/my/availability',
      async (p) => {
        await expect(p.locator('.schedule-editor')).toBeVisible();
      },
      provider.page,
    );
    await check(
      '/my/agenda',
      async (p) => {
        await expect(p.locator('.agenda__column')).toHaveCount(7);
      },
      provider.page,
    );
  });
}
