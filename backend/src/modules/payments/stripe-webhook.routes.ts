import { errorResponses, stripeWebhookAnswer } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/app-error';
import { verifyStripeEvent, type StripeClient } from '../../platform/payments/stripe';
import { runDueWork } from '../../platform/jobs/runner';
import { stripeEventKey } from './payment-jobs';
import { ingestStripeEvent, paymentJobs } from './payments.service';

/** Events this process starts applying at once, at most; past that the job runners take them. */
const APPLYING_AT_ONCE = 4;

/**
 * Stripe's webhook (/api/webhooks/stripe): its own plugin reading the body as raw bytes, so
 * the signature (STRIPE_WEBHOOK_SECRET) is checked on exactly what was signed before
 * anything is parsed; outside the per-IP rate limit (Stripe sends from few addresses, in bursts).
 * A verified event is stored once by its id as a job and answered; this process then starts
 * applying it at once (a few at a time), and any job runner takes what it leaves.
 * Registered only with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncZod<{ stripe: () => StripeClient }> = async (app, options) => {
  const { db, config } = app;
  const applying = new Set<Promise<unknown>>();
  const applyNow = (eventId: string) => {
    if (applying.size >= APPLYING_AT_ONCE) return;
    const run = runDueWork({ db, handlers: paymentJobs({ db, config, stripe: options.stripe() }), key: stripeEventKey(eventId) })
      .catch((err: unknown) => app.log.error({ err, eventId }, 'stripe event not applied yet: a job runner will retry it'))
      .finally(() => applying.delete(run));
    applying.add(run);
  };
  // The database closes after the routes: what started is finished (or left to a runner) first.
  app.addHook('onClose', async () => {
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
      const event = verifyStripeEvent(stripe, raw, typeof header === 'string' ? header : undefined, config.stripe.webhookSecret ?? '');
      if (!event) throw new AppError('STRIPE_WEBHOOK_SIGNATURE_INVALID', 400, 'The webhook signature does not match its body');
      const { duplicate } = await ingestStripeEvent({ db, event, raw: raw.toString('utf8') });
      if (!duplicate) applyNow(event.id);
      return { received: true as const, duplicate };
    },
  );
};
