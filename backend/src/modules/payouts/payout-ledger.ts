import type { Config } from '../../config/env';
import type { DbClient } from '../../platform/db/client';
import { ACCOUNTS, postMovement, type LedgerLine } from '../payments/ledger';
import { notifyPayout } from './payout-notices';

/**
 * A payout's money, in three movements (decision 0028):
 * - `payout:<id>` when it is made: the provider's payable is debited by the amount sent plus
 *   the cash commission it settles (netting), cash_commission_owed is credited by that
 *   commission, and `payouts` is credited by the amount sent: money on its way;
 * - `payout-paid:<id>` when it arrives (a Connect transfer made, a bank line marked paid):
 *   `payouts` is debited back and card_clearing credited: the money left the platform;
 * - `payout-failed:<id>` when it does not (a bank line marked failed, a transfer refused or
 *   reversed): the amount goes back to the provider's payable; the netting stays done.
 */
export interface PayoutMoney {
  id: string;
  providerId: string;
  currency: string;
  amountMinor: number;
  nettedMinor: number;
}

export function postPayoutMade(tx: DbClient, payout: PayoutMoney) {
  return postMovement(tx, {
    key: `payout:${payout.id}`,
    kind: 'payout',
    currency: payout.currency,
    lines: [
      { account: ACCOUNTS.providerPayable, providerId: payout.providerId, amountMinor: payout.amountMinor + payout.nettedMinor },
      { account: ACCOUNTS.cashCommissionOwed, providerId: payout.providerId, amountMinor: -payout.nettedMinor },
      { account: ACCOUNTS.payouts, providerId: payout.providerId, amountMinor: -payout.amountMinor },
    ],
  });
}

type Settled = Awaited<ReturnType<DbClient['payout']['findUniqueOrThrow']>>;

/**
 * Moves a payout from `from` (a conditional update: a second answer finds it moved and does
 * nothing) and posts the movement of that step; false when it was not in `from`.
 */
async function settle(
  tx: DbClient,
  config: Readonly<Config>,
  payoutId: string,
  from: 'pending' | 'paid',
  data: { status: 'paid' | 'failed'; settledAt?: Date; transferId?: string; failureReason?: string },
  movement: (payout: Settled) => { key: string; kind: string; lines: LedgerLine[] },
) {
  const moved = await tx.payout.updateMany({ where: { id: payoutId, status: from }, data });
  if (moved.count === 0) return false;
  const payout = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  await postMovement(tx, { currency: payout.currency, ...movement(payout) });
  await notifyPayout(tx, config, {
    providerId: payout.providerId,
    event: data.status,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
  });
  return true;
}

/** A pending payout arrived; false when it was settled already (a rerun, a redelivered event). */
export function recordPayoutSent(tx: DbClient, config: Readonly<Config>, payoutId: string, transferId: string | null) {
  return settle(
    tx,
    config,
    payoutId,
    'pending',
    { status: 'paid', settledAt: new Date(), ...(transferId ? { transferId } : {}) },
    (payout) => ({
      key: `payout-paid:${payout.id}`,
      kind: 'payout_paid',
      lines: [
        { account: ACCOUNTS.payouts, providerId: payout.providerId, amountMinor: payout.amountMinor },
        { account: ACCOUNTS.cardClearing, amountMinor: -payout.amountMinor },
      ],
    }),
  );
}

/** The amount of a payout owed to its provider again, taken from `source`. */
const backToPayable = (payout: Settled, source: LedgerLine): LedgerLine[] => [
  source,
  { account: ACCOUNTS.providerPayable, providerId: payout.providerId, amountMinor: -payout.amountMinor },
];

/** A pending payout did not arrive: its amount is owed to the provider again. */
export function recordPayoutFailed(tx: DbClient, config: Readonly<Config>, payoutId: string, reason: string) {
  return settle(tx, config, payoutId, 'pending', { status: 'failed', settledAt: new Date(), failureReason: reason }, (payout) => ({
    key: `payout-failed:${payout.id}`,
    kind: 'payout_failed',
    lines: backToPayable(payout, { account: ACCOUNTS.payouts, providerId: payout.providerId, amountMinor: payout.amountMinor }),
  }));
}

/** A paid Connect transfer was reversed by the platform's Stripe account: the money is owed again. */
export function recordPayoutReversed(tx: DbClient, config: Readonly<Config>, payoutId: string) {
  return settle(tx, config, payoutId, 'paid', { status: 'failed', failureReason: 'transfer_reversed' }, (payout) => ({
    key: `payout-reversed:${payout.id}`,
    kind: 'payout_reversed',
    lines: backToPayable(payout, { account: ACCOUNTS.cardClearing, amountMinor: payout.amountMinor }),
  }));
}
