import { z } from 'zod';

/** Where a booking's card payment stands. */
export const paymentStatus = z.enum(['authorising', 'requires_action', 'failed', 'card_saved', 'authorised', 'captured', 'released']);

export const paymentView = z.object({
  status: paymentStatus,
  amountMinor: z.number().int(),
  currency: z.string(),
  commissionBps: z.number().int(),
  intentId: z.string().nullable(),
  /** A refused saved card: paid by then (ISO instant), or the booking is cancelled. */
  payBy: z.string().nullable(),
});

/** Whether card payment is offered, and what the web checkout loads Stripe.js with. */
export const checkoutConfig = z.object({
  cardAvailable: z.boolean(),
  publishableKey: z.string().nullable(),
  stripeJsUrl: z.string(),
});
export type CheckoutConfig = z.infer<typeof checkoutConfig>;

/** What the web checkout needs to confirm the card with Stripe.js. */
export const cardPaymentStarted = paymentView.extend({
  clientSecret: z.string(),
  /** payment: confirm the hold now (confirmPayment); setup: save the card, authorised later (confirmSetup). */
  mode: z.enum(['payment', 'setup']),
});

export const ledgerBalance = z.object({
  account: z.string(),
  providerId: z.string().nullable(),
  currency: z.string(),
  /** Sum of the entries in minor units: positive is a debit balance, negative a credit one. */
  sumMinor: z.number().int(),
});

export const bookingPayment = z.object({ payment: paymentView.nullable(), balances: z.array(ledgerBalance) });

export const cashReceived = z.object({ recorded: z.boolean(), commissionMinor: z.number().int(), currency: z.string() });

export const providerEarnings = z.object({
  positions: z.array(
    z.object({
      currency: z.string(),
      /** Earned from card jobs and not paid out yet. */
      payableMinor: z.number().int(),
      /** Commission owed on cash jobs. */
      cashCommissionOwedMinor: z.number().int(),
      netMinor: z.number().int(),
    }),
  ),
});

export const stripeWebhookAnswer = z.object({ received: z.literal(true), duplicate: z.boolean() });

/** An admin resolves a disputed booking: the part of the price that goes back to the client. */
export const disputeResolutionInput = z.object({
  version: z.number().int().min(1),
  refundMinor: z.number().int().min(0).max(100_000_000),
  note: z.string().trim().min(1).max(2000),
});
export type DisputeResolutionInput = z.infer<typeof disputeResolutionInput>;

/** The back office's view of disputes: bookings waiting for an outcome, and card chargebacks. */
export const adminDisputes = z.object({
  bookings: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      service: z.string(),
      client: z.string(),
      provider: z.string(),
      priceMinor: z.number().int(),
      currency: z.string(),
      paymentMethod: z.string(),
      reason: z.string(),
      startAt: z.string(),
    }),
  ),
  chargebacks: z.array(
    z.object({
      bookingId: z.string().nullable(),
      disputeId: z.string(),
      /** open: money withdrawn and contested; won: returned; lost: recovered from the provider's payable. */
      outcome: z.enum(['open', 'won', 'lost']),
      amountMinor: z.number().int(),
      currency: z.string(),
      at: z.string(),
    }),
  ),
});
