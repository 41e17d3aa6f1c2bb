import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/jobs';
import type { StripeClient } from '../../platform/payments/stripe';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { ACCOUNTS } from './ledger';

/**
 * The daily reconciliation: Stripe's balance transactions of a UTC day against the ledger's
 * card movements (`capture:`, `refund:`, `dispute:`, `dispute-won:`). A difference is money
 * Stripe moved that the ledger lacks, a movement Stripe has no trace of, or an amount that
 * differs. One report a day; running a day again replaces its lines.
 */

export const RECONCILIATION_JOB = 'payments.reconcile';
/** The job of a day: its key, so a day is reconciled once by the schedule whatever runs it. */
export const reconciliationKey = (day: string) => `reconcile:${day}`;
/** Minutes after midnight UTC when a finished day is reconciled (Stripe's late records settle). */
const RUN_AFTER_MINUTES = 30;

const CARD_KINDS = ['capture', 'refund', 'dispute', 'dispute_won'];
const DAY_MS = 86_400_000;

type Difference = {
  kind: 'missing_in_ledger' | 'missing_at_stripe' | 'amount_differs';
  key: string;
  balanceTransaction: string | null;
  stripeAmountMinor: number | null;
  ledgerAmountMinor: number | null;
  currency: string;
};

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const startOf = (day: string) => new Date(`${day}T00:00:00.000Z`);

interface StripeMoney {
  id: string;
  key: string;
  amountMinor: number;
  currency: string;
  created: number;
}

type Source = string | { id: string; object?: string; payment_intent?: string | { id: string } | null } | null;

/** The ledger key a balance transaction stands for; null for money the platform does not book (fees, payouts to the bank). */
function ledgerKeyOf(txn: { type: string; amount: number; source: Source }): string | null {
  const source = txn.source;
  if (!source || typeof source === 'string') return null;
  if (txn.type === 'charge' || txn.type === 'payment') {
    const intent = typeof source.payment_intent === 'string' ? source.payment_intent : source.payment_intent?.id;
    return intent ? `capture:${intent}` : null;
  }
  if (txn.type === 'refund' || txn.type === 'payment_refund') return `refund:${source.id}`;
  if (txn.type === 'adjustment' && source.object === 'dispute') return `${txn.amount < 0 ? 'dispute' : 'dispute-won'}:${source.id}`;
  return null;
}

/** Every balance transaction created in [from, to), each page after the last one read. */
async function stripeMoneyBetween(stripe: StripeClient, from: Date, to: Date): Promise<StripeMoney[]> {
  const money: StripeMoney[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = await stripe.balanceTransactions.list({
      created: { gte: Math.floor(from.getTime() / 1000), lt: Math.floor(to.getTime() / 1000) },
      limit: 100,
      expand: ['data.source'],
      ...(startingAfter ? { starting_after: startingAfter } : {}),
    });
    for (const txn of page.data) {
      const key = ledgerKeyOf({ type: txn.type, amount: txn.amount, source: txn.source as Source });
      if (key) money.push({ id: txn.id, key, amountMinor: txn.amount, currency: txn.currency.toUpperCase(), created: txn.created });
    }
    if (!page.has_more || page.data.length === 0) return money;
    startingAfter = page.data.at(-1)!.id;
  }
}

/**
 * Compares one UTC day. Stripe's records of the day are looked up in the whole ledger (a
 * webhook may land after midnight); the ledger's movements of the day are looked up in
 * Stripe's records of the day and the days either side, for the same reason.
 */
