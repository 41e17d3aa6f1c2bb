import Stripe from 'stripe';
import type { Config } from '../../config/env';
import { AppError } from '../errors/app-error';

export type StripeClient = Stripe;
export type StripeEvent = Stripe.Event;

/**
 * The official client, configured once from the environment. STRIPE_API_URL points it at
 * another server that speaks Stripe's API (the local one in development and tests);
 * production always talks to Stripe itself (validateEnv refuses the variable there).
 */
export function createStripe(config: Pick<Config, 'stripe'>): StripeClient {
  if (!config.stripe.secretKey) throw new AppError('PAYMENTS_UNAVAILABLE', 503, 'Card payments are not configured');
  const target = config.stripe.apiUrl ? new URL(config.stripe.apiUrl) : null;
  return new Stripe(config.stripe.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(target
      ? {
          host: target.hostname,
          port: target.port || (target.protocol === 'https:' ? 443 : 80),
          protocol: target.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/**
 * Checks a webhook's signature on its raw bytes (Stripe's scheme, five minutes of clock
 * tolerance) and returns the event; null when the signature does not match the body.
 */
export function verifyStripeEvent(stripe: StripeClient, rawBody: Buffer, header: string | undefined, secret: string): StripeEvent | null {
  if (!header || !secret) return null;
  try {
    return stripe.webhooks.constructEvent(rawBody, header, secret);
  } catch {
    return null;
  }
}
