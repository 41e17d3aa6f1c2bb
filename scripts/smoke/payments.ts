// Card payment end to end: the smoke user books a slot of the smoke service by card, confirms
// the payment at Stripe with a test card (as the web checkout's Stripe.js does, with the
// publishable key and the intent's client secret), sees the request reach the provider once
// Stripe's webhook is applied, then cancels it for free, which releases the hold.
// Stripe is STRIPE_API_URL when set (the local Stripe server), else Stripe's test mode.
// Never in production: no card is charged there.
import { signedIn } from './accounts';
import { smokeService } from './bookings';
import { expectStatus, expectThat, fail, skip, type SmokeCheck, type SmokeContext } from './lib';

const DAY = 86_400_000;

/** Asks until `done` says yes (webhooks and jobs run behind the answers), at most `seconds`. */
async function until<T>(what: string, seconds: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let waited = 0; !done(value) && waited < seconds * 4; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  if (!done(value)) fail(`${what}: still ${JSON.stringify(value)} after ${seconds} s`);
  return value;
}

export const paymentChecks: SmokeCheck[] = [
  {
    name: 'payments: the smoke user pays a booking with a Stripe test card; cancelling it releases the hold',
    run: async (ctx: SmokeContext) => {
      const { request } = ctx;
      if (process.env.NODE_ENV === 'production') skip('no card is charged in production');
      const settings = await request('/api/payments/checkout-config');
      expectStatus(settings, 200, 'checkout settings');
      const { cardAvailable, publishableKey } = settings.json as { cardAvailable: boolean; publishableKey: string | null };
      if (!cardAvailable || !publishableKey) skip('card payment is not configured here (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY)');
      if (!publishableKey.startsWith('pk_test_')) fail('the smoke run pays with a test card: it needs a pk_test_ key');

      const { slug, serviceId, slotsOf } = await smokeService(ctx);
      // A slot two to three days ahead: within a card hold's reach, and free to cancel.
      const startAt = (await slotsOf()).find((slot) => new Date(slot).getTime() - Date.now() < 3 * DAY);
      if (!startAt) return fail(`"${slug}" offers no slot two to three days ahead`);
      const { cookie, csrfToken } = await signedIn(ctx);
      const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
      const booked = await request('/api/bookings', {
        method: 'POST',
        headers,
        body: JSON.stringify({ serviceId, startAt, paymentMethod: 'card', address: 'Smoke test, do not serve', notes: 'Smoke test' }),
      });
      expectStatus(booked, 201, 'book by card');
      const bookingId = (booked.json as { ids: string[] }).ids[0]!;
      const booking = async () => {
        const res = await request(`/api/bookings/${bookingId}`, { headers: { cookie } });
        expectStatus(res, 200, 'the booking');
        return res.json as { status: string; version: number };
      };
      expectThat((await booking()).status === 'awaiting_payment', 'a card booking waits for its payment');

      const started = await request(`/api/bookings/${bookingId}/payment`, { method: 'POST', headers, body: '{}' });
      expectStatus(started, 200, 'start the payment');
      const { intentId, clientSecret } = started.json as { intentId: string; clientSecret: string };
      const stripeApi = (process.env.STRIPE_API_URL || 'https://api.stripe.com').replace(/\/$/, '');
      const confirmed = await fetch(`${stripeApi}/v1/payment_intents/${intentId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: clientSecret, payment_method: 'pm_card_visa' }),
        signal: AbortSignal.timeout(ctx.target.timeoutMs),
      });
      const intent = (await confirmed.json()) as { status?: string; error?: { message?: string } };
      expectThat(confirmed.ok && intent.status === 'requires_capture', `Stripe's confirmation: ${JSON.stringify(intent)}`);

      const requested = await until('the booking after the card was authorised', 60, booking, (b) => b.status === 'requested');
      const cancelled = await request(`/api/bookings/${bookingId}/actions/cancel`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ version: requested.version, reason: 'Smoke test' }),
      });
      expectStatus(cancelled, 200, 'cancel');
      expectThat((cancelled.json as { cancellationFeeMinor: number }).cancellationFeeMinor === 0, 'the cancellation was not free');
      await until(
        'the payment after a free cancellation',
        60,
        async () => {
          const res = await request(`/api/bookings/${bookingId}/payment`, { headers: { cookie } });
          expectStatus(res, 200, 'the payment');
          return (res.json as { payment: { status: string } | null }).payment?.status;
        },
        (status) => status === 'released',
      );
      return `${slug} at ${startAt}: authorised at Stripe, requested, cancelled free, hold released`;
    },
  },
];
