import { CONNECT_COUNTRIES as CONNECT_COUNTRY_LIST } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import type { StripeClient } from '../../platform/payments/stripe';
import { recordPayoutFailed, recordPayoutSent } from './payout-ledger';

/** Connect where Stripe pays out self-serve (decision 0028); the bank rail everywhere else. */
export const CONNECT_COUNTRIES: ReadonlySet<string> = new Set(CONNECT_COUNTRY_LIST);

/** The country of a provider's city, from its time zone (the platform's cities are in the Maghreb). */
const ZONE_COUNTRIES: Record<string, string> = { 'Africa/Casablanca': 'MA', 'Africa/Algiers': 'DZ', 'Africa/Tunis': 'TN' };
export const countryOfZone = (timeZone: string | null | undefined) => ZONE_COUNTRIES[timeZone ?? ''] ?? 'MA';

export type RailName = 'connect' | 'bank';

export interface RailAccount {
  rail: string;
  stripeAccountId: string | null;
  payoutsEnabled: boolean;
  ibanSealed: string | null;
}

export interface RailPayout {
  id: string;
  providerId: string;
  currency: string;
  amountMinor: number;
}

/**
 * A way of paying providers. The payout's row and its ledger movement are committed before
 * `send` runs; `send` is safe to call again (it looks for its own earlier result first), so
 * a crash anywhere is followed by a rerun that completes the same payout once.
 */
export interface PayoutRail {
  readonly name: RailName;
  /** Payouts can be made to this account now. */
  ready(account: RailAccount): boolean;
  send(payout: RailPayout, account: RailAccount): Promise<'sent' | 'waiting' | 'failed'>;
}

/** Bank transfer: the payout waits for the operator's next batch file (payout-batches.service.ts). */
const bankRail: PayoutRail = {
  name: 'bank',
  ready: (account) => account.rail === 'bank' && account.ibanSealed !== null,
  send: async () => 'waiting',
};

/** Stripe Connect Express: a transfer to the provider's connected account, keyed by the payout. */
function connectRail(db: Db, config: Readonly<Config>, stripe: StripeClient | null): PayoutRail {
  return {
    name: 'connect',
    ready: (account) => stripe !== null && account.rail === 'connect' && account.stripeAccountId !== null && account.payoutsEnabled,
    send: async (payout, account) => {
      if (!stripe || !account.stripeAccountId) return 'waiting';
      const group = transferGroupOf(payout.id);
      // A rerun after a crash (or after the key's 24 hours) finds the transfer it made.
      const earlier = await stripe.transfers.list({ transfer_group: group, limit: 1 });
      let transfer = earlier.data[0];
      if (!transfer) {
        try {
          transfer = await stripe.transfers.create(transferRequest(payout, account.stripeAccountId), { idempotencyKey: group });
        } catch (error) {
          // Stripe refused the transfer itself (the account lost its capability, the balance is
          // short): the money goes back to the payable and the provider sees why. Network and
          // server errors propagate, and the job tries again with the same key.
          if ((error as { type?: string }).type !== 'StripeInvalidRequestError') throw error;
          await db.$transaction((tx) => recordPayoutFailed(tx, config, payout.id, (error as Error).message.slice(0, 200)));
          return 'failed';
        }
      }
      await db.$transaction((tx) => recordPayoutSent(tx, config, payout.id, transfer.id));
      return 'sent';
    },
  };
}

export const transferGroupOf = (payoutId: string) => `payout:${payoutId}`;

/** The transfer of a payout, exactly as sent each time (Stripe replays a key only with the same parameters). */
export function transferRequest(payout: RailPayout, destination: string) {
  return {
    amount: payout.amountMinor,
    currency: payout.currency.toLowerCase(),
    destination,
    transfer_group: transferGroupOf(payout.id),
    metadata: { payoutId: payout.id, providerId: payout.providerId },
  };
}

export function payoutRails(db: Db, config: Readonly<Config>, stripe: StripeClient | null): Record<RailName, PayoutRail> {
  return { bank: bankRail, connect: connectRail(db, config, stripe) };
}
