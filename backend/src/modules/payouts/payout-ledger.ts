import type { DbClient } from '../../platform/db/client';
import { ACCOUNTS, postMovement } from '../payments/ledger';

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

/** A pending payout arrived; false when it was settled already (a rerun, a redelivered event). */
export async function recordPayoutSent(tx: DbClient, payoutId: string, transferId: string | null) {
  const moved = await tx.payout.updateMany({
    where: { id: payoutId, status: 'pending' },
    data: { status: 'paid', settledAt: new Date(), ...(transferId ? { transferId } : {}) },
  });
  if (moved.count === 0) return false;
  const payout = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  await postMovement(tx, {
    key: `payout-paid:${payout.id}`,
    kind: 'payout_paid',
    currency: payout.currency,
    lines: [
      { account: ACCOUNTS.payouts, providerId: payout.providerId, amountMinor: payout.amountMinor },
      { account: ACCOUNTS.cardClearing, amountMinor: -payout.amountMinor },
    ],
  });
  return true;
}

/** A pending payout did not arrive: its amount is owed to the provider again. */
export async function recordPayoutFailed(tx: DbClient, payoutId: string, reason: string) {
  const moved = await tx.payout.updateMany({
    where: { id: payoutId, status: 'pending' },
    data: { status: 'failed', settledAt: new Date(), failureReason: reason },
  });
  if (moved.count === 0) return false;
  const payout = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  await postMovement(tx, {
    key: `payout-failed:${payout.id}`,
    kind: 'payout_failed',
    currency: payout.currency,
    lines: [
      { account: ACCOUNTS.payouts, providerId: payout.providerId, amountMinor: payout.amountMinor },
      { account: ACCOUNTS.providerPayable, providerId: payout.providerId, amountMinor: -payout.amountMinor },
    ],
  });
  return true;
}

/** A paid Connect transfer was reversed by the platform's Stripe account: the money is owed again. */
export async function recordPayoutReversed(tx: DbClient, payoutId: string) {
  const moved = await tx.payout.updateMany({
    where: { id: payoutId, status: 'paid' },
    data: { status: 'failed', failureReason: 'transfer_reversed' },
  });
  if (moved.count === 0) return false;
  const payout = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
  await postMovement(tx, {
    key: `payout-reversed:${payout.id}`,
    kind: 'payout_reversed',
    currency: payout.currency,
    lines: [
      { account: ACCOUNTS.cardClearing, amountMinor: payout.amountMinor },
      { account: ACCOUNTS.providerPayable, providerId: payout.providerId, amountMinor: -payout.amountMinor },
    ],
  });
  return true;
}
