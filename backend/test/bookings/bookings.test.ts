import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingJobs } from '../../src/modules/bookings/bookings.service';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { SMOKE_SERVICE_SLUG, seedDatabase } from '../../src/seed/seed.service';
import { as, sessionCookie, signIn, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('booking lifecycle over HTTP', () => {
  let t: TestApp;
  let client: TestSession;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
  });
  afterAll(() => t.close());

  const act = (session: TestSession, bookingId: string, action: string, payload: Record<string, unknown>) =>
    as(t, session)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/${action}`, payload });
  const view = async (session: TestSession, bookingId: string) =>
    (await as(t, session)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json();
  const queued = (recipient: string) =>
    t.db.outboxMessage.findMany({ where: { recipient, template: 'notice' }, orderBy: { createdAt: 'asc' } });
  /** Time passes for a booking: its times move by `ms` (into the past when negative). */
  const shift = async (bookingId: string, ms: number) => {
    const row = await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    const by = (d: Date) => new Date(d.getTime() + ms);
    await t.db.booking.update({
      where: { id: bookingId },
      data: { startAt: by(row.startAt), endAt: by(row.endAt), blockStart: by(row.blockStart), blockEnd: by(row.blockEnd) },
    });
  };

  it('request → accept → check-in → complete → confirm, each step audited, notified and offered only when allowed', async () => {
    const { provider, service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const created = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) });
    expect(created.statusCode).toBe(201);
    const bookingId = created.json().ids[0] as string;

    let booking = await view(provider, bookingId);
    expect(booking).toMatchObject({
      status: 'requested',
      version: 1,
      viewerRole: 'provider',
      priceMinor: 30_000,
      currency: 'MAD',
      paymentMethod: 'cash',
    });
    expect(booking.allowedActions).toEqual(expect.arrayContaining(['accept', 'decline', 'cancel']));
    expect((await view(client, bookingId)).allowedActions).toEqual(expect.arrayContaining(['cancel']));
    expect((await view(client, bookingId)).allowedActions).not.toContain('accept');
    // The provider is told, in their language, by mail and SMS (phone verified).
    const providerUser = await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } });
    const toProvider = await queued(providerUser.email);
    expect(toProvider).toHaveLength(1);
    expect(JSON.parse(toProvider[0]!.payload)).toMatchObject({
      subject: expect.stringContaining('Nouvelle demande'),
      // The button leads to the booking's page, in the reader's language.
      actionLabel: 'Voir la réservation',
      actionUrl: `${t.config.frontendUrl}/fr/bookings/${bookingId}`,
    });
    expect(await t.db.outboxMessage.count({ where: { recipient: providerUser.phone!, template: 'notice' } })).toBe(1);

    // The client may not accept their own request.
    const refused = await act(client, bookingId, 'accept', { version: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('BOOKING_TRANSITION_NOT_ALLOWED');

    booking = (await act(provider, bookingId, 'accept', { version: 1 })).json();
    expect(booking).toMatchObject({ status: 'accepted', version: 2 });
    booking = (await act(provider, bookingId, 'checkIn', { version: 2 })).json();
    expect(booking.status).toBe('in_progress');
    booking = (await act(provider, bookingId, 'complete', { version: 3 })).json();
    expect(booking.status).toBe('completed');
    const confirmed = await act(client, bookingId, 'confirm', { version: 4 });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', version: 5 });
    expect(confirmed.json().timeline.map((entry: { event: string }) => entry.event)).toEqual([
      'requested',
      'accepted',
      'checked_in',
      'completed',
      'confirmed',
    ]);
    expect(await t.db.auditLog.count({ where: { subjectId: bookingId, action: { startsWith: 'booking.' } } })).toBe(5);
  });

  it('refuses a stale write (two tabs): the second change with the same version gets 409, not merged', async () => {
    const { provider, service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) })).json()
      .ids[0];
    const [first, second] = await Promise.all([
      act(provider, bookingId, 'accept', { version: 1 }),
      act(provider, bookingId, 'decline', { version: 1, reason: 'Indisponible' }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.statusCode === 409 ? first : second;
    expect(loser.json().error.code).toBe('BOOKING_STALE');
    expect((await view(provider, bookingId)).version).toBe(2);
  });

  it('lets the client cancel for free before the policy window, and charges the late fee inside it', async () => {
    const { provider, service } = await bookableService(t, { schedule: { freeCancellationHours: 24, lateCancellationFeeBps: 2500 } });
    const slots = await nextSlots(t, service.id, 5);
    const soon = slots[0]!;
    const later = slots.find((slot) => new Date(slot).getTime() > Date.now() + 48 * HOUR)!;

    const free = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, later) })).json().ids[0];
    await act(provider, free, 'accept', { version: 1 });
    const freeCancel = await act(client, free, 'cancel', { version: 2 });
    expect(freeCancel.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'client', cancellationFeeMinor: 0 });

    const late = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, soon) })).json().ids[0];
    await act(provider, late, 'accept', { version: 1 });
    const lateCancel = await act(client, late, 'cancel', { version: 2, reason: 'Empêchement' });
    expect(lateCancel.json()).toMatchObject({ status: 'cancelled', cancellationFeeMinor: 7_500 });
    const providerUser = await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } });
    const notice = (await queued(providerUser.email)).at(-1)!;
    expect(JSON.parse(notice.payload).body).toMatch(/75,00\s?MAD|MAD\s?75,00/);

    // A cancelled booking frees the time: the slot can be booked again.
    expect((await nextSlots(t, service.id)).includes(soon)).toBe(true);
  });

  it('counts a cancellation by the provider on the provider, with no fee for the client', async () => {
    const { provider, service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const id = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) })).json().ids[0];
    await act(provider, id, 'accept', { version: 1 });
    const res = await act(provider, id, 'cancel', { version: 2, reason: 'Malade' });
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'provider', cancellationFeeMinor: 0 });
    expect(await t.db.booking.count({ where: { provider: { userId: provider.userId }, cancelledBy: 'provider' } })).toBe(1);
  });

  it('reschedules: one side proposes a free time, the other accepts; the old time is free again', async () => {
    const { provider, service } = await bookableService(t);
    const slots = await nextSlots(t, service.id, 4);
    const [original, , , proposed] = [slots[0]!, slots[1], slots[2], slots.at(-3)!];
    const id = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, original) })).json().ids[0];
    await act(provider, id, 'accept', { version: 1 });

    // The proposer cannot answer their own proposal.
    const proposal = await act(client, id, 'proposeReschedule', { version: 2, proposedStartAt: proposed });
    expect(proposal.json()).toMatchObject({ status: 'accepted', proposedBy: 'client', proposedStartAt: proposed });
    expect((await act(client, id, 'acceptReschedule', { version: 3 })).json().error.code).toBe('BOOKING_TRANSITION_NOT_ALLOWED');

    const moved = await act(provider, id, 'acceptReschedule', { version: 3 });
    expect(moved.json()).toMatchObject({ status: 'accepted', startAt: proposed, proposedStartAt: null });
    const free = await nextSlots(t, service.id, 4);
    expect(free).toContain(original);
    expect(free).not.toContain(proposed);
  });

  it('refuses a proposed time that is not free', async () => {
    const { provider, service } = await bookableService(t);
    // Slots are 30 minutes apart and jobs last an hour: a and b do not overlap.
    const [a, , b] = await nextSlots(t, service.id);
    const first = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, a!) })).json().ids[0];
    expect((await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, b!) })).statusCode).toBe(201);
    await act(provider, first, 'accept', { version: 1 });
    const res = await act(provider, first, 'proposeReschedule', { version: 2, proposedStartAt: b });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SLOT_UNAVAILABLE', details: { unavailable: [b] } });
  });

  it('declines, marks a no-show after the start, and opens a dispute on a completed job', async () => {
    const { provider, service } = await bookableService(t);
    const [a, , b] = await nextSlots(t, service.id);
    const book = async (slot: string) =>
      (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot) })).json().ids[0] as string;

    const declined = await act(provider, await book(a!), 'decline', { version: 1, reason: 'Trop loin' });
    expect(declined.json()).toMatchObject({ status: 'declined', reason: 'Trop loin' });

    const absent = await book(b!);
    await act(provider, absent, 'accept', { version: 1 });
    expect((await view(provider, absent)).allowedActions).not.toContain('noShow');
    await shift(absent, -2 * 24 * HOUR);
    expect((await act(provider, absent, 'noShow', { version: 2 })).json().status).toBe('no_show');

    // The declined request freed its time: the first slot again, close enough to check in.
    const disputed = await book(a!);
    for (const [action, version] of [
      ['accept', 1],
      ['checkIn', 2],
      ['complete', 3],
    ] as const)
      await act(provider, disputed, action, { version });
    const res = await act(client, disputed, 'dispute', { version: 4, reason: 'Travail inachevé' });
    expect(res.json()).toMatchObject({ status: 'disputed', reason: 'Travail inachevé' });
  });

  it('books a weekly series in one go, and cancels one occurrence or the rest', async () => {
    const { provider, service } = await bookableService(t);
    // Not the first slot: it may start while the test runs.
    const [, slot] = await nextSlots(t, service.id);
    const res = await as(
      t,
      client,
    )({
      method: 'POST',
      url: '/api/bookings',
      payload: bookingBody(service.id, slot!, { recurrence: { everyWeeks: 1, occurrences: 4 } }),
    });
    expect(res.statusCode).toBe(201);
    const { ids, seriesId } = res.json();
    expect(ids).toHaveLength(4);
    const rows = await t.db.booking.findMany({ where: { seriesId }, orderBy: { startAt: 'asc' } });
    expect(rows.map((row) => row.startAt.getTime() - rows[0]!.startAt.getTime())).toEqual([0, 7, 14, 21].map((d) => d * 24 * HOUR));
    // Only the first occurrence notifies the provider.
    const providerUser = await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } });
    expect(await queued(providerUser.email)).toHaveLength(1);

    expect((await act(client, ids[1], 'cancel', { version: 1 })).json().status).toBe('cancelled');
    expect((await act(client, ids[2], 'cancel', { version: 1, scope: 'following' })).json().status).toBe('cancelled');
    const after = await t.db.booking.findMany({ where: { seriesId }, orderBy: { startAt: 'asc' } });
    expect(after.map((row) => row.status)).toEqual(['requested', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('refuses a request overlapping another booking of the provider, and offers no overlapping slot', async () => {
    const { service } = await bookableService(t);
    const [a, b] = await nextSlots(t, service.id);
    expect((await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, a!) })).statusCode).toBe(201);
    const res = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, b!) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SLOT_UNAVAILABLE');
    const free = await nextSlots(t, service.id);
    expect(free).not.toContain(a);
    expect(free).not.toContain(b);
  });

  it('refuses a series when one occurrence is taken, naming it, and writes nothing', async () => {
    const { service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const nextWeek = new Date(new Date(slot!).getTime() + 7 * 24 * HOUR).toISOString();
    const other = await signUp(t);
    expect((await as(t, other)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, nextWeek) })).statusCode).toBe(201);
    const res = await as(
      t,
      client,
    )({
      method: 'POST',
      url: '/api/bookings',
      payload: bookingBody(service.id, slot!, { recurrence: { everyWeeks: 1, occurrences: 3 } }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SLOT_UNAVAILABLE', details: { unavailable: [nextWeek] } });
    expect(await t.db.booking.count({ where: { serviceId: service.id, clientId: client.userId } })).toBe(0);
  });

  it('expires an unanswered request, confirms a completed job after 72 hours, and reminds both parties once', async () => {
    const { provider, service } = await bookableService(t);
    const slots = await nextSlots(t, service.id, 5);
    const jobs = bookingJobs({ config: t.config });
    const book = async (slot: string) =>
      (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot) })).json().ids[0] as string;

    const unanswered = await book(slots.find((s) => new Date(s).getTime() > Date.now() + 30 * HOUR)!);
    await runDueJobs({ db: t.db, jobs, now: () => new Date(Date.now() + 25 * HOUR) });
    expect((await view(client, unanswered)).status).toBe('expired');

    const done = await book(slots[0]!);
    for (const [action, version] of [
      ['accept', 1],
      ['checkIn', 2],
      ['complete', 3],
    ] as const)
      await act(provider, done, action, { version });
    await runDueJobs({ db: t.db, jobs, now: () => new Date(Date.now() + 71 * HOUR) });
    expect((await view(client, done)).status).toBe('completed');
    await runDueJobs({ db: t.db, jobs, now: () => new Date(Date.now() + 73 * HOUR) });
    const autoConfirmed = await view(client, done);
    expect(autoConfirmed.status).toBe('confirmed');
    expect(autoConfirmed.timeline.at(-1)).toMatchObject({ event: 'confirmed', by: 'system' });

    const reminded = await book(slots.find((s) => new Date(s).getTime() > Date.now() + 30 * HOUR)!);
    await act(provider, reminded, 'accept', { version: 1 });
    const reminders = await t.db.outboxMessage.findMany({ where: { template: 'bookings.reminder', payload: { contains: reminded } } });
    expect(reminders.map((row) => JSON.parse(row.payload).hours).sort()).toEqual(['1', '24']);
    const clientUser = await t.db.user.findUniqueOrThrow({ where: { id: client.userId } });
    const before = (await queued(clientUser.email)).length;
    const startAt = (await view(client, reminded)).startAt as string;
    for (let i = 0; i < 2; i += 1) await runDueJobs({ db: t.db, jobs, now: () => new Date(new Date(startAt).getTime() - 30 * 60_000) });
    const after = await queued(clientUser.email);
    expect(after.length - before).toBe(2);
    expect(
      after
        .slice(-2)
        .map((row) => JSON.parse(row.payload).subject as string)
        .every((s) => s.startsWith('Rappel')),
    ).toBe(true);
  });

  it('serves the booking as an .ics file to its parties and a private, revocable agenda feed', async () => {
    const { provider, service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const id = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) })).json().ids[0];
    const ics = await as(t, client)({ method: 'GET', url: `/api/bookings/${id}/calendar.ics` });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain(`UID:booking-${id}@`);
    expect(ics.body).toContain(`DTSTART:${slot!.replace(/[-:]/g, '').replace('.000', '')}`);

    const feed = await as(t, provider)({ method: 'POST', url: '/api/me/calendar-feed' });
    expect(feed.statusCode).toBe(201);
    const path = new URL(feed.json().url).pathname;
    const agenda = await t.app.inject({ method: 'GET', url: path });
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain(`UID:booking-${id}@`);
    await as(t, provider)({ method: 'DELETE', url: '/api/me/calendar-feed' });
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });
});

describe('demo content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('opens the demo providers Monday to Saturday, so their services can be booked, and keeps a plan changed since', async () => {
    await seedDatabase({ db: t.db, demo: true, generated: false });
    const service = await t.db.service.findFirstOrThrow({ where: { slug: 'karim-reparation-fuite' } });
    const slots = await nextSlots(t, service.id, 8);
    const weekdays = new Set(slots.map((s) => DateTime.fromISO(s, { zone: 'Africa/Casablanca' }).weekday));
    expect([...weekdays].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(slots.every((s) => DateTime.fromISO(s, { zone: 'Africa/Casablanca' }).hour >= 8)).toBe(true);
    await t.db.providerSchedule.update({ where: { providerId: service.providerId }, data: { weeklyPlan: '[]' } });
    await seedDatabase({ db: t.db, demo: true, generated: false });
    expect(await nextSlots(t, service.id, 8)).toEqual([]);
  });
});

describe("the operators' test provider", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is seeded with the smoke account, even without demo content: its service books by link but is never listed', async () => {
    await seedDatabase({ db: t.db, demo: false, smokeUser: { email: 'smoke-ops@example.test', password: 'smoke password 0123' } });
    const page = await t.app.inject({ method: 'GET', url: `/api/services/${SMOKE_SERVICE_SLUG}` });
    expect(page.statusCode).toBe(200);
    const service = page.json() as { id: string };
    const provider = await t.db.user.findUniqueOrThrow({ where: { email: 'smoke-ops+provider@example.test' } });
    expect(provider.role).toBe('provider');
    expect(await t.db.service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ listed: false });
    const found = await t.app.inject({ method: 'GET', url: '/api/search/services?q=supervision' });
    expect(found.json()).toMatchObject({ total: 0 });
    const slot = (await nextSlots(t, service.id, 2)).at(-1)!;
    const signedIn = await signIn(t, 'smoke-ops@example.test', 'smoke password 0123');
    const smoke = { cookie: sessionCookie(signedIn), csrf: signedIn.json().csrfToken as string };
    const booked = await as(t, smoke)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot) });
    expect(booked.statusCode).toBe(201);
    // A second seed changes nothing.
    await seedDatabase({ db: t.db, demo: false, smokeUser: { email: 'smoke-ops@example.test', password: 'smoke password 0123' } });
    expect(await t.db.service.count({ where: { slug: SMOKE_SERVICE_SLUG } })).toBe(1);
  });
});
