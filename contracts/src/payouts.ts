import { z } from 'zod';
import { locale } from './locale';

/** How a provider is paid: Stripe Connect Express, or bank transfers in the operator's batches. */
export const payoutRail = z.enum(['connect', 'bank']);
export const payoutStatus = z.enum(['pending', 'paid', 'failed']);

/**
 * Countries whose bank accounts Stripe Connect pays out to self-serve (the US, the UK, the
 * EEA, Canada, Switzerland); Moroccan, Algerian and Tunisian providers are paid by bank transfer.
 */
export const CONNECT_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'CA',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'US',
] as const;

/** IBAN lengths of the countries whose banks the bank-transfer rail pays (Morocco, Algeria, Tunisia). */
export const IBAN_LENGTHS: Record<string, number> = { MA: 28, DZ: 26, TN: 24 };

/** An IBAN without spaces, upper case. */
export const compactIban = (value: string) => value.replace(/[\s-]+/g, '').toUpperCase();

/**
 * True for an IBAN of a country the bank rail pays, of that country's length, whose check
 * digits pass ISO 13616's mod-97 (computed piecewise: the number is too long for a double).
 */
export function isPayableIban(value: string): boolean {
  const iban = compactIban(value);
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (!length || iban.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1;
}

export const bankAccountInput = z.object({
  iban: z
    .string()
    .max(64)
    .refine(
      isPayableIban,
      'An IBAN of a Moroccan (MA, 28 characters), Algerian (DZ, 26) or Tunisian (TN, 24) bank, with valid check digits',
    ),
});

export const payoutOnboardingInput = z.object({
  /** The language of the pages Stripe returns to. */
  locale: locale.optional(),
  /** The country of the bank account Stripe will pay (by default, from the provider's city). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
export const payoutOnboardingLink = z.object({ url: z.string().url(), accountId: z.string() });

export const payoutAccountView = z.object({
  rail: payoutRail,
  country: z.string(),
  /** Bank rail: the IBAN with all but its country and last four characters hidden. */
  ibanMasked: z.string().nullable(),
  /** Connect rail: what Stripe last said about the account. */
  connect: z
    .object({
      chargesEnabled: z.boolean(),
      payoutsEnabled: z.boolean(),
      currentlyDue: z.array(z.string()),
      pastDue: z.array(z.string()),
      disabledReason: z.string().nullable(),
    })
    .nullable(),
  /** Payouts can be made now. */
  ready: z.boolean(),
});

export const payoutView = z.object({
  id: z.string(),
  rail: payoutRail,
  status: payoutStatus,
  currency: z.string(),
  amountMinor: z.number().int(),
  nettedMinor: z.number().int(),
  failureReason: z.string(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

export const payoutBalance = z.object({
  currency: z.string(),
  /** Earned from card jobs and not paid out. */
  payableMinor: z.number().int(),
  /** Of which past the holding delay… */
  maturedMinor: z.number().int(),
  /** …and still held. */
  heldMinor: z.number().int(),
  cashCommissionOwedMinor: z.number().int(),
  netMinor: z.number().int(),
  /** What the next payout run would send (0 below the minimum). */
  dueMinor: z.number().int(),
  /** Paid out but not yet settled (a bank line not yet marked). */
  inTransitMinor: z.number().int(),
});

export const payoutOverview = z.object({
  account: payoutAccountView.nullable(),
  /** The rails this provider may use, the likelier first (Connect only with card payments configured). */
  rails: z.array(payoutRail),
  holdDays: z.number().int(),
  minimumMinor: z.number().int(),
  balances: z.array(payoutBalance),
  payouts: z.array(payoutView),
});

export const payoutRunResult = z.object({ created: z.number().int(), sent: z.number().int() });

export const payoutBatchLine = payoutView.extend({
  providerId: z.string(),
  providerName: z.string(),
  ibanMasked: z.string().nullable(),
});
export const payoutBatch = z.object({
  id: z.string(),
  createdAt: z.string(),
  lines: z.array(payoutBatchLine),
});
export const payoutBatches = z.object({ batches: z.array(payoutBatch), waiting: z.number().int() });
export const payoutBatchParams = z.object({ id: z.string().min(1).max(40) });
export const payoutLineParams = payoutBatchParams.extend({ lineId: z.string().min(1).max(40) });
export const payoutLineInput = z.discriminatedUnion('status', [
  z.object({ status: z.literal('paid') }),
  z.object({ status: z.literal('failed'), reason: z.string().trim().min(1).max(200) }),
]);

export type PayoutOverview = z.infer<typeof payoutOverview>;
export type PayoutBatch = z.infer<typeof payoutBatch>;
export type PayoutBatches = z.infer<typeof payoutBatches>;
