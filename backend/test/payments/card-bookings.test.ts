import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingJobs } from '../../src/modules/bookings/bookings.service';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { paymentJobs } from '../../src/modules/payments/payments.service';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createPaymentsApp, eventsOf, webhook, type PaymentsTestApp } from '../support/payments';

// A card booking, through the API: the provider sees it only once the card is authorised;
// the hold is captured at confirmation, the fee only on a late cancellation, released otherwise.
describe('card bookings', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let provider: TestSession;
  let serviceId: string;
  let slots: string[];
  beforeAll(async () => {
    t = await createPaymentsApp();
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t, { priceMinor: 30_000 });
    provider = bookable.provider;
    serviceId = bookable.service.id;
    slots = await nextSlots(t, serviceId, 3);
  });
  afterAll(() => t.close());

  let slotIndex = 0;
  /** A start at least `hoursAhead` away, each used once. */
  const freeSlot = (hoursAhead = 0) => {
    while (new Date(slots[slotIndex]!).getTime() < Date.now() + hoursAhead * 3_600_000) slotIndex += 2;
    const slot = slots[slotIndex]!;
    slotIndex += 2;
    return slot;
  };
  const jobs = () =>
    runDueJobs({
      db: t.db,
      jobs: { ...bookingJobs({ config: t.config }), ...paymentJobs({ db: t.db, stripe: t.stripe, config: t.config }) },
    });
  const providerNotices = async () =>
    t.db.outboxMessage.count({ where: { recipient: (await t.db.user.findUniqueOrThrow({ where: { id: provider.userId } })).email } });

  /** Books by card and authorises the card as the checkout would; returns the booking and its intent. */
  async function authorisedBooking(startAt = freeSlot()) {
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt, { paymentMethod: 'card' }) });
    expect(created.statusCode).toBe(201);
    const bookingId = created.json().ids[0] as string;
    const started = await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` });
    expect(started.statusCode).toBe(200);
    const intentId = started.json().intentId as string;
    await t.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    const [authorised] = eventsOf(t, intentId, 'payment_intent.amount_capturable_updated');
    expect((await webhook(t, authorised!.id)).statusCode).toBe(200);
    return { bookingId, intentId };
  }

  it('shows the request to the provider only once the card is authorised', async () => {
    const noticesBefore = await providerNotices();
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, freeSlot(), { paymentMethod: 'card' }) });
    const bookingId = created.json().ids[0] as string;
    const url = `/api/bookings/${bookingId}`;
    expect((await as(t, client)({ method: 'GET', url })).json().status).toBe('awaiting_payment');
    expect((await as(t, provider)({ method: 'GET', url })).statusCode).toBe(404);
    expect(
      (await as(t, provider)({ method: 'GET', url: '/api/bookings?as=provider' })).json().bookings.map((b: { id: string }) => b.id),
    ).not.toContain(bookingId);
    expect(await providerNotices()).toBe(noticesBefore);

    const first = (await as(t, client)({ method: 'POST', url: `${url}/payment` })).json();
    const again = (await as(t, client)({ method: 'POST', url: `${url}/payment` })).json();
    expect(first).toMatchObject({ status: 'authorising', amountMinor: 30_000, currency: 'MAD', commissionBps: 1500 });
    expect(again.intentId).toBe(first.intentId);
    expect(first.clientSecret).toMatch(/^pi_\w+_secret_/);

    // A declined card leaves the booking waiting; another card is authorised.
    await expect(t.stripe.paymentIntents.confirm(first.intentId, { payment_method: 'pm_card_chargeDeclined' })).rejects.toMatchObject({
      code: 'card_declined',
    });
    await webhook(t, eventsOf(t, first.intentId, 'payment_intent.payment_failed')[0]!.id);
    expect((await as(t, client)({ method: 'GET', url: `${url}/payment` })).json().payment.status).toBe('failed');
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('awaiting_payment');
    await t.stripe.paymentIntents.confirm(first.intentId, { payment_method: 'pm_card_visa' });
    await webhook(t, eventsOf(t, first.intentId, 'payment_intent.amount_capturable_updated')[0]!.id);

    const seen = await as(t, provider)({ method: 'GET', url });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'requested', allowedActions: expect.arrayContaining(['accept', 'decline']) });
    expect(await providerNotices()).toBeGreaterThan(noticesBefore);
    expect((await as(t, client)({ method: 'GET', url: `${url}/payment` })).json().payment.status).toBe('authorised');
  });

  it('captures the whole hold once the client confirms the job, and books it in the ledger', async () => {
    const { bookingId, intentId } = await authorisedBooking();
    await t.db.booking.update({ where: { id: bookingId }, data: { status: 'completed', completedAt: new Date() } });
    const booking = await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    const confirmed = await as(
      t,
      client,
    )({ method: 'POST', url: `/api/bookings/${bookingId}/actions/confirm`, payload: { version: booking.version } });
    expect(confirmed.statusCode).toBe(200);
    await jobs();
    await jobs();
    expect(t.localStripe.captures(intentId)).toBe(1);
    const view = (await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}/payment` })).json();
    expect(view.payment.status).toBe('captured');
    expect(view.balances.map((b: { account: string; sumMinor: number }) => [b.account, b.sumMinor])).toEqual([
      ['card_clearing', 30_000],
      ['platform_commission', -4_500],
      ['provider_payable', -25_500],
    ]);
    const earnings = await as(t, provider)({ method: 'GET', url: '/api/me/earnings' });
    expect(earnings.json().positions).toContainEqual(expect.objectContaining({ currency: 'MAD', payableMinor: 25_500 }));
    // The client is told once, in the transaction that posted the capture, whatever syncs followed.
    const bell = (await as(t, client)({ method: 'GET', url: '/api/me/notifications' })).json();
    const told = bell.notifications.filter(
      (n: { kind: string; bookingId: string }) => n.kind === 'payment.captured' && n.bookingId === bookingId,
    );
    expect(told).toHaveLength(1);
    expect(told[0].title).toMatch(/300/);
  });

  it('releases the hold when the provider declines', async () => {
    const { bookingId, intentId } = await authorisedBooking();
    const declined = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/decline`, payload: { version: 2 } });
    expect(declined.statusCode).toBe(200);
    await jobs();
    expect((await t.stripe.paymentIntents.retrieve(intentId)).status).toBe('canceled');
    expect((await t.db.payment.findUniqueOrThrow({ where: { bookingId } })).status).toBe('released');
    expect(await t.db.ledgerMovement.count({ where: { bookingId } })).toBe(0);
  });

  it('captures only the fee on a late cancellation by the client', async () => {
    const { bookingId, intentId } = await authorisedBooking(freeSlot());
    // The slot is within the 24 h free-cancellation window or not; the fee follows the policy either way.
    const startsIn = (await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).startAt.getTime() - Date.now();
    expect(
      (await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 2 } })).statusCode,
    ).toBe(200);
    // Make the job start in an hour: inside the window.
    if (startsIn > 3_600_000) {
      const start = new Date(Date.now() + 3_600_000);
      await t.db.$executeRaw`UPDATE "Booking" SET "startAt" = ${start} WHERE "id" = ${bookingId}`;
    }
    const cancelled = await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/cancel`, payload: { version: 3 } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().cancellationFeeMinor).toBe(6_000);
    await jobs();
    const intent = await t.stripe.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 6_000 });
    const movements = await t.db.ledgerMovement.findMany({ where: { bookingId }, include: { entries: true } });
    expect(movements).toHaveLength(1);
    expect(movements[0]!.entries.map((e) => e.amountMinor).sort((a, b) => a - b)).toEqual([-5_100, -900, 6_000]);
  });

  it('frees the time when the card is never authorised', async () => {
    const startAt = freeSlot();
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt, { paymentMethod: 'card' }) });
    const bookingId = created.json().ids[0] as string;
    // The time is held meanwhile.
    const other = await signUp(t);
    expect((await as(t, other)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt) })).statusCode).toBe(409);
    await runDueJobs({ db: t.db, jobs: bookingJobs({ config: t.config }), now: () => new Date(Date.now() + 31 * 60_000) });
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('expired');
    expect((await as(t, other)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt) })).statusCode).toBe(201);
  });

  it('refuses card payment for a series, and saves the card of a job beyond the hold', async () => {
    const series = await as(
      t,
      client,
    )({
      method: 'POST',
      url: '/api/bookings',
      payload: bookingBody(serviceId, freeSlot(), { paymentMethod: 'card', recurrence: { everyWeeks: 1, occurrences: 2 } }),
    });
    expect(series.statusCode).toBe(400);
    expect(series.json().error.code).toBe('CARD_SERIES_NOT_SUPPORTED');
    const far = await nextSlots(t, serviceId, 10);
    const late = far.find((s) => new Date(s).getTime() > Date.now() + 5 * 86_400_000)!;
    const beyond = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, late, { paymentMethod: 'card' }) });
    expect(beyond.statusCode).toBe(201);
    const started = await as(t, client)({ method: 'POST', url: `/api/bookings/${beyond.json().ids[0]}/payment` });
    expect(started.json()).toMatchObject({ mode: 'setup', clientSecret: expect.stringMatching(/^seti_\w+_secret_/) });
  });
});
