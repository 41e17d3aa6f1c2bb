import type { Config } from '../../config/env';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { StripeClient, StripeEvent } from '../../platform/payments/stripe';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { ACCOUNTS } from '../payments/ledger';
import { postPayoutMade, recordPayoutReversed, recordPayoutSent } from './payout-ledger';
import { CONNECT_COUNTRIES, countryOfZone, payoutRails, type RailName } from './payout-rails';

/**
 * The smallest payout, in minor units of any currency (50 MAD, 50 EUR, 5 TND): below it the
 * money waits for the next run, so a bank line is never worth less than its fees.
 */
export const PAYOUT_MINIMUM_MINOR = 5_000;

interface Deps {
  db: Db;
  config: Readonly<Config>;
  stripe: StripeClient | null;
}

const DAY_MS = 86_400_000;
const ibanContext = (providerId: string) => `iban:${providerId}`;

/** All but the country, the check digits and the last four characters hidden. */
export const maskIban = (iban: string) => `${iban.slice(0, 4)} •••• ${iban.slice(-4)}`;

async function providerOf(db: DbClient, userId: string) {
  const provider = await db.providerProfile.findUnique({
    where: { userId },
    select: { id: true, city: { select: { timeZone: true } }, user: { select: { email: true } } },
  });
  if (!provider) throw new AppError('PROVIDER_PROFILE_REQUIRED', 409, 'Only providers are paid out');
  return provider;
}

interface Requirements {
  currentlyDue: string[];
  pastDue: string[];
  disabledReason: string | null;
}

function requirementsOf(text: string): Requirements {
  const parsed = JSON.parse(text) as Partial<Requirements>;
  return { currentlyDue: parsed.currentlyDue ?? [], pastDue: parsed.pastDue ?? [], disabledReason: parsed.disabledReason ?? null };
}

type AccountRow = NonNullable<Awaited<ReturnType<Db['payoutAccount']['findUnique']>>>;

function accountView(account: AccountRow, ready: boolean) {
  return {
    rail: account.rail as RailName,
    country: account.country,
    ibanMasked: account.rail === 'bank' ? account.ibanMasked : null,
    connect: account.stripeAccountId
      ? { chargesEnabled: account.chargesEnabled, payoutsEnabled: account.payoutsEnabled, ...requirementsOf(account.requirements) }
      : null,
    ready,
  };
}

/**
 * A provider's position per currency at `at`: a booking's share matures `PAYOUT_HOLD_DAYS`
 * after the job's confirmation (or after a late cancellation's fee, the booking's
 * cancellation); movements of no booking (payouts, failed payouts) count at once.
 */
export async function payoutBalances(db: DbClient, { providerId, holdDays, at }: { providerId: string; holdDays: number; at: Date }) {
  const entries = await db.ledgerEntry.findMany({
    where: { providerId, account: { in: [ACCOUNTS.providerPayable, ACCOUNTS.cashCommissionOwed, ACCOUNTS.payouts] } },
    select: { account: true, amountMinor: true, currency: true, movement: { select: { bookingId: true } } },
  });
  const bookingIds = [...new Set(entries.map((entry) => entry.movement.bookingId).filter((id): id is string => id !== null))];
  const bookings = bookingIds.length
    ? await db.booking.findMany({
        where: { id: { in: bookingIds } },
        select: { id: true, status: true, confirmedAt: true, cancelledAt: true },
      })
    : [];
  const cutoff = at.getTime() - holdDays * DAY_MS;
  const matured = new Set(
    bookings
      .filter((booking) => {
        const settled = booking.confirmedAt ?? (booking.status === 'cancelled' ? booking.cancelledAt : null);
        return settled !== null && settled.getTime() <= cutoff;
      })
      .map((booking) => booking.id),
  );
  const currencies = [...new Set(entries.map((entry) => entry.currency))].sort();
  return currencies.map((currency) => {
    const of = (account: string, filter: (bookingId: string | null) => boolean = () => true) =>
      entries
        .filter((entry) => entry.currency === currency && entry.account === account && filter(entry.movement.bookingId))
        .reduce((sum, entry) => sum + entry.amountMinor, 0);
    const payableMinor = -of(ACCOUNTS.providerPayable);
    const heldMinor = -of(ACCOUNTS.providerPayable, (bookingId) => bookingId !== null && !matured.has(bookingId));
    const maturedMinor = payableMinor - heldMinor;
    const cashCommissionOwedMinor = of(ACCOUNTS.cashCommissionOwed);
    const available = maturedMinor - cashCommissionOwedMinor;
    return {
      currency,
      payableMinor,
      maturedMinor,
      heldMinor,
      cashCommissionOwedMinor,
      netMinor: payableMinor - cashCommissionOwedMinor,
      dueMinor: available >= PAYOUT_MINIMUM_MINOR ? available : 0,
      inTransitMinor: -of(ACCOUNTS.payouts),
    };
  });
}

