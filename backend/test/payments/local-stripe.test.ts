import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStripe } from '../../src/platform/payments/stripe';
import { startLocalStripe, type LocalStripe } from '../../src/platform/payments/local-stripe';
import { createTestApp, type TestApp } from '../support/test-app';
import { WEBHOOK_SECRET } from '../support/payments';

// The local Stripe server as the API meets it in development and CI: over HTTP, with the
// real client, posting its signed events to the API on its own.
describe('the local Stripe server', () => {
  let t: TestApp;
  let local: LocalStripe;
  let apiUrl: string;
  beforeAll(async () => {
    // The API's address is known once it listens; the server learns it before any event.
    const probe = await startLocalStripe();
    await probe.close();
    t = await createTestApp({ STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: probe.url });
    apiUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    local = await startLocalStripe({ port: probe.port, webhookUrl: `${apiUrl}/api/webhooks/stripe`, webhookSecret: WEBHOOK_SECRET });
  });
  afterAll(async () => {
    // The server first: it stops posting events, so none reaches the API while it closes.
    await local.close();
    await t.close();
  });

  it('posts signed events that the API applies', async () => {
    const stripe = createStripe(t.config);
    const bookingId = `bk_${randomBytes(4).toString('hex')}`;
    const intent = await stripe.paymentIntents.create({ amount: 1_234, currency: 'mad', capture_method: 'manual' });
    await t.db.payment.create({
      data: { bookingId, clientId: 'c', providerId: 'p', amountMinor: 1_234, currency: 'MAD', commissionBps: 1000, intentId: intent.id },
    });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    await vi.waitFor(async () => expect((await t.db.payment.findUniqueOrThrow({ where: { bookingId } })).status).toBe('authorised'), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await t.db.stripeEvent.count()).toBeGreaterThan(0);
  });

  it('speaks Stripe’s HTTP: form bodies, Basic or Bearer keys, idempotent replay', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${local.url}/v1/payment_intents`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    const basic = { authorization: `Basic ${Buffer.from('sk_test_abc:').toString('base64')}` };
    expect((await post('amount=100&currency=mad', { authorization: 'Bearer sk_live_abc' })).status).toBe(401);
    const first = await post('amount=100&currency=mad&metadata[bookingId]=b1', { ...basic, 'idempotency-key': 'k1' });
    const again = await post('amount=100&currency=mad&metadata[bookingId]=b1', { ...basic, 'idempotency-key': 'k1' });
    expect(first.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as { id: string; metadata: unknown }, (await again.json()) as { id: string }];
    expect(b.id).toBe(a.id);
    expect(a.metadata).toEqual({ bookingId: 'b1' });
    const other = await post('amount=200&currency=mad', { ...basic, 'idempotency-key': 'k1' });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
    expect((await post('amount=-1&currency=mad', basic)).status).toBe(400);
  });

  it('serves a Stripe.js stand-in and answers a browser that brings the publishable key and the client secret', async () => {
    const script = await fetch(`${local.url}/v3`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toMatch(/confirmPayment/);
    const stripe = createStripe(t.config);
    const intent = await stripe.paymentIntents.create({ amount: 2_000, currency: 'mad', capture_method: 'manual' });
    const browser = (path: string, body: string) =>
      fetch(`${local.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer pk_test_local',
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://127.0.0.1:1',
        },
        body,
      });
    // Without the intent's secret, a publishable key sees nothing; with it, the browser confirms.
    expect((await browser(`/v1/payment_intents/${intent.id}/confirm`, 'client_secret=wrong&payment_method=pm_card_visa')).status).toBe(404);
    expect((await browser('/v1/payment_intents', 'amount=1&currency=mad')).status).toBe(401);
    const secret = encodeURIComponent(intent.client_secret!);
    const challenged = await browser(
      `/v1/payment_intents/${intent.id}/confirm`,
      `client_secret=${secret}&payment_method=pm_card_threeDSecureRequired`,
    );
    expect(challenged.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await challenged.json()) as { status: string }).status).toBe('requires_action');
    // The issuer's page, then its answer: the authorisation goes through.
    const page = await fetch(`${local.url}/v3/3ds?kind=payment_intents&id=${intent.id}&client_secret=${secret}&locale=ar`);
    expect(await page.text()).toMatch(/dir="rtl"/);
    const done = await fetch(`${local.url}/v3/3ds`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `kind=payment_intents&id=${intent.id}&client_secret=${secret}&outcome=complete`,
    });
    expect(done.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');
  });

  it('lists balance transactions as Stripe does: newest first, by creation time, in pages, with their sources', async () => {
    const stripe = createStripe(t.config);
    const before = Math.floor(Date.now() / 1000);
    const captured: string[] = [];
    for (const amount of [1_000, 2_000, 3_000]) {
      const intent = await stripe.paymentIntents.create({
        amount,
        currency: 'mad',
        capture_method: 'manual',
        confirm: true,
        payment_method: 'pm_card_visa',
      });
      await stripe.paymentIntents.capture(intent.id);
      captured.push(intent.id);
    }
    const refund = await stripe.refunds.create({ payment_intent: captured[2]!, amount: 500 });
    const dispute = local.openDispute(captured[1]!) as { id: string };
    local.closeDispute(dispute.id, 'won');
    const range = { created: { gte: before, lt: Math.floor(Date.now() / 1000) + 1 } };

    const first = await stripe.balanceTransactions.list({ ...range, limit: 4, expand: ['data.source'] });
    expect(first.has_more).toBe(true);
    const rest = await stripe.balanceTransactions.list({ ...range, limit: 4, starting_after: first.data.at(-1)!.id });
    expect(rest.has_more).toBe(false);
    const all = [...first.data, ...rest.data];
    // Newest first: the dispute won, the dispute, the refund, then the three captures.
    expect(all.map((txn) => [txn.type, txn.reporting_category, txn.amount])).toEqual([
      ['adjustment', 'dispute_reversal', 2_000],
      ['adjustment', 'dispute', -2_000],
      ['refund', 'refund', -500],
      ['charge', 'charge', 3_000],
      ['charge', 'charge', 2_000],
      ['charge', 'charge', 1_000],
    ]);
    expect(first.data.map((txn) => (txn.source as { id: string }).id).slice(0, 3)).toEqual([dispute.id, dispute.id, refund.id]);
    expect((first.data[3]!.source as { payment_intent: string }).payment_intent).toBe(captured[2]);
    expect(typeof rest.data[0]!.source).toBe('string');
    expect((await stripe.balanceTransactions.list({ created: { lt: before } })).data).toEqual([]);
    await expect(stripe.balanceTransactions.list({ limit: 101 })).rejects.toMatchObject({ statusCode: 400 });
  });
});
