import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePayment, refundPayment, syncPayment } from '../../src/modules/payments/payments.service';
import { ledgerBalances } from '../../src/modules/payments/ledger';
import { stripeSignatureHeader } from '../../src/platform/payments/local-stripe';
import { authorisedPayment, createPaymentsApp, eventsOf, webhook, type PaymentsTestApp } from '../support/payments';

// Stripe's webhook: verified on the raw body, each event applied once, from Stripe's own
// state, so redeliveries, concurrency and any order of events end in one result.
describe('Stripe webhooks', () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsApp();
  });
  afterAll(() => t.close());

  const movementsOf = (bookingId: string) =>
    t.db.ledgerMovement.findMany({ where: { bookingId }, include: { entries: true }, orderBy: { key: 'asc' } });
  const balancesOf = async (bookingId: string) =>
    (await ledgerBalances(t.db, { bookingId })).map(({ account, sumMinor }) => ({ account, sumMinor }));

  it('refuses a bad signature with 400 and writes nothing', async () => {
    const { bookingId, intentId } = await authorisedPayment(t);
    const [event] = eventsOf(t, intentId, 'payment_intent.amount_capturable_updated');
    const { payload, header } = t.localStripe.signed(event!.id);
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      { 'stripe-signature': stripeSignatureHeader('whsec_someone_else', payload, now) },
      { 'stripe-signature': header.replace(/v1=./, (m) => (m.endsWith('0') ? 'v1=1' : 'v1=0')) },
      { 'stripe-signature': stripeSignatureHeader('whsec_test_local', payload, now - 3600) },
      {},
    ];
    for (const headers of attempts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/webhooks/stripe',
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('STRIPE_WEBHOOK_SIGNATURE_INVALID');
    }
    // The right signature over other bytes.
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      payload: payload.replace('"livemode": false', '"livemode": true'),
    });
    expect(tampered.statusCode).toBe(400);
    expect(await t.db.stripeEvent.count({ where: { id: event!.id } })).toBe(0);
    expect((await t.db.payment.findUniqueOrThrow({ where: { bookingId } })).status).toBe('authorising');
    // The genuine delivery is applied.
    expect((await webhook(t, event!.id)).json()).toEqual({ received: true, duplicate: false });
    expect((await t.db.payment.findUniqueOrThrow({ where: { bookingId } })).status).toBe('authorised');
  });

  it('applies the same event delivered 20 times at once exactly once', async () => {
    const { bookingId, intentId } = await authorisedPayment(t, { amountMinor: 25_000, commissionBps: 1200 });
    await t.stripe.paymentIntents.capture(intentId);
    const [succeeded] = eventsOf(t, intentId, 'payment_intent.succeeded');
    const answers = await Promise.all(Array.from({ length: 20 }, () => webhook(t, succeeded!.id)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => !a.json().duplicate)).toHaveLength(1);
    expect(await t.db.stripeEvent.count({ where: { id: succeeded!.id } })).toBe(1);
    const movements = await movementsOf(bookingId);
    expect(movements.map((m) => m.key)).toEqual([`capture:${intentId}`]);
    expect(movements[0]!.entries.map((e) => e.amountMinor).sort((a, b) => a - b)).toEqual([-22_000, -3_000, 25_000]);
    expect((await t.db.payment.findUniqueOrThrow({ where: { bookingId } })).status).toBe('captured');
  });

  it('ends in the same state whatever the order of succeeded, refunded and dispute events', async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const outcomes: unknown[] = [];
    for (const order of orders) {
      const { bookingId, intentId } = await authorisedPayment(t, { amountMinor: 9_999, commissionBps: 1750 });
      await t.stripe.paymentIntents.capture(intentId);
      await t.stripe.refunds.create({ payment_intent: intentId, amount: 3_333 });
      t.localStripe.openDispute(intentId);
      const events = [
        eventsOf(t, intentId, 'payment_intent.succeeded')[0]!,
        eventsOf(t, intentId, 'charge.refunded')[0]!,
        eventsOf(t, intentId, 'charge.dispute.created')[0]!,
      ];
      for (const index of order) expect((await webhook(t, events[index]!.id)).statusCode).toBe(200);
      const payment = await t.db.payment.findUniqueOrThrow({ where: { bookingId } });
      outcomes.push({
        status: payment.status,
        balances: await balancesOf(bookingId),
        kinds: (await movementsOf(bookingId)).map((m) => m.kind).sort(),
      });
    }
    expect(outcomes[0]).toEqual({
      status: 'captured',
      balances: [
        { account: 'card_clearing', sumMinor: 0 },
        { account: 'disputes', sumMinor: 6_666 },
        // 9,999 × 17.5 % = 1,749; a third of it comes back with the refund.
        { account: 'platform_commission', sumMinor: -1_749 + 583 },
        { account: 'provider_payable', sumMinor: -(9_999 - 1_749) + (3_333 - 583) },
      ],
      kinds: ['capture', 'dispute', 'refund'],
    });
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
  });

  it('captures once when the process dies between Stripe’s capture and the commit, then the event is redelivered', async () => {
    const { bookingId, intentId } = await authorisedPayment(t, { amountMinor: 40_000 });
    // The first run: Stripe captured (with the booking's key), then the process died before
    // anything reached the database.
    await t.stripe.paymentIntents.capture(intentId, {}, { idempotencyKey: `booking:${bookingId}:capture` });
    expect(await movementsOf(bookingId)).toEqual([]);
    // The job runs again; Stripe's event arrives, twice.
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId });
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId });
    const [succeeded] = eventsOf(t, intentId, 'payment_intent.succeeded');
    await webhook(t, succeeded!.id);
    await webhook(t, succeeded!.id);
    expect(t.localStripe.captures(intentId)).toBe(1);
    const movements = await movementsOf(bookingId);
    expect(movements.map((m) => m.key)).toEqual([`capture:${intentId}`]);
    expect(movements[0]!.entries).toHaveLength(3);
  });

  it('replays a retried call with the same key and refuses the key with other parameters', async () => {
    const { bookingId, intentId } = await authorisedPayment(t, { amountMinor: 5_000 });
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId });
    await refundPayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId, amountMinor: 1_000, step: 'fee' });
    await refundPayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId, amountMinor: 1_000, step: 'fee' });
    expect((await t.stripe.refunds.list({ payment_intent: intentId })).data).toHaveLength(1);
    await expect(
      refundPayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId, amountMinor: 2_000, step: 'fee' }),
    ).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
    });
    await syncPayment({ db: t.db, stripe: t.stripe, config: t.config, intentId });
    expect((await movementsOf(bookingId)).map((m) => m.kind).sort()).toEqual(['capture', 'refund']);
  });

  it('after a capture that Stripe made but the database never recorded, a retry and the redelivered event give one capture and one set of entries', async () => {
    const { bookingId, intentId } = await authorisedPayment(t, { amountMinor: 14_000, commissionBps: 1000 });
    // The process dies after Stripe's answer, before its transaction commits: nothing of it
    // reaches the database.
    const dying = new Proxy(t.db, {
      get: (target, property) =>
        property === '$transaction'
          ? () => Promise.reject(new Error('process killed before the commit'))
          : (Reflect.get(target, property) as unknown),
    });
    await expect(capturePayment({ db: dying, stripe: t.stripe, config: t.config, bookingId })).rejects.toThrow('killed');
    expect(t.localStripe.captures(intentId)).toBe(1);
    expect(await movementsOf(bookingId)).toEqual([]);
    // The job runs again (same idempotency key), and Stripe delivers its event, twice.
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId });
    const [succeeded] = eventsOf(t, intentId, 'payment_intent.succeeded');
    expect((await webhook(t, succeeded!.id)).json().duplicate).toBe(false);
    expect((await webhook(t, succeeded!.id)).json().duplicate).toBe(true);
    expect(t.localStripe.captures(intentId)).toBe(1);
    const movements = await movementsOf(bookingId);
    expect(movements.map((m) => m.key)).toEqual([`capture:${intentId}`]);
    expect(movements[0]!.entries.map((e) => e.amountMinor).sort((a, b) => a - b)).toEqual([-12_600, -1_400, 14_000]);
  });

  it('keeps the whole ledger balanced', async () => {
    const entries = await t.db.ledgerEntry.findMany({ select: { amountMinor: true } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });
});
