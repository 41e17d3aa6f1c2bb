import { randomBytes } from 'node:crypto';
import { stripeEventKey } from '../../src/modules/payments/payment-jobs';
import { paymentJobs } from '../../src/modules/payments/payments.service';
import { runDueWork } from '../../src/platform/jobs/runner';
import { createStripe, type StripeClient } from '../../src/platform/payments/stripe';
import { startLocalStripe, type LocalStripe } from '../../src/platform/payments/local-stripe';
import { bookingJobs } from '../../src/modules/bookings/bookings.service';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { createTestApp, type TestApp } from './test-app';

export const WEBHOOK_SECRET = 'whsec_test_local';

export interface PaymentsTestApp extends TestApp {
  stripe: StripeClient;
  localStripe: LocalStripe;
}

/**
 * A test app whose real Stripe client talks to a local Stripe server on a free port.
 * Webhooks are not posted on their own: a test delivers each event (`webhook`) when and as
 * often as it wants.
 */
export async function createPaymentsApp(env: Record<string, string> = {}): Promise<PaymentsTestApp> {
  const localStripe = await startLocalStripe({ webhookSecret: WEBHOOK_SECRET, delivery: 'manual' });
  const t = await createTestApp({
    STRIPE_SECRET_KEY: `sk_test_${randomBytes(8).toString('hex')}`,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: localStripe.url,
    ...env,
  });
  const stripe = createStripe(t.config);
  return {
    ...t,
    stripe,
    localStripe,
    close: async () => {
      await t.close();
      await localStripe.close();
    },
  };
}

/** Posts an event to the API's webhook as Stripe signs it, and waits until it is applied. */
export async function webhook(t: PaymentsTestApp, eventId: string) {
  const { payload, header } = t.localStripe.signed(eventId);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
    payload,
  });
  if (res.statusCode === 200) await eventApplied(t, eventId);
  return res;
}

/**
 * Waits until the job of a stored event has run: the webhook starts it at once, and a test
 * runs it itself if it is still waiting (as a job runner would). Throws with the job's error
 * if it failed.
 */
export async function eventApplied(t: PaymentsTestApp, eventId: string) {
  const key = stripeEventKey(eventId);
  for (let tries = 0; tries < 1000; tries++) {
    const job = await t.db.outboxMessage.findFirst({ where: { idempotencyKey: key } });
    if (!job) throw new Error(`event ${eventId} was not stored`);
    if (job.status !== 'pending') return;
    if (job.lastError) throw new Error(`event ${eventId} failed: ${job.lastError}`);
    await runDueWork({ db: t.db, handlers: paymentJobs({ db: t.db, config: t.config, stripe: t.stripe }), key });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`event ${eventId} was not applied`);
}

/** Events about one intent, oldest first. */
export function eventsOf(t: PaymentsTestApp, intentId: string, type?: string) {
  return t.localStripe.events().filter((event) => {
    const object = (event.data as { object: { id: string; payment_intent?: string } }).object;
    return (object.id === intentId || object.payment_intent === intentId) && (!type || event.type === type);
  }) as Array<{ id: string; type: string }>;
}

/**
 * A payment row for a booking the test makes up (the ledger and webhook tests need no
 * agenda), with an intent authorised at the local Stripe server as the checkout would.
 */
export async function authorisedPayment(
  t: PaymentsTestApp,
  { amountMinor = 10_000, commissionBps = 1500, providerId = 'provider-1' } = {},
) {
  const bookingId = `bk_${randomBytes(6).toString('hex')}`;
  const intent = await t.stripe.paymentIntents.create(
    { amount: amountMinor, currency: 'mad', capture_method: 'manual', metadata: { bookingId } },
    { idempotencyKey: `booking:${bookingId}:intent` },
  );
  await t.db.payment.create({
    data: {
      bookingId,
      clientId: 'client-1',
      providerId,
      amountMinor,
      currency: 'MAD',
      commissionBps,
      intentId: intent.id,
      clientSecret: intent.client_secret,
    },
  });
  await t.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  return { bookingId, intentId: intent.id };
}

/** Runs the due booking and payment jobs (as the clock is at `at`, now by default). */
export function runPaymentJobs(t: PaymentsTestApp, at?: Date) {
  return runDueJobs({
    db: t.db,
    jobs: { ...bookingJobs({ config: t.config }), ...paymentJobs({ db: t.db, stripe: t.stripe, config: t.config }) },
    ...(at ? { now: () => at } : {}),
  });
}
