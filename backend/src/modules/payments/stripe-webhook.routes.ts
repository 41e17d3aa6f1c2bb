import { errorResponses, stripeWebhookAnswer } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/app-error';
import { verifyStripeEvent, type StripeClient } from '../../platform/payments/stripe';
import { applyStripeEvent } from './payments.service';

/**
 * Stripe's webhook (/api/webhooks/stripe): its own plugin reading the body as raw bytes, so
 * the signature (STRIPE_WEBHOOK_SECRET) is checked on exactly what was signed before
 * anything is parsed; outside the per-IP rate limit (Stripe sends from few addresses, in bursts).
 * Registered only with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncZod<{ stripe: () => StripeClient }> = async (app, options) => {
  const { db, config } = app;
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
      const { duplicate } = await applyStripeEvent({ db, stripe, config, event });
      return { received: true as const, duplicate };
    },
  );
};