export function payoutView(payout: {
  id: string;
  rail: string;
  status: string;
  currency: string;
  amountMinor: number;
  nettedMinor: number;
  failureReason: string;
  createdAt: Date;
  settledAt: Date | null;
}) {
  return {
    id: payout.id,
    rail: payout.rail as RailName,
    status: payout.status as 'pending' | 'paid' | 'failed',
    currency: payout.currency,
    amountMinor: payout.amountMinor,
    nettedMinor: payout.nettedMinor,
    failureReason: payout.failureReason,
    createdAt: payout.createdAt.toISOString(),
    settledAt: payout.settledAt?.toISOString() ?? null,
  };
}

/**
 * The rails a provider may use, the likelier first: Connect only with a Stripe key, first
 * where Stripe pays out to the provider's country; bank transfer always.
 */
function railsFor(withStripe: boolean, country: string): RailName[] {
  if (!withStripe) return ['bank'];
  return CONNECT_COUNTRIES.has(country) ? ['connect', 'bank'] : ['bank', 'connect'];
}

/** The provider's payouts page: balances, the rail and its status, the payouts made. */
export async function payoutOverview({ db, config, stripe, userId }: Deps & { userId: string }) {
  const provider = await providerOf(db, userId);
  let account = await db.payoutAccount.findUnique({ where: { providerId: provider.id } });
  // Back from Stripe's onboarding before its event: read the account's state from Stripe.
  if (account?.rail === 'connect' && account.stripeAccountId && !account.payoutsEnabled && stripe) {
    await syncConnectAccount(db, await stripe.accounts.retrieve(account.stripeAccountId));
    account = await db.payoutAccount.findUnique({ where: { providerId: provider.id } });
  }
  const rails = payoutRails(db, config, stripe);
  const payouts = await db.payout.findMany({ where: { providerId: provider.id }, orderBy: { createdAt: 'desc' }, take: 50 });
  return {
    account: account ? accountView(account, rails[account.rail as RailName].ready(account)) : null,
    rails: railsFor(stripe !== null, account?.country ?? countryOfZone(provider.city?.timeZone)),
    holdDays: config.payments.payoutHoldDays,
    minimumMinor: PAYOUT_MINIMUM_MINOR,
    balances: await payoutBalances(db, { providerId: provider.id, holdDays: config.payments.payoutHoldDays, at: new Date() }),
    payouts: payouts.map(payoutView),
  };
}

/** The provider records the IBAN payouts go to (bank rail); it is sealed, and shown masked from then on. */
export async function setBankAccount({
  db,
  config,
  userId,
  iban,
  origin,
}: Omit<Deps, 'stripe'> & { userId: string; iban: string; origin: RequestOrigin }) {
  const provider = await providerOf(db, userId);
  const compact = iban.replace(/[\s-]+/g, '').toUpperCase();
  const sealed = config.dataKeys.seal(compact, ibanContext(provider.id));
  const bank = { rail: 'bank', country: compact.slice(0, 2), ibanSealed: sealed, ibanMasked: maskIban(compact) };
  await db.$transaction(async (tx) => {
    await tx.payoutAccount.upsert({ where: { providerId: provider.id }, create: { providerId: provider.id, ...bank }, update: bank });
    await recordAudit({
      db: tx,
      action: 'payout.bank_account_set',
      actorId: userId,
      subjectId: provider.id,
      origin,
      detail: { iban: bank.ibanMasked },
    });
  });
  return { ibanMasked: bank.ibanMasked, country: bank.country };
}

