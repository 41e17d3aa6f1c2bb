import { bankAccountInput, errorResponses, payoutOnboardingInput, payoutOnboardingLink, payoutOverview } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StripeClient } from '../../platform/payments/stripe';
import { originOf, requireAuth } from '../accounts/access';
import * as payouts from './payouts.service';

const PROVIDER = ['provider'] as const;

/** The provider's payouts: balances and payouts, the Connect onboarding, the IBAN of bank transfers. */
export const payoutsRoutes: FastifyPluginAsyncZod<{ stripe: (() => StripeClient) | null }> = async (app, options) => {
  const tags = ['payouts'];
  const { db, config } = app;
  const stripe = () => options.stripe?.() ?? null;

  app.get(
    '/me/payouts',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'The provider’s balance per currency (matured, held, cash commission owed), payout rail and status, and payouts',
        response: { 200: payoutOverview, ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request) => payouts.payoutOverview({ db, config, stripe: stripe(), userId: requireAuth(request).userId }),
  );

  // Connect onboarding exists only with a Stripe key (STRIPE_SECRET_KEY); bank transfers need none.
  const connect = options.stripe;
  if (connect) {
    app.post(
      '/me/payouts/onboarding',
      {
        config: { access: { roles: PROVIDER } },
        schema: {
          tags,
          summary: 'Stripe Connect: the provider’s Express account (made once) and a fresh link to Stripe’s hosted onboarding',
          body: payoutOnboardingInput,
          response: {
            200: payoutOnboardingLink,
            ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED, PAYOUT_RAIL_UNAVAILABLE: Stripe does not pay out to that country' }),
          },
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        return payouts.startOnboarding({
          db,
          config,
          stripe: connect(),
          userId: auth.userId,
          locale: request.body.locale ?? auth.user.locale,
          country: request.body.country,
          origin: originOf(request),
        });
      },
    );
  }

  app.put(
    '/me/payouts/bank-account',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'The IBAN bank transfers go to (Morocco, Algeria, Tunisia; checked, stored encrypted, shown masked)',
        body: bankAccountInput,
        response: {
          200: z.object({ ibanMasked: z.string(), country: z.string() }),
          ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }),
        },
      },
    },
    async (request) =>
      payouts.setBankAccount({ db, config, userId: requireAuth(request).userId, iban: request.body.iban, origin: originOf(request) }),
  );
};
