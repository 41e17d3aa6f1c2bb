// What operators see of the job table: failed deliveries (the dead letter) and what is
// waiting, and a retry that puts a dead row back in the queue. Payloads are never shown:
// they hold sign-in links and one-time codes.
import type { DeliveryChannel, DeliveryStatus } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { JOB_STATUS } from '../../platform/jobs/jobs';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';

const STORED_STATUS: Record<DeliveryStatus, string> = { pending: JOB_STATUS.pending, sent: JOB_STATUS.done, dead: JOB_STATUS.dead };

const select = {
  id: true,
  channel: true,
  recipient: true,
  template: true,
  locale: true,
  status: true,
  attempts: true,
  lastError: true,
  createdAt: true,
  nextAttemptAt: true,
  sentAt: true,
} as const;

interface DeliveryRow {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
}

function toView(row: DeliveryRow) {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** One page of deliveries in a state, the newest first, with how many are waiting and how many failed. */
export async function listDeliveries({
  db,
  status,
  channel,
  after,
  limit,
}: {
  db: Db;
  status: DeliveryStatus;
  channel?: DeliveryChannel;
  after?: string;
  limit: number;
}) {
  const rows = await db.outboxMessage.findMany({
    where: { status: STORED_STATUS[status], ...(channel ? { channel } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    take: limit + 1,
    select,
  });
  const [pending, dead] = await Promise.all(
    [JOB_STATUS.pending, JOB_STATUS.dead].map((s) => db.outboxMessage.count({ where: { status: s, ...(channel ? { channel } : {}) } })),
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
    counts: { pending: pending!, dead: dead! },
  };
}

/**
 * Puts a failed delivery back in the queue, due now, with its attempts counted afresh; the
 * runner sends it (with the same key, so a receiver that got it already keeps one). Only a
 * dead row moves: a second retry, or one racing the first, is refused.
 */
export async function retryDelivery({ db, id, adminId, origin }: { db: Db; id: string; adminId: string; origin: RequestOrigin }) {
  return db.$transaction(async (tx) => {
    const moved = await tx.outboxMessage.updateMany({
      where: { id, status: JOB_STATUS.dead },
      data: { status: JOB_STATUS.pending, attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null },
    });
    if (moved.count === 0) {
      const exists = await tx.outboxMessage.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw new AppError('NOT_FOUND', 404, 'No such delivery');
      throw new AppError('DELIVERY_NOT_FAILED', 409, 'Only a failed delivery can be retried');
    }
    const row = await tx.outboxMessage.findUniqueOrThrow({ where: { id }, select });
    await recordAudit({
      db: tx,
      action: 'delivery.retried',
      actorId: adminId,
      subjectId: id,
      origin,
      detail: { channel: row.channel, template: row.template },
    });
    return toView(row);
  });
}
