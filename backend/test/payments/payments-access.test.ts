import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference, sellingProvider } from '../support/bookings';
import { createPaymentsApp, type PaymentsTestApp } from '../support/payments';

// Who may reach a booking's payment, confirm cash and read earnings: the booking's parties
// (each their own step), admins read; anyone else is told it does not exist.
describe('access to payments, cash and earnings', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let otherProvider: TestSession;
  let admin: TestSession;
  let cardBookingId: string;
  let cashBookingId: string;
  beforeAll(async () => {
    t = await createPaymentsApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    otherProvider = await sellingProvider(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-payments@example.test' });
    const bookable = await bookableService(t, { priceMinor: 20_000 });
    provider = bookable.provider;
    const [first, , third] = await nextSlots(t, bookable.service.id);
    const book = async (slot: string, paymentMethod: 'cash' | 'card') =>
      (
        await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot, { paymentMethod }) })
      ).json().ids[0] as string;
    cardBookingId = await book(first!, 'card');
    cashBookingId = await book(third!, 'cash');
  });
  afterAll(() => t.close());

  const anonymous = (method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: { origin: t.config.frontendUrl } });

  it('lets only the booking’s client start its card payment', async () => {
    const url = `/api/bookings/${cardBookingId}/payment`;
    for (const session of [stranger, otherProvider, provider]) expect((await as(t, session)({ method: 'POST', url })).statusCode).toBe(404);
    expect((await as(t, admin)({ method: 'POST', url })).statusCode).toBe(403);
    expect((await anonymous('POST', url)).statusCode).toBe(401);
    expect(await t.db.payment.count()).toBe(0);
    // Several tabs at once: one intent, one payment row.
    const answers = await Promise.all(Array.from({ length: 5 }, () => as(t, client)({ method: 'POST', url })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.json().intentId)).size).toBe(1);
    expect(await t.db.payment.count({ where: { bookingId: cardBookingId } })).toBe(1);
    // A cash booking has no card payment.
    const cash = await as(t, client)({ method: 'POST', url: `/api/bookings/${cashBookingId}/payment` });
    expect(cash.statusCode).toBe(409);
    expect(cash.json().error.code).toBe('PAYMENT_METHOD_NOT_CARD');
  });

  it('shows a booking’s payment to its parties and admins only', async () => {
    const url = `/api/bookings/${cashBookingId}/payment`;
    expect((await as(t, client)({ method: 'GET', url })).json()).toEqual({ payment: null, balances: [] });
    expect((await as(t, provider)({ method: 'GET', url })).statusCode).toBe(200);
    expect((await as(t, admin)({ method: 'GET', url })).statusCode).toBe(200);
    for (const session of [stranger, otherProvider]) expect((await as(t, session)({ method: 'GET', url })).statusCode).toBe(404);
    expect((await anonymous('GET', url)).statusCode).toBe(401);
    // The provider does not see a card booking before its card is authorised.
    expect((await as(t, provider)({ method: 'GET', url: `/api/bookings/${cardBookingId}/payment` })).statusCode).toBe(404);
  });

  it('lets only the booking’s provider confirm cash, once, after the job; the commission becomes owed', async () => {
    const url = `/api/bookings/${cashBookingId}/cash-received`;
    const early = await as(t, provider)({ method: 'POST', url });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CASH_NOT_DUE');
    await t.db.booking.update({ where: { id: cashBookingId }, data: { status: 'completed', completedAt: new Date() } });
    expect((await as(t, client)({ method: 'POST', url })).statusCode).toBe(403);
    expect((await as(t, otherProvider)({ method: 'POST', url })).statusCode).toBe(404);
    expect((await anonymous('POST', url)).statusCode).toBe(401);
    expect(await t.db.ledgerMovement.count()).toBe(0);
    const first = await as(t, provider)({ method: 'POST', url });
    expect(first.json()).toEqual({ recorded: true, commissionMinor: 3_000, currency: 'MAD' });
    expect((await as(t, provider)({ method: 'POST', url })).json()).toMatchObject({ recorded: false });
    expect(await t.db.ledgerMovement.count()).toBe(1);
    // The client gets one notice of it, the second confirmation writes none.
    const bell = (await as(t, client)({ method: 'GET', url: '/api/me/notifications' })).json();
    expect(bell.notifications.filter((n: { kind: string }) => n.kind === 'payment.cash_received')).toEqual([
      expect.objectContaining({ bookingId: cashBookingId }),
    ]);
    const card = await as(t, provider)({ method: 'POST', url: `/api/bookings/${cardBookingId}/cash-received` });
    expect(card.statusCode).toBe(404);

    const earnings = await as(t, provider)({ method: 'GET', url: '/api/me/earnings' });
    expect(earnings.json()).toEqual({
      positions: [{ currency: 'MAD', payableMinor: 0, cashCommissionOwedMinor: 3_000, netMinor: -3_000 }],
    });
    expect((await as(t, otherProvider)({ method: 'GET', url: '/api/me/earnings' })).json()).toEqual({ positions: [] });
    expect((await as(t, client)({ method: 'GET', url: '/api/me/earnings' })).statusCode).toBe(403);
    expect((await anonymous('GET', '/api/me/earnings')).statusCode).toBe(401);
  });

  it('takes a category’s own commission over the platform’s', async () => {
    const service = await t.db.booking.findUniqueOrThrow({
      where: { id: cashBookingId },
      select: { service: { select: { categoryId: true } } },
    });
    await t.db.categoryCommission.create({ data: { categoryId: service.service.categoryId, commissionBps: 800 } });
    const started = await as(t, client)({ method: 'POST', url: `/api/bookings/${cardBookingId}/payment` });
    // The payment keeps the rate it was made with.
    expect(started.json().commissionBps).toBe(1500);
    const [, , , fourth] = await nextSlots(t, (await t.db.booking.findUniqueOrThrow({ where: { id: cardBookingId } })).serviceId);
    const serviceId = (await t.db.booking.findUniqueOrThrow({ where: { id: cardBookingId } })).serviceId;
    const id = (
      await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, fourth!, { paymentMethod: 'card' }) })
    ).json().ids[0] as string;
    expect((await as(t, client)({ method: 'POST', url: `/api/bookings/${id}/payment` })).json().commissionBps).toBe(800);
  });

  it('answers the webhook without a signature with 400, outside the rate limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(400);
    expect(t.app.routeTable.find((r) => r.url === '/api/webhooks/stripe')?.access).toBe('public');
  });

  it('tells anyone whether card payment is offered and where the checkout loads Stripe.js from', async () => {
    // The test app has a secret key but no publishable key: the checkout cannot run.
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/payments/checkout-config' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ cardAvailable: false, publishableKey: null, stripeJsUrl: 'https://js.stripe.com/v3' });
    expect((await as(t, client)({ method: 'GET', url: '/api/payments/checkout-config' })).statusCode).toBe(200);
  });
});
