// What the webhook ingestion benchmark needs: card bookings whose payments Stripe (the local
// Stripe server) has captured while the platform still records them as authorised, and one
// signed `payment_intent.succeeded` event each, as Stripe would post them. Applying an event
// re-reads the intent, posts the capture in the ledger and tells the client: one effect per
// event, whatever the number of deliveries.
import { randomUUID } from 'node:crypto';
import { STRIPE_JS_DEFAULT } from '../../backend/src/config/env';
import { createDb } from '../../backend/src/platform/db/client';
import { createStripe } from '../../backend/src/platform/payments/stripe';
import { stripeSignatureHeader } from '../../backend/src/platform/payments/local-stripe';
import { benchProvider } from './bookings-fixture';

const DAY = 86_400_000;

export interface WebhookFixture {
  /** Signed deliveries: every event once, plus `duplicates` of them again, shuffled. */
  deliveries: { payload: string; header: string }[];
  events: number;
  /** After the run: what the events did. */
  effects: () => Promise<{ events: number; captures: number; captured: number; notices: number }>;
}

/** Makes `count` captured card payments and their signed events (an event in ten delivered twice). */
export async function webhookFixture(
  databaseUrl: string,
  { stripeUrl, webhookSecret, count }: { stripeUrl: string; webhookSecret: string; count: number },
): Promise<WebhookFixture> {
  const { db } = createDb({ databaseUrl });
  const stripe = createStripe({
    stripe: {
      secretKey: 'sk_test_bench',
      publishableKey: null,
      webhookSecret,
      connectWebhookSecret: null,
      mode: 'test',
      apiUrl: stripeUrl,
      jsUrl: STRIPE_JS_DEFAULT,
    },
  });
  const run = randomUUID().slice(0, 8);
  const { providerId, serviceId } = await benchProvider(db, `webhooks-${run}`);
  const client = await db.user.create({
    data: { email: `bench-payer-${run}@example.test`, name: 'Bench payer', role: 'client', emailVerifiedAt: new Date() },
  });
  // The bell only: this measures Stripe's events, not the mail of 3,000 notices, which the
  // API process would still be sending during the next run's measurements.
  await db.notificationPreference.create({ data: { userId: client.id, event: 'payments', channel: 'email', enabled: false } });
  const intents: string[] = [];
  const bookingIds: string[] = [];
  // Jobs done last month: a confirmed booking and its captured payment each.
  const base = Date.now() - 30 * DAY;
  const batch = 20;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
        const i = start + k;
        const startAt = new Date(base + i * 60_000);
        const endAt = new Date(startAt.getTime() + 3_600_000);
        const booking = await db.booking.create({
          data: {
            serviceId,
            providerId,
            clientId: client.id,
            status: 'confirmed',
            startAt,
            endAt,
            blockStart: startAt,
            blockEnd: endAt,
            timeZone: 'Africa/Casablanca',
            address: 'Bench',
            priceMinor: 20_000,
            paymentMethod: 'card',
            confirmedAt: new Date(),
          },
        });
        const intent = await stripe.paymentIntents.create({
          amount: 20_000,
          currency: 'mad',
          capture_method: 'manual',
          confirm: true,
          payment_method: 'pm_card_visa',
          metadata: { bookingId: booking.id },
        });
        await stripe.paymentIntents.capture(intent.id);
        await db.payment.create({
          data: {
            bookingId: booking.id,
            clientId: client.id,
            providerId,
            status: 'authorised',
            amountMinor: 20_000,
            currency: 'MAD',
            commissionBps: 1500,
            intentId: intent.id,
            clientSecret: intent.client_secret,
          },
        });
        intents[i] = intent.id;
        bookingIds[i] = booking.id;
      }),
    );
  }
  await db.$disconnect();

  const now = Math.floor(Date.now() / 1000);
  const signed = intents.map((intentId, i) => {
    const payload = JSON.stringify({
      id: `evt_bench_${run}_${i}`,
      object: 'event',
      api_version: '2024-06-20',
      created: now,
      livemode: false,
      pending_webhooks: 1,
      type: 'payment_intent.succeeded',
      data: { object: { id: intentId, object: 'payment_intent' } },
    });
    return { payload, header: stripeSignatureHeader(webhookSecret, payload, now) };
  });
  // One event in ten comes twice (Stripe redelivers), in a fixed shuffled order.
  const deliveries = [...signed, ...signed.filter((_, i) => i % 10 === 0)];
  let seed = 42;
  for (let i = deliveries.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed % (i + 1);
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }

  return {
    deliveries,
    events: signed.length,
    effects: async () => {
      const { db: reader } = createDb({ databaseUrl });
      try {
        const [events, captures, captured, notices] = await Promise.all([
          reader.stripeEvent.count({ where: { id: { startsWith: `evt_bench_${run}_` } } }),
          reader.ledgerMovement.count({ where: { bookingId: { in: bookingIds }, kind: 'capture' } }),
          reader.payment.count({ where: { bookingId: { in: bookingIds }, status: 'captured' } }),
          reader.inAppNotification.count({ where: { userId: client.id } }),
        ]);
        return { events, captures, captured, notices };
      } finally {
        await reader.$disconnect();
      }
    },
  };
}
