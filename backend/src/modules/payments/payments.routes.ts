import { bookingPayment, cardPaymentStarted, checkoutConfig, cashReceived, errorResponses, providerEarnings } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StripeClient } from '../../platform/payments/stripe';
import { originOf, requireAuth } from '../accounts/access';
import * as payments from './payments.service';

const params = z.object({ bookingId: z.string().min(1).max(40) });
const NO_BOOKING = 'NOT_FOUND: no such booking, or not one of the caller’s';

/** A booking's payment, cash on site, and the provider's earnings. */
export const paymentsRoutes: FastifyPluginAsyncZod<{ stripe: (() => StripeClient) | null }> = async (app, options) => {
  const tags = ['payments'];
  const { db, config } = app;

  app.get(
    '/payments/checkout-config',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether card payment is offered, the publishable key and where the checkout loads Stripe.js from',
        response: { 200: checkoutConfig },
      },
    },
    async () => payments.checkoutSettings(config),
  );

  // Card payments exist only with a Stripe key (STRIPE_SECRET_KEY).
  const stripe = options.stripe;
  if (stripe) {
    app.post(
      '/bookings/:bookingId/payment',
      {
        config: { access: { roles: ['client', 'provider'] } },
        schema: {
          tags,
          summary: 'Start paying a card booking: a held (not yet captured) card payment and the secret the checkout confirms',
          params,
          response: {
            200: cardPaymentStarted,
            ...errorResponses({ 404: NO_BOOKING, 409: 'PAYMENT_METHOD_NOT_CARD, PAYMENT_NOT_ALLOWED' }),
          },
        },
      },
      async (request) =>
        payments.startCardPayment({
          db,
          config,
          stripe: stripe(),
          userId: requireAuth(request).userId,
          bookingId: request.params.bookingId,
        }),
    );
  }

  app.get(
    '/bookings/:bookingId/payment',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A booking’s payment and its ledger balances (its client, its provider, admins)',
        params,
        response: { 200: bookingPayment, ...errorResponses({ 404: NO_BOOKING }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return payments.getBookingPayment({ db, userId: auth.userId, role: auth.user.role, bookingId: request.params.bookingId });
    },
  );

  app.post(
    '/bookings/:bookingId/cash-received',
    {
      config: { access: { roles: ['provider'] } },
      schema: {
        tags,
        summary: 'The provider confirms the cash was paid on site; the commission becomes a balance they owe (once per booking)',
        params,
        response: { 200: cashReceived, ...errorResponses({ 404: NO_BOOKING, 409: 'PAYMENT_METHOD_NOT_CASH, CASH_NOT_DUE' }) },
      },
    },
    async (request) =>
      payments.confirmCashReceived({
        db,
        config,
        userId: requireAuth(request).userId,
        bookingId: request.params.bookingId,
        origin: originOf(request),
      }),
  );

  app.get(
    '/me/earnings',
    {
      config: { access: { roles: ['provider'] } },
      schema: {
        tags,
        summary: 'The provider’s balance per currency: earned from card jobs, and commission owed on cash jobs',
        response: { 200: providerEarnings, ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request) => payments.providerEarnings({ db, userId: requireAuth(request).userId }),
  );
};
