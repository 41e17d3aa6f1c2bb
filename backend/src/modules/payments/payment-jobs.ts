/**
 * Kinds of the payment jobs, apart from their handlers (payments.service.ts) so that the
 * bookings module can enqueue them without importing the payments service.
 */
export const PAYMENT_JOBS = {
  capture: 'payments.capture',
  release: 'payments.release',
  refund: 'payments.refund',
  /** A saved card authorised off-session when the job enters the hold window. */
  authoriseOffSession: 'payments.authorise-off-session',
  /** The deadline to pay after a failed off-session authorisation. */
  payBy: 'payments.pay-by',
  /** A verified Stripe event, stored by the webhook, applied from Stripe's state. */
  stripeEvent: 'payments.stripe-event',
} as const;

/** The job of one Stripe event: its key is the event's id, so each event is stored once. */
export const stripeEventKey = (eventId: string) => `stripe-event:${eventId}`;

/** After a failed off-session authorisation, the client has this long to pay (never past a day before the job). */
export const PAY_BY_HOURS = 48;

/** Stripe's idempotency key of one step of one booking's payment: a retry repeats the same call. */
export const stripeKey = (bookingId: string, step: string) => `booking:${bookingId}:${step}`;

/**
 * A card booking must start within this many days: an authorisation holds about 7 days
 * online, and the capture comes at confirmation, up to 72 hours after the job.
 */
export const CARD_HOLD_DAYS = 4;

/** How long a client has to authorise the card of a booking before its time is freed. */
export const PAYMENT_WINDOW_MINUTES = 30;
