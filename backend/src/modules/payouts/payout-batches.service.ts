import { CURRENCY_DECIMALS, type Currency } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { recordPayoutFailed, recordPayoutSent } from './payout-ledger';
import { openIban, payoutView } from './payouts.service';

/**
 * Bank-transfer batches: an admin gathers every bank payout not yet in a batch into one,
 * downloads it as a CSV file for the bank, then marks each line paid or failed as the bank
 * reports it (a failed line returns the money to the provider's payable).
 */
interface Deps {
  db: Db;
  config: Readonly<Config>;
}

async function linesOf(db: Db, batchIds: string[]) {
  const lines = await db.payout.findMany({ where: { batchId: { in: batchIds } }, orderBy: { createdAt: 'asc' } });
  const providerIds = [...new Set(lines.map((line) => line.providerId))];
  const [providers, accounts] = await Promise.all([
    db.providerProfile.findMany({ where: { id: { in: providerIds } }, select: { id: true, user: { select: { name: true } } } }),
    db.payoutAccount.findMany({ where: { providerId: { in: providerIds } } }),
  ]);
  const names = new Map(providers.map((p) => [p.id, p.user.name]));
  const ibans = new Map(accounts.map((a) => [a.providerId, a]));
  return lines.map((line) => ({ line, name: names.get(line.providerId) ?? '', account: ibans.get(line.providerId) ?? null }));
}

function lineView({ line, name, account }: Awaited<ReturnType<typeof linesOf>>[number]) {
  return {
    ...payoutView(line),
    rail: 'bank' as const,
    providerId: line.providerId,
    providerName: name,
    ibanMasked: account?.ibanMasked ?? null,
  };
}

export async function listBatches({ db }: Deps) {
  const batches = await db.payoutBatch.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
  const lines = await linesOf(
    db,
    batches.map((b) => b.id),
  );
  const waiting = await db.payout.count({ where: { rail: 'bank', status: 'pending', batchId: null } });
  return {
    waiting,
    batches: batches.map((batch) => ({
      id: batch.id,
      createdAt: batch.createdAt.toISOString(),
      lines: lines.filter((l) => l.line.batchId === batch.id).map(lineView),
    })),
  };
}

/** Every bank payout not in a batch yet, in a new batch; two admins at once: each line lands in one. */
export async function createBatch({ db, adminId, origin }: Deps & { adminId: string; origin: RequestOrigin }) {
  const batchId = await db.$transaction(async (tx) => {
    const waiting = await tx.payout.findMany({ where: { rail: 'bank', status: 'pending', batchId: null }, select: { id: true } });
    if (waiting.length === 0) throw new AppError('PAYOUT_BATCH_EMPTY', 409, 'No bank payout is waiting for a batch');
    const batch = await tx.payoutBatch.create({ data: { createdById: adminId } });
    const taken = await tx.payout.updateMany({
      where: { id: { in: waiting.map((w) => w.id) }, batchId: null },
      data: { batchId: batch.id },
    });
    if (taken.count === 0) throw new AppError('PAYOUT_BATCH_EMPTY', 409, 'No bank payout is waiting for a batch');
    await recordAudit({
      db: tx,
      action: 'payout.batch_created',
      actorId: adminId,
      subjectId: batch.id,
      origin,
      detail: { lines: taken.count },
    });
    return batch.id;
  });
  return (await listBatches({ db } as Deps)).batches.find((b) => b.id === batchId)!;
}

/** Minor units as a decimal amount, with integers only: 123456 MAD → "1234.56", 5000 TND → "5.000". */
export function decimalAmount(minor: number, currency: string): string {
  const decimals = CURRENCY_DECIMALS[currency as Currency] ?? 2;
  const unit = 10 ** decimals;
  const whole = Math.trunc(minor / unit);
  return decimals === 0 ? String(whole) : `${whole}.${String(minor % unit).padStart(decimals, '0')}`;
}

/** A CSV field: quoted, and never read as a formula by a spreadsheet. */
const csvField = (value: string) => `"${(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"`;

/** The batch's file for the bank (full IBANs: every download is in the audit log). */
export async function batchCsv({
  db,
  config,
  batchId,
  adminId,
  origin,
}: Deps & { batchId: string; adminId: string; origin: RequestOrigin }) {
  const batch = await db.payoutBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError('NOT_FOUND', 404, 'No such batch');
  const rows = (await linesOf(db, [batchId])).map(({ line, name, account }) =>
    [
      line.id,
      name,
      account ? (openIban(config, account) ?? '') : '',
      decimalAmount(line.amountMinor, line.currency),
      line.currency,
      `KHADAMAT ${line.id}`,
      line.status,
    ]
      .map(csvField)
      .join(','),
  );
  await recordAudit({
    db,
    action: 'payout.batch_downloaded',
    actorId: adminId,
    subjectId: batchId,
    origin,
    detail: { lines: rows.length },
  });
  return ['line_id,beneficiary,iban,amount,currency,reference,status', ...rows].join('\r\n') + '\r\n';
}

/** The bank's answer for one line: paid, or failed (its money owed to the provider again). Repeating an answer is harmless. */
export async function markLine({
  db,
  config,
  batchId,
  lineId,
  status,
  reason,
  adminId,
  origin,
}: Deps & { batchId: string; lineId: string; status: 'paid' | 'failed'; reason?: string; adminId: string; origin: RequestOrigin }) {
  await db.$transaction(async (tx) => {
    const line = await tx.payout.findFirst({ where: { id: lineId, batchId } });
    if (!line) throw new AppError('NOT_FOUND', 404, 'No such line in this batch');
    const moved =
      status === 'paid' ? await recordPayoutSent(tx, config, lineId, null) : await recordPayoutFailed(tx, config, lineId, reason ?? '');
    if (!moved) {
      if (line.status === status) return;
      throw new AppError('PAYOUT_LINE_SETTLED', 409, `This line is already ${line.status}`);
    }
    await recordAudit({
      db: tx,
      action: `payout.line_${status}`,
      actorId: adminId,
      subjectId: lineId,
      origin,
      detail: { batchId, reason: reason ?? '' },
    });
  });
  const [line] = await linesOf(db, [batchId]).then((lines) => lines.filter((l) => l.line.id === lineId));
  return lineView(line!);
}
