import { errorResponses, stripeWebhookAnswer } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/app-error';
import { verifyStripeEvent, type StripeClient } from '../../platform/payments/stripe';
import { groupedEnqueue } from '../../platform/jobs/grouped-enqueue';
import type { JobHandlers } from '../../platform/jobs/jobs';
import { runDueWork } from '../../platform/jobs/runner';
import { stripeEventKey } from './payment-jobs';
import { paymentJobs, stripeEventJob } from './payments.service';

/** Events this process starts applying at once, at most; past that the job runners take them. */
const APPLYING_AT_ONCE = 4;

/**
 * Stripe's webhook (/api/webhooks/stripe): its own plugin reading the body as raw bytes, so
 * the signature (STRIPE_WEBHOOK_SECRET) is checked on exactly what was signed before
 * anything is parsed; outside the per-IP rate limit (Stripe sends from few addresses, in bursts).
 * A verified event is stored once by its id as a job and answered; this process then starts
 * applying it at once (a few at a time), and any job runner takes what it leaves. Events
 * that arrive while others are being written are stored together, in one statement and one
 * commit (groupedEnqueue): a burst of deliveries costs a few commits, each still answered
 * only once its event is safe.
 * Registered only with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncZod<{ stripe: () => StripeClient }> = async (app, options) => {
  const { db, config } = app;
  const store = groupedEnqueue(db);
  const applying = new Set<Promise<unknown>>();
  let handlers: JobHandlers | undefined;
  const applyNow = (eventId: string) => {
    if (applying.size >= APPLYING_AT_ONCE) return;
    handlers ??= paymentJobs({ db, config, stripe: options.stripe() });
    const run = runDueWork({ db, handlers, key: stripeEventKey(eventId) })
      .catch((err: unknown) => app.log.error({ err, eventId }, 'stripe event not applied yet: a job runner will retry it'))
      .finally(() => applying.delete(run));
    applying.add(run);
  };
  // The database closes after the routes: what started is finished (or left to a runner) first.
  app.addHook('onClose', async () => {
    await store.idle();
    await Promise.allSettled([...applying]);
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/stripe',
    {
      config: { access: 'public', rateLimit: false },
      schema: {
        tags: ['payments'],
        summary: 'Stripe webhook: Stripe-Signature checked on the raw body, each event applied once from Stripe’s current state',
        response: {
          200: stripeWebhookAnswer,
          ...errorResponses({ 400: 'STRIPE_WEBHOOK_SIGNATURE_INVALID: nothing was written' }),
        },
      },
    },
    async (request) => {
      const stripe = options.stripe();
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      const signature = typeof header === 'string' ? header : undefined;
      // The platform's endpoint, or the Connect endpoint (connected accounts' events) at the same URL.
      const event =
        verifyStripeEvent(stripe, raw, signature, config.stripe.webhookSecret ?? '') ??
        verifyStripeEvent(stripe, raw, signature, config.stripe.connectWebhookSecret ?? '');
      if (!event) throw new AppError('STRIPE_WEBHOOK_SIGNATURE_INVALID', 400, 'The webhook signature does not match its body');
      const stored = await store.enqueue(stripeEventJob(event, raw.toString('utf8')));
      if (stored) applyNow(event.id);
      return { received: true as const, duplicate: !stored };
    },
  );
};
