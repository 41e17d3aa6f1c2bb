import { randomUUID } from 'node:crypto';
import type { DbClient } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';

/**
 * The double-entry ledger. Every money movement is a set of entries, in integer minor units
 * of one currency, that sum to zero: a debit is positive, a credit negative. Balances are
 * sums of entries; nothing stores or edits a balance.
 *
 * Accounts (debit-normal ones hold money or claims; credit-normal ones are owed):
 * - card_clearing (debit): card money held at Stripe for the platform;
 * - platform_commission (credit): the platform's earnings;
 * - provider_payable (credit, per provider): what the platform owes a provider;
 * - cash_commission_owed (debit, per provider): commission a provider owes on cash jobs;
 * - disputes (debit): money withdrawn by a chargeback while it is contested or lost;
 * - payouts (credit, per provider): payouts on their way to a provider (a bank line not yet
 *   marked); back to zero once each arrives or fails (see payouts/payout-ledger.ts).
 */
export const ACCOUNTS = {
  cardClearing: 'card_clearing',
  platformCommission: 'platform_commission',
  providerPayable: 'provider_payable',
  cashCommissionOwed: 'cash_commission_owed',
  disputes: 'disputes',
  payouts: 'payouts',
} as const;

export type Account = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

export interface LedgerLine {
  account: Account;
  providerId?: string | null;
  amountMinor: number;
}

export interface Movement {
  /** What moved, once: a second post with the same key does nothing. */
  key: string;
  kind: string;
  bookingId?: string | null;
  currency: string;
  lines: LedgerLine[];
}

/**
 * Writes a movement in the caller's transaction. Returns false when a movement with the
 * same key exists already (a redelivered event, a retried job): its entries are not
 * written again.
 */
export async function postMovement(db: DbClient, movement: Movement): Promise<boolean> {
  const lines = movement.lines.filter((line) => line.amountMinor !== 0);
  if (lines.some((line) => !Number.isSafeInteger(line.amountMinor))) {
    throw new AppError('LEDGER_NOT_INTEGER', 500, `Movement ${movement.key} has an amount that is not a whole number of minor units`);
  }
  const sum = lines.reduce((total, line) => total + line.amountMinor, 0);
  if (sum !== 0) throw new AppError('LEDGER_UNBALANCED', 500, `Movement ${movement.key} does not sum to zero (${sum})`);
  const id = randomUUID();
  // ON CONFLICT, not a caught unique violation: on PostgreSQL a failed statement aborts
  // the caller's whole transaction.
  const inserted = await db.$executeRaw`
    INSERT INTO "LedgerMovement" ("id", "key", "kind", "bookingId", "currency", "createdAt")
    VALUES (${id}, ${movement.key}, ${movement.kind}, ${movement.bookingId ?? null}, ${movement.currency}, ${new Date()})
    ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 0) return false;
  if (lines.length > 0) {
    await db.ledgerEntry.createMany({
      data: lines.map((line) => ({
        movementId: id,
        account: line.account,
        providerId: line.providerId ?? null,
        amountMinor: line.amountMinor,
        currency: movement.currency,
      })),
    });
  }
  return true;
}

/** The commission on an amount: basis points, rounded down to the minor unit, integers only. */
export function commissionOf(amountMinor: number, bps: number): number {
  if (!Number.isSafeInteger(amountMinor) || !Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    throw new AppError('INVALID_COMMISSION', 500, 'Commission needs whole minor units and 0–10000 basis points');
  }
  return Math.floor((amountMinor * bps) / 10_000);
}

/**
 * A part of an amount in the same proportion as `part / whole`, rounded down: the share of
 * a refund that comes back out of the commission.
 */
export function proportion(amountMinor: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.floor((amountMinor * part) / whole);
}

export interface Balance {
  account: string;
  providerId: string | null;
  currency: string;
  /** Sum of the entries: positive for a debit balance, negative for a credit balance. */
  sumMinor: number;
}

/** Balances of every account (or one provider's), derived from the entries. */
export async function ledgerBalances(db: DbClient, where: { providerId?: string; bookingId?: string } = {}): Promise<Balance[]> {
  const rows = await db.ledgerEntry.groupBy({
    by: ['account', 'providerId', 'currency'],
    where: {
      ...(where.providerId ? { providerId: where.providerId } : {}),
      ...(where.bookingId ? { movement: { bookingId: where.bookingId } } : {}),
    },
    _sum: { amountMinor: true },
  });
  return rows
    .map((row) => ({ account: row.account, providerId: row.providerId, currency: row.currency, sumMinor: row._sum.amountMinor ?? 0 }))
    .sort((a, b) => `${a.account}:${a.providerId}:${a.currency}`.localeCompare(`${b.account}:${b.providerId}:${b.currency}`));
}

/** A provider's position in one currency: earned and not paid out, and commission owed on cash jobs. */
export async function providerPosition(db: DbClient, providerId: string, currency: string) {
  const balances = await ledgerBalances(db, { providerId });
  const of = (account: Account) => balances.find((b) => b.account === account && b.currency === currency)?.sumMinor ?? 0;
  const payableMinor = -of(ACCOUNTS.providerPayable);
  const cashCommissionOwedMinor = of(ACCOUNTS.cashCommissionOwed);
  return { currency, payableMinor, cashCommissionOwedMinor, netMinor: payableMinor - cashCommissionOwedMinor };
}