export async function reconcileDay({
  db,
  stripe,
  day,
  now = new Date(),
  by,
}: {
  db: Db;
  stripe: StripeClient;
  day: string;
  now?: Date;
  /** An admin's re-run, audited with the report it writes. */
  by?: { adminId: string; origin: RequestOrigin };
}) {
  const start = startOf(day);
  if (Number.isNaN(start.getTime()) || dayOf(start) !== day) throw new AppError('INVALID_DAY', 400, 'A day is written YYYY-MM-DD');
  if (start.getTime() > now.getTime()) throw new AppError('DAY_NOT_STARTED', 409, 'This day has not started yet');
  const end = new Date(start.getTime() + DAY_MS);
  const around = await stripeMoneyBetween(stripe, new Date(start.getTime() - DAY_MS), new Date(end.getTime() + DAY_MS));
  const ofDay = around.filter((m) => m.created >= start.getTime() / 1000 && m.created < end.getTime() / 1000);
  const stripeByKey = new Map(around.map((m) => [m.key, m]));

  const movementsOfDay = await db.ledgerMovement.findMany({
    where: { kind: { in: CARD_KINDS }, createdAt: { gte: start, lt: end } },
    select: { key: true, currency: true },
  });
  const keys = [...new Set([...ofDay.map((m) => m.key), ...movementsOfDay.map((m) => m.key)])];
  const clearing = await db.ledgerEntry.findMany({
    where: { account: ACCOUNTS.cardClearing, movement: { key: { in: keys } } },
    select: { amountMinor: true, movement: { select: { key: true, currency: true } } },
  });
  const ledgerByKey = new Map<string, { amountMinor: number; currency: string }>();
  for (const entry of clearing) {
    const seen = ledgerByKey.get(entry.movement.key);
    ledgerByKey.set(entry.movement.key, { amountMinor: (seen?.amountMinor ?? 0) + entry.amountMinor, currency: entry.movement.currency });
  }

  const differences: Difference[] = [];
  for (const money of ofDay) {
    const ledger = ledgerByKey.get(money.key);
    const base = { key: money.key, balanceTransaction: money.id, stripeAmountMinor: money.amountMinor, currency: money.currency };
    if (!ledger) differences.push({ ...base, kind: 'missing_in_ledger', ledgerAmountMinor: null });
    else if (ledger.amountMinor !== money.amountMinor || ledger.currency !== money.currency)
      differences.push({ ...base, kind: 'amount_differs', ledgerAmountMinor: ledger.amountMinor });
  }
  for (const movement of movementsOfDay) {
    if (stripeByKey.has(movement.key)) continue;
    differences.push({
      kind: 'missing_at_stripe',
      key: movement.key,
      balanceTransaction: null,
      stripeAmountMinor: null,
      ledgerAmountMinor: ledgerByKey.get(movement.key)?.amountMinor ?? 0,
      currency: movement.currency,
    });
  }
  differences.sort((a, b) => a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind));

  const summary = { stripeCount: ofDay.length, ledgerCount: movementsOfDay.length, differences: differences.length, ranAt: now };
  await db.$transaction(async (tx) => {
    const report = await tx.reconciliationReport.upsert({
      where: { day },
      create: { day, ...summary },
      update: summary,
    });
    await tx.reconciliationLine.deleteMany({ where: { reportId: report.id } });
    if (differences.length) await tx.reconciliationLine.createMany({ data: differences.map((d) => ({ ...d, reportId: report.id })) });
    if (by) {
      await recordAudit({
        db: tx,
        action: 'payment.reconciliation_run',
        actorId: by.adminId,
        subjectId: day,
        origin: by.origin,
        detail: { differences: differences.length },
      });
    }
  });
  return reportOf(db, day);
}

async function reportOf(db: Db, day: string) {
  const report = await db.reconciliationReport.findUniqueOrThrow({
    where: { day },
    include: { lines: { orderBy: [{ key: 'asc' }, { kind: 'asc' }] } },
  });
  return viewOf(report);
}

function viewOf(report: {
  day: string;
  stripeCount: number;
  ledgerCount: number;
  differences: number;
  ranAt: Date;
  lines: Array<Omit<Difference, 'kind'> & { kind: string }>;
}) {
  return {
    day: report.day,
    stripeCount: report.stripeCount,
    ledgerCount: report.ledgerCount,
    differences: report.differences,
    ranAt: report.ranAt.toISOString(),
    lines: report.lines.map(({ kind, key, balanceTransaction, stripeAmountMinor, ledgerAmountMinor, currency }) => ({
      kind: kind as Difference['kind'],
      key,
      balanceTransaction,
      stripeAmountMinor,
      ledgerAmountMinor,
      currency,
    })),
  };
}

/** The latest reports, newest day first. */
export async function listReconciliations({ db, limit }: { db: Db; limit: number }) {
  const reports = await db.reconciliationReport.findMany({
    orderBy: { day: 'desc' },
    take: limit,
    include: { lines: { orderBy: [{ key: 'asc' }, { kind: 'asc' }] } },
  });
  return { reports: reports.map(viewOf) };
}

/** Differences in the latest report, for the metrics (0 before any report). */
export async function latestDifferences(db: Db): Promise<number> {
  const latest = await db.reconciliationReport.findFirst({ orderBy: { day: 'desc' }, select: { differences: true } });
  return latest?.differences ?? 0;
}

/**
 * Queues the reconciliation of `day`, due half an hour after it ends; once per day (the
 * day is the key), whoever asks.
 */
export function scheduleReconciliation(db: Db, day: string) {
  return enqueueJob({
    db,
    job: { kind: RECONCILIATION_JOB, payload: { day } },
    key: reconciliationKey(day),
    runAt: new Date(startOf(day).getTime() + DAY_MS + RUN_AFTER_MINUTES * 60_000),
  });
}

/**
 * The daily job: reconciles its day, then queues the next one, so the chain goes on by
 * itself. The worker queues yesterday and today at start, which restarts a broken chain.
 */
export function reconciliationJobs({ db, stripe }: { db: Db; stripe: StripeClient }): JobHandlers {
  return {
    [RECONCILIATION_JOB]: async ({ day }) => {
      await reconcileDay({ db, stripe, day: day! });
      await scheduleReconciliation(db, dayOf(new Date(startOf(day!).getTime() + DAY_MS)));
    },
  };
}

/** What the worker queues at start: yesterday's run (if it never ran) and today's. */
export async function scheduleRecentReconciliations(db: Db, now = new Date()) {
  await scheduleReconciliation(db, dayOf(new Date(now.getTime() - DAY_MS)));
  await scheduleReconciliation(db, dayOf(now));
}
