import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createPaymentsApp, runPaymentJobs, webhook, type PaymentsTestApp } from '../support/payments';

// Jobs beyond the authorisation window: the checkout saves the card (SetupIntent, off-session
// use, on the client's one Stripe Customer); the request reaches the provider once Stripe says
// it is saved; a job authorises it when the job enters the window. A refusal tells the client,
// who pays in the checkout by a deadline, or the booking is cancelled and the provider told.
describe('card bookings beyond the authorisation window', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let provider: TestSession;
  let serviceId: string;
  let farSlots: string[];
  beforeAll(async () => {
    t = await createPaymentsApp();
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t, { priceMinor: 30_000 });
    provider = bookable.provider;
    serviceId = bookable.service.id;
    farSlots = (await nextSlots(t, serviceId, 12)).filter((slot) => new Date(slot).getTime() > Date.now() + 6 * 86_400_000);
  });
  afterAll(() => t.close());

  let next = 0;
  const jobsAt = (at: Date) => runPaymentJobs(t, at);
  const eventOf = (objectId: string, type: string) =>
    t.localStripe
      .events()
      .filter((e) => (e.data as { object: { id: string } }).object.id === objectId && e.type === type)
      .at(-1) as { id: string };
  const providerSees = async (bookingId: string) => {
    const seen = await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}` });
    return seen.statusCode === 200 ? (seen.json().status as string) : seen.statusCode;
  };
  const notices = async (session: TestSession, bookingId: string) =>
    (await as(t, session)({ method: 'GET', url: '/api/me/notifications' }))
      .json()
      .notifications.filter((n: { bookingId: string }) => n.bookingId === bookingId) as Array<{ kind: string }>;

  /** A card booking a week away whose card the checkout saved with `paymentMethod`, accepted by the provider. */
  async function savedCardBooking(paymentMethod: string) {
    const startAt = farSlots[(next += 2)]!;
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, startAt, { paymentMethod: 'card' }) });
    expect(created.statusCode).toBe(201);
    const bookingId = created.json().ids[0] as string;
    const started = await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ mode: 'setup', status: 'authorising', intentId: null });
    const setupId = (started.json().clientSecret as string).split('_secret_')[0]!;
    await t.stripe.setupIntents.confirm(setupId, { payment_method: paymentMethod });
    if ((await t.stripe.setupIntents.retrieve(setupId)).status === 'requires_action') {
      // The cardholder passes 3-D Secure in the checkout's challenge frame.
      const secret = encodeURIComponent(started.json().clientSecret as string);
      await fetch(`${t.localStripe.url}/v3/3ds`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `kind=setup_intents&id=${setupId}&client_secret=${secret}&outcome=complete`,
      });
    }
    expect(await providerSees(bookingId)).toBe(404);
    const saved = eventOf(setupId, 'setup_intent.succeeded');
    expect((await webhook(t, saved.id)).statusCode).toBe(200);
    expect((await webhook(t, saved.id)).json()).toMatchObject({ duplicate: true });
    expect(await providerSees(bookingId)).toBe('requested');
    expect(
      (await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 2 } })).statusCode,
    ).toBe(200);
    return { bookingId, startAt: new Date(startAt) };
  }
  /** Runs the jobs as the clock will be when the job enters the hold window (4 days before). */
  const enterWindow = (startAt: Date) => jobsAt(new Date(startAt.getTime() - 4 * 86_400_000 + 60_000));
  const payment = async (bookingId: string) =>
    (await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}/payment` })).json().payment as {
      status: string;
      intentId: string;
    };

  it('saves the card, sends the request, then authorises off-session when the job enters the window', async () => {
    const { bookingId, startAt } = await savedCardBooking('pm_card_visa');
    expect((await payment(bookingId)).status).toBe('card_saved');
    // Nothing is held before the window.
    await jobsAt(new Date(startAt.getTime() - 5 * 86_400_000));
    expect((await payment(bookingId)).intentId).toBeNull();
    await enterWindow(startAt);
    await enterWindow(startAt);
    const { status, intentId } = await payment(bookingId);
    expect(status).toBe('authorised');
    const intent = await t.stripe.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({ status: 'requires_capture', amount: 30_000, capture_method: 'manual' });
    // One Customer per client, whatever number of bookings.
    const customer = await t.db.stripeCustomer.findUniqueOrThrow({ where: { userId: client.userId } });
    expect(intent.customer).toBe(customer.customerId);
    expect(await providerSees(bookingId)).toBe('accepted');
    expect((await notices(client, bookingId)).map((n) => n.kind)).not.toContain('payment.failed');
  });

  it('tells the client when the saved card is declined; they pay in the checkout and the booking stays', async () => {
    const { bookingId, startAt } = await savedCardBooking('pm_card_chargeCustomerFail');
    await enterWindow(startAt);
    expect((await payment(bookingId)).status).toBe('failed');
    expect((await notices(client, bookingId)).map((n) => n.kind)).toContain('payment.failed');
    // The booking page shows the deadline.
    const { payBy } = (await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}/payment` })).json().payment;
    expect(new Date(payBy).getTime()).toBeGreaterThan(Date.now());
    // The booking page sends them to the checkout: the same intent, paid on-session with another card.
    const again = await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ mode: 'payment', status: 'failed' });
    const intentId = again.json().intentId as string;
    expect((await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` })).statusCode).toBe(404);
    await t.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    expect((await webhook(t, eventOf(intentId, 'payment_intent.amount_capturable_updated').id)).statusCode).toBe(200);
    expect((await payment(bookingId)).status).toBe('authorised');
    // Paid in time: the deadline passes and nothing happens; the hold stays.
    await jobsAt(new Date(startAt.getTime() - 86_400_000 + 60_000));
    expect(await providerSees(bookingId)).toBe('accepted');
    expect((await t.stripe.paymentIntents.retrieve(intentId)).status).toBe('requires_capture');
  });

  it('cancels the booking and tells the provider when a card that needs its holder is not paid by the deadline', async () => {
    // 3-D Secure at every charge: saved with the holder, refused off-session (authentication required).
    const { bookingId, startAt } = await savedCardBooking('pm_card_threeDSecureRequired');
    await enterWindow(startAt);
    const failed = await t.db.payment.findUniqueOrThrow({ where: { bookingId } });
    expect(failed).toMatchObject({ status: 'failed', lastError: 'authentication_required' });
    const before = (await notices(provider, bookingId)).length;
    await jobsAt(new Date(failed.payBy!.getTime() + 60_000));
    const booking = await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } });
    expect(booking).toMatchObject({ status: 'cancelled', cancelledBy: 'system', reason: 'unpaid' });
    expect((await notices(provider, bookingId)).length).toBeGreaterThan(before);
    expect((await notices(client, bookingId)).map((n) => n.kind)).toContain('booking.cancelled');
    // The refused intent is let go; no money moved.
    await jobsAt(new Date(failed.payBy!.getTime() + 120_000));
    expect((await t.stripe.paymentIntents.retrieve(failed.intentId!)).status).toBe('canceled');
    expect(await t.db.ledgerMovement.count({ where: { bookingId } })).toBe(0);
    // Too late to pay now.
    expect((await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` })).json().error.code).toBe(
      'PAYMENT_NOT_ALLOWED',
    );
  });
});
