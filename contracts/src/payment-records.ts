import { z } from 'zod';
import { locale } from './locale';

// The client's payments and receipts, the provider's monthly statements, and the daily
// reconciliation of card money with Stripe (admins).

export const myPaymentsQuery = z.object({
  /** The next page (`nextCursor` of the previous one). */
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const myPayment = z.object({
  bookingId: z.string(),
  serviceTitle: z.string(),
  providerName: z.string(),
  /** When the job was booked for. */
  startAt: z.string(),
  /** When the money moved (the capture, or the provider's confirmation of the cash). */
  paidAt: z.string(),
  method: z.enum(['card', 'cash']),
  /** A card payment's state (see paymentStatus), or `cash_received`. */
  status: z.string(),
  amountMinor: z.number().int(),
  refundedMinor: z.number().int(),
  currency: z.string(),
  receiptAvailable: z.boolean(),
});
export type MyPayment = z.infer<typeof myPayment>;

export const myPaymentList = z.object({ payments: z.array(myPayment), nextCursor: z.string().nullable() });
export type MyPaymentList = z.infer<typeof myPaymentList>;

export const documentLanguageQuery = z.object({ lang: locale.optional() });

/** A calendar month, `YYYY-MM` (UTC). */
export const statementParams = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month is written YYYY-MM'),
});

/** A UTC day, `YYYY-MM-DD`. */
export const reconciliationDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'A day is written YYYY-MM-DD');

export const reconciliationLine = z.object({
  kind: z.enum(['missing_in_ledger', 'missing_at_stripe', 'amount_differs']),
  key: z.string(),
  balanceTransaction: z.string().nullable(),
  stripeAmountMinor: z.number().int().nullable(),
  ledgerAmountMinor: z.number().int().nullable(),
  currency: z.string(),
});

export const reconciliationReport = z.object({
  day: z.string(),
  stripeCount: z.number().int(),
  ledgerCount: z.number().int(),
  differences: z.number().int(),
  ranAt: z.string(),
  lines: z.array(reconciliationLine),
});
export type ReconciliationReport = z.infer<typeof reconciliationReport>;

export const reconciliationList = z.object({ reports: z.array(reconciliationReport) });
export type ReconciliationList = z.infer<typeof reconciliationList>;

export const reconciliationQuery = z.object({ limit: z.coerce.number().int().min(1).max(90).default(14) });
export const reconciliationDayParams = z.object({ day: reconciliationDay });
