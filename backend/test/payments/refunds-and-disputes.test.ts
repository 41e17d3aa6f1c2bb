import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundPayment } from '../../src/modules/payments/payments.service';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createPaymentsApp, eventsOf, runPaymentJobs, webhook, type PaymentsTestApp } from '../support/payments';

// Money going back: a captured payment refunded per the cancellation policy when the job will
// not happen, an admin's outcome of a disputed booking, and a lost card chargeback.
describe('refunds and dispute outcomes', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let provider: TestSession;
  let admin: TestSession;
  let serviceId: string;
  let slots: string[];
  const PRICE = 30_000;
  beforeAll(async () => {
    t = await createPaymentsApp();
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t, { priceMinor: PRICE });
    provider = bookable.provider;
    serviceId = bookable.service.id;
    slots = await nextSlots(t, serviceId, 3);
    admin = await adminWithSecondFactor(t, { email: `ops-${Date.now()}@example.test` });
  });
  afterAll(() => t.close());

  let slotIndex = 0;
  const freeSlot = () => {
    while (new Date(slots[slotIndex]!).getTime() < Date.now() + 2 * 3_600_000) slotIndex += 2;
    const slot = slots[slotIndex]!;
    slotIndex += 2;
    return slot;
  };
  const jobs = () => runPaymentJobs(t);
  const version = async (bookingId: string) => (await t.db.booking.findUnique({ where: { id: bookingId } }))?.version ?? 1;
  const act = async (who: TestSession, bookingId: string, action: string, extra: Record<string, unknown> = {}) =>
    as(
      t,
      who,
    )({
      method: 'POST',
      url: `/api/bookings/${bookingId}/actions/${action}`,
      payload: { version: await version(bookingId), ...extra },
    });
  const balances = async (bookingId: string) =>
    Object.fromEntries(
      (await as(t, admin)({ method: 'GET', url: `/api/bookings/${bookingId}/payment` }))
        .json()
        .balances.map((b: { account: string; sumMinor: number }) => [b.account, b.sumMinor]),
    );
  const refundedOf = async (intentId: string) =>
    (await t.stripe.refunds.list({ payment_intent: intentId })).data.reduce((sum, refund) => sum + refund.amount, 0);

  /** A card booking the provider sees (card authorised, webhook applied). */
  async function authorisedBooking(paymentMethod: 'card' | 'cash' = 'card') {
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, freeSlot(), { paymentMethod }) });
    expect(created.statusCode).toBe(201);
    const bookingId = created.json().ids[0] as string;
    if (paymentMethod === 'cash') return { bookingId, intentId: '' };
    const intentId = (await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` })).json().intentId as string;
    await t.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    expect((await webhook(t, eventsOf(t, intentId, 'payment_intent.amount_capturable_updated')[0]!.id)).statusCode).toBe(200);
    return { bookingId, intentId };
  }

  /** The card charged before the job (as the off-session path may), recorded from Stripe's event. */
  async function chargeEarly(intentId: string) {
    await t.stripe.paymentIntents.capture(intentId);
    await webhook(t, eventsOf(t, intentId, 'payment_intent.succeeded')[0]!.id);
    expect((await t.db.payment.findUniqueOrThrow({ where: { intentId } })).status).toBe('captured');
  }

  /** A job done and disputed by the client. */
  async function disputedBooking(paymentMethod: 'card' | 'cash' = 'card') {
    const booking = await authorisedBooking(paymentMethod);
    expect((await act(provider, booking.bookingId, 'accept')).statusCode).toBe(200);
    await t.db.booking.update({ where: { id: booking.bookingId }, data: { status: 'completed', completedAt: new Date() } });
    expect((await act(client, booking.bookingId, 'dispute', { reason: 'The tap still leaks' })).statusCode).toBe(200);
    return booking;
  }
  const resolve = async (who: TestSession | null, bookingId: string, body: Record<string, unknown>) => {
    const request = {
      method: 'POST' as const,
      url: `/api/admin/bookings/${bookingId}/dispute-resolution`,
      payload: { version: await version(bookingId), ...body },
    };
    return who ? as(t, who)(request) : t.app.inject(request);
  };

  describe('a captured payment refunded per the cancellation policy', () => {
    it('gives everything back on a free cancellation by the client', async () => {
      const { bookingId, intentId } = await authorisedBooking();
      await chargeEarly(intentId);
      const cancelled = await act(client, bookingId, 'cancel');
      expect(cancelled.json().cancellationFeeMinor).toBe(0);
      await jobs();
      await jobs();
      expect(await refundedOf(intentId)).toBe(PRICE);
      expect(await balances(bookingId)).toEqual({ card_clearing: 0, platform_commission: 0, provider_payable: 0 });
    });

    it('keeps the fee on a late cancellation by the client', async () => {
      const { bookingId, intentId } = await authorisedBooking();
      expect((await act(provider, bookingId, 'accept')).statusCode).toBe(200);
      await chargeEarly(intentId);
      // The job starts in an hour: inside the free-cancellation window.
      await t.db.$executeRaw`UPDATE "Booking" SET "startAt" = ${new Date(Date.now() + 3_600_000)} WHERE "id" = ${bookingId}`;
      const cancelled = await act(client, bookingId, 'cancel');
      expect(cancelled.json().cancellationFeeMinor).toBe(6_000);
      await jobs();
      expect(await refundedOf(intentId)).toBe(PRICE - 6_000);
      // What stays is the fee, shared as any capture: 15 % commission, the rest to the provider.
      expect(await balances(bookingId)).toEqual({ card_clearing: 6_000, platform_commission: -900, provider_payable: -5_100 });
    });

    it('gives everything back when the provider cancels or declines', async () => {
      const accepted = await authorisedBooking();
      expect((await act(provider, accepted.bookingId, 'accept')).statusCode).toBe(200);
      await chargeEarly(accepted.intentId);
      await t.db.$executeRaw`UPDATE "Booking" SET "startAt" = ${new Date(Date.now() + 3_600_000)} WHERE "id" = ${accepted.bookingId}`;
      expect((await act(provider, accepted.bookingId, 'cancel')).json().cancellationFeeMinor).toBe(0);
      const requested = await authorisedBooking();
      await chargeEarly(requested.intentId);
      expect((await act(provider, requested.bookingId, 'decline')).statusCode).toBe(200);
      await jobs();
      await jobs();
      expect(await refundedOf(accepted.intentId)).toBe(PRICE);
      expect(await refundedOf(requested.intentId)).toBe(PRICE);
      // One refund each, whatever number of job runs.
      expect((await t.stripe.refunds.list({ payment_intent: requested.intentId })).data).toHaveLength(1);
    });

    it('refuses a refund of more than what remains, before asking Stripe', async () => {
      const { bookingId, intentId } = await authorisedBooking();
      await chargeEarly(intentId);
      const deps = { db: t.db, stripe: t.stripe, config: t.config, bookingId };
      await refundPayment({ ...deps, amountMinor: 20_000, step: 'first' });
      await expect(refundPayment({ ...deps, amountMinor: 10_001, step: 'second' })).rejects.toMatchObject({
        code: 'REFUND_EXCEEDS_REMAINING',
        details: { remainingMinor: 10_000 },
      });
      // A retry of the one that was made only records it.
      await refundPayment({ ...deps, amountMinor: 20_000, step: 'first' });
      expect(await refundedOf(intentId)).toBe(20_000);
    });
  });

  describe('an admin resolves a disputed booking', () => {
    it('is for admins only, and checks its input', async () => {
      const { bookingId } = await disputedBooking();
      expect((await resolve(null, bookingId, { refundMinor: 0, note: 'x' })).statusCode).toBe(401);
      expect((await resolve(client, bookingId, { refundMinor: 0, note: 'x' })).statusCode).toBe(403);
      expect((await resolve(provider, bookingId, { refundMinor: 0, note: 'x' })).statusCode).toBe(403);
      const negative = await resolve(admin, bookingId, { refundMinor: -1, note: 'x' });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().error.code).toBe('VALIDATION_FAILED');
      const fractional = await resolve(admin, bookingId, { refundMinor: 10.5, note: 'x' });
      expect(fractional.statusCode).toBe(400);
      const noNote = await resolve(admin, bookingId, { refundMinor: 0, note: '  ' });
      expect(noNote.statusCode).toBe(400);
      const tooMuch = await resolve(admin, bookingId, { refundMinor: PRICE + 1, note: 'x' });
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.json().error).toMatchObject({ code: 'REFUND_OUT_OF_RANGE', details: { maxMinor: PRICE } });
      expect((await resolve(admin, 'no-such-booking', { refundMinor: 0, note: 'x' })).statusCode).toBe(404);
      // The generic action route does not take it (it needs an amount and a note).
      expect((await act(client, bookingId, 'resolveDispute')).statusCode).toBe(400);
      expect((await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('disputed');
      // The back office lists it.
      expect((await as(t, client)({ method: 'GET', url: '/api/admin/disputes' })).statusCode).toBe(403);
      const listed = (await as(t, admin)({ method: 'GET', url: '/api/admin/disputes' })).json();
      expect(listed.bookings).toContainEqual(expect.objectContaining({ id: bookingId, priceMinor: PRICE, reason: 'The tap still leaks' }));
    });

    it('captures the hold less a partial refund, tells both parties and shows the outcome', async () => {
      const { bookingId, intentId } = await disputedBooking();
      const resolved = await resolve(admin, bookingId, { refundMinor: 10_000, note: 'Half the job was redone by another plumber' });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json()).toMatchObject({ status: 'resolved', allowedActions: [] });
      // Once only: a second decision finds it resolved.
      expect((await resolve(admin, bookingId, { refundMinor: 0, note: 'again' })).statusCode).toBe(409);
      await jobs();
      await jobs();
      expect(await t.stripe.paymentIntents.retrieve(intentId)).toMatchObject({ status: 'succeeded', amount_received: 20_000 });
      expect(t.localStripe.captures(intentId)).toBe(1);
      expect(await balances(bookingId)).toEqual({ card_clearing: 20_000, platform_commission: -3_000, provider_payable: -17_000 });
      const seen = (await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json();
      expect(seen.disputeResolution).toMatchObject({
        refundMinor: 10_000,
        currency: 'MAD',
        note: 'Half the job was redone by another plumber',
      });
      for (const party of [client, provider]) {
        const bell = (await as(t, party)({ method: 'GET', url: '/api/me/notifications' })).json();
        expect(bell.notifications).toContainEqual(expect.objectContaining({ kind: 'booking.dispute_resolved', bookingId }));
      }
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { subjectId: bookingId, action: 'booking.dispute_resolved' } });
      expect(audit.actorId).toBe(admin.userId);
      expect(JSON.parse(audit.detail)).toMatchObject({ refundMinor: 10_000, by: 'admin' });
    });

    it('releases the hold when everything goes back, and captures all of it when nothing does', async () => {
      const all = await disputedBooking();
      const none = await disputedBooking();
      expect((await resolve(admin, all.bookingId, { refundMinor: PRICE, note: 'Not done' })).statusCode).toBe(200);
      expect((await resolve(admin, none.bookingId, { refundMinor: 0, note: 'Done as agreed' })).statusCode).toBe(200);
      await jobs();
      expect((await t.stripe.paymentIntents.retrieve(all.intentId)).status).toBe('canceled');
      expect(await balances(all.bookingId)).toEqual({});
      expect((await t.stripe.paymentIntents.retrieve(none.intentId)).amount_received).toBe(PRICE);
      expect(await balances(none.bookingId)).toEqual({ card_clearing: PRICE, platform_commission: -4_500, provider_payable: -25_500 });
    });

    it('refunds a payment charged already, and refuses more than what remains', async () => {
      const { bookingId, intentId } = await disputedBooking();
      await chargeEarly(intentId);
      await refundPayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId, amountMinor: 25_000, step: 'goodwill' });
      const tooMuch = await resolve(admin, bookingId, { refundMinor: 5_001, note: 'x' });
      expect(tooMuch.statusCode).toBe(409);
      expect(tooMuch.json().error).toMatchObject({ code: 'REFUND_EXCEEDS_REMAINING', details: { remainingMinor: 5_000 } });
      expect((await resolve(admin, bookingId, { refundMinor: 5_000, note: 'All of it back' })).statusCode).toBe(200);
      await jobs();
      expect(await refundedOf(intentId)).toBe(PRICE);
      expect(await balances(bookingId)).toEqual({ card_clearing: 0, platform_commission: 0, provider_payable: 0 });
    });

    it('records the outcome of a cash booking without moving card money', async () => {
      const { bookingId } = await disputedBooking('cash');
      expect((await resolve(admin, bookingId, { refundMinor: 12_000, note: 'The provider returns 120 MAD' })).statusCode).toBe(200);
      await jobs();
      expect(await t.db.ledgerMovement.count({ where: { bookingId } })).toBe(0);
      expect(await t.db.disputeResolution.findUniqueOrThrow({ where: { bookingId } })).toMatchObject({ refundMinor: 12_000 });
      const seen = (await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json();
      expect(seen).toMatchObject({ status: 'resolved', disputeResolution: { refundMinor: 12_000 } });
    });
  });

  it('recovers a lost chargeback from the provider’s payable and shows it to the admin', async () => {
    const { bookingId, intentId } = await authorisedBooking();
    await chargeEarly(intentId);
    const dispute = t.localStripe.openDispute(intentId);
    await webhook(t, eventsOf(t, intentId, 'charge.dispute.created')[0]!.id);
    expect(await balances(bookingId)).toMatchObject({ card_clearing: 0, disputes: PRICE });
    let listed = (await as(t, admin)({ method: 'GET', url: '/api/admin/disputes' })).json();
    expect(listed.chargebacks).toContainEqual(
      expect.objectContaining({ disputeId: dispute.id, bookingId, outcome: 'open', amountMinor: PRICE }),
    );
    t.localStripe.closeDispute(dispute.id as string, 'lost');
    await webhook(t, eventsOf(t, intentId, 'charge.dispute.closed')[0]!.id);
    await webhook(t, eventsOf(t, intentId, 'charge.dispute.closed')[0]!.id);
    // The disputes account is empty again; the commission goes back and the provider is owed nothing for the job.
    expect(await balances(bookingId)).toEqual({ card_clearing: 0, disputes: 0, platform_commission: 0, provider_payable: 0 });
    listed = (await as(t, admin)({ method: 'GET', url: '/api/admin/disputes' })).json();
    expect(listed.chargebacks).toContainEqual(expect.objectContaining({ disputeId: dispute.id, outcome: 'lost', amountMinor: PRICE }));
  });
});