/** The IBAN of a bank-rail account, opened for the batch file. */
export function openIban(config: Readonly<Config>, account: { providerId: string; ibanSealed: string | null }) {
  return account.ibanSealed ? config.dataKeys.open(account.ibanSealed, ibanContext(account.providerId)).plaintext : null;
}

/**
 * Connect onboarding: the provider's Express account is made once (its key names the
 * provider and the country), then each call answers a fresh Account Link to Stripe's hosted
 * onboarding, returning to the payouts page in the provider's language.
 */
export async function startOnboarding({
  db,
  config,
  stripe,
  userId,
  locale,
  country: chosen,
  origin,
}: Deps & { userId: string; locale: string; country?: string | undefined; origin: RequestOrigin }) {
  if (!stripe) throw new AppError('PAYMENTS_UNAVAILABLE', 503, 'Card payments are not configured');
  const provider = await providerOf(db, userId);
  let account = await db.payoutAccount.findUnique({ where: { providerId: provider.id } });
  const country = chosen ?? (account?.stripeAccountId ? account.country : countryOfZone(provider.city?.timeZone));
  if (!CONNECT_COUNTRIES.has(country)) {
    throw new AppError(
      'PAYOUT_RAIL_UNAVAILABLE',
      409,
      `Stripe does not pay out to accounts in ${country}: record an IBAN for bank transfers`,
    );
  }
  if (!account?.stripeAccountId || account.country !== country) {
    const created = await stripe.accounts.create(
      {
        type: 'express',
        country,
        ...(provider.user.email ? { email: provider.user.email } : {}),
        capabilities: { transfers: { requested: true } },
        metadata: { providerId: provider.id },
      },
      { idempotencyKey: `provider:${provider.id}:connect-account:${country}` },
    );
    const connect = {
      rail: 'connect',
      country,
      stripeAccountId: created.id,
      chargesEnabled: false,
      payoutsEnabled: false,
      requirements: '{}',
    };
    account = await db.$transaction(async (tx) => {
      const row = await tx.payoutAccount.upsert({
        where: { providerId: provider.id },
        create: { providerId: provider.id, ...connect },
        update: connect,
      });
      await recordAudit({
        db: tx,
        action: 'payout.connect_account_created',
        actorId: userId,
        subjectId: provider.id,
        origin,
        detail: { country },
      });
      return row;
    });
    await syncConnectAccount(db, created);
  } else if (account.rail !== 'connect') {
    account = await db.payoutAccount.update({ where: { providerId: provider.id }, data: { rail: 'connect' } });
  }
  const page = `${config.frontendUrl}/${locale}/account/payouts`;
  // Account Links are single-use and expire in minutes: each call needs a new one, so no
  // fixed key here (the client's own retry key covers a network retry).
  const link = await stripe.accountLinks.create({
    account: account.stripeAccountId!,
    refresh_url: `${page}?onboarding=refresh`,
    return_url: `${page}?onboarding=return`,
    type: 'account_onboarding',
  });
  return { url: link.url, accountId: account.stripeAccountId! };
}

type ConnectAccount = Awaited<ReturnType<StripeClient['accounts']['retrieve']>>;

/** Records what Stripe says of a connected account (read back from Stripe, never from an event's body). */
async function syncConnectAccount(db: DbClient, account: ConnectAccount) {
  await db.payoutAccount.updateMany({
    where: { stripeAccountId: account.id },
    data: {
      chargesEnabled: account.charges_enabled ?? false,
      payoutsEnabled: (account.payouts_enabled ?? false) && account.capabilities?.transfers === 'active',
      requirements: JSON.stringify({
        currentlyDue: account.requirements?.currently_due ?? [],
        pastDue: account.requirements?.past_due ?? [],
        disabledReason: account.requirements?.disabled_reason ?? null,
      }),
    },
  });
}

/** Events of connected accounts and transfers (the payments module hands them over). */
export function isPayoutEvent(event: StripeEvent): boolean {
  const object = (event.data.object as { object?: string }).object;
  return (event.type.startsWith('account.') && object === 'account') || (event.type.startsWith('transfer.') && object === 'transfer');
}

/**
 * Applies an `account.*` or `transfer.*` event: the object is read back from Stripe, and
 * the event id stored once in the transaction that records it, so redeliveries and any
 * order end in the same state.
 */
export async function applyPayoutEvent({ db, stripe, config, event }: Deps & { stripe: StripeClient; event: StripeEvent }) {
  const id = (event.data.object as { id: string }).id;
  const isAccount = (event.data.object as { object?: string }).object === 'account';
  const account = isAccount ? await stripe.accounts.retrieve(id) : null;
  const transfer = isAccount ? null : await stripe.transfers.retrieve(id);
  return db.$transaction(async (tx) => {
    const stored = await tx.$executeRaw`
      INSERT INTO "StripeEvent" ("id", "type", "receivedAt") VALUES (${event.id}, ${event.type}, ${new Date()})
      ON CONFLICT ("id") DO NOTHING`;
    if (stored === 0) return { duplicate: true };
    if (account) await syncConnectAccount(tx, account);
    if (transfer) {
      const payoutId = transfer.metadata?.payoutId;
      const payout = payoutId ? await tx.payout.findUnique({ where: { id: payoutId } }) : null;
      if (payout?.rail === 'connect') {
        // A transfer whose answer was lost with a crashed run is recorded here as well.
        if (payout.status === 'pending') await recordPayoutSent(tx, config, payout.id, transfer.id);
        if (transfer.amount_reversed >= transfer.amount) await recordPayoutReversed(tx, config, payout.id);
      }
    }
    return { duplicate: false };
  });
}

/**
 * One provider's payouts at `at`, one per currency with money due: the row and its ledger
 * movement in one transaction that first takes the provider's payout-account row, so two
 * runs at once queue and the second finds nothing left.
 */
export async function planPayouts({ db, config, stripe }: Deps, providerId: string, at: Date) {
  const rails = payoutRails(db, config, stripe);
  return db.$transaction(async (tx) => {
    const account = await tx.payoutAccount.findUnique({ where: { providerId } });
    if (!account || !rails[account.rail as RailName]?.ready(account)) return [];
    await tx.payoutAccount.update({ where: { providerId }, data: { updatedAt: new Date() } });
    const made = [];
    for (const balance of await payoutBalances(tx, { providerId, holdDays: config.payments.payoutHoldDays, at })) {
      if (balance.dueMinor <= 0) continue;
      const payout = await tx.payout.create({
        data: {
          providerId,
          rail: account.rail,
          currency: balance.currency,
          amountMinor: balance.dueMinor,
          nettedMinor: balance.cashCommissionOwedMinor,
        },
      });
      await postPayoutMade(tx, payout);
      made.push(payout);
    }
    return made;
  });
}

/**
 * The payout run (daily job, or an admin): first completes Connect payouts a crashed run left
 * unsent, then makes each ready provider's due payouts and sends them on their rail.
 */
export async function runPayouts(deps: Deps & { at?: Date }) {
  const { db, config, stripe } = deps;
  const at = deps.at ?? new Date();
  const rails = payoutRails(db, config, stripe);
  const accounts = new Map((await db.payoutAccount.findMany()).map((account) => [account.providerId, account]));
  let sent = 0;
  const send = async (payout: { id: string; providerId: string; currency: string; amountMinor: number; rail: string }) => {
    const account = accounts.get(payout.providerId);
    if (account && (await rails[payout.rail as RailName].send(payout, account)) === 'sent') sent += 1;
  };
  for (const payout of await db.payout.findMany({ where: { rail: 'connect', status: 'pending' }, orderBy: { createdAt: 'asc' } })) {
    await send(payout);
  }
  let created = 0;
  for (const providerId of accounts.keys()) {
    for (const payout of await planPayouts(deps, providerId, at)) {
      created += 1;
      await send(payout);
    }
  }
  return { created, sent };
}
