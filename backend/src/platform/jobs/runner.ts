import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Prisma } from '../../generated/sqlite/client';
import { providerOfDb, type Db, type DbClient } from '../db/client';
import { PermanentDeliveryError } from '../mail/delivery-errors';
import { JOB_CHANNEL, JOB_STATUS, MAX_ATTEMPTS, handlerParts, retryDelayMs, type JobHandlers } from './jobs';

/** A row of the job table, as a handler or deliverer sees it. */
export interface WorkRow {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  payload: string;
  attempts: number;
}

/** Sends one message of a channel (mail, SMS); returns the provider's id of it. */
export type Deliverer = (row: WorkRow) => Promise<{ providerId: string | null }>;

export interface RunDueWorkInput {
  db: Db;
  /** Handlers of jobs by kind; without them, jobs are left for a runner that has them. */
  handlers?: JobHandlers;
  /** Senders by channel; without them, messages are left for a runner that has them. */
  deliverers?: Record<string, Deliverer>;
  /** This runner's id in the leases it takes (one per process loop). */
  workerId?: string;
  /** How long a claimed row stays this runner's before another may take it (a crash). */
  leaseMs?: number;
  batchSize?: number;
  now?: () => Date;
  /** Only the job with this key, if it is due and free (run now, not at the next poll). */
  key?: string;
}

export const DEFAULT_LEASE_MS = 60_000;

class LeaseLost extends Error {
  constructor(id: string) {
    super(`lease on ${id} taken by another runner`);
  }
}

/**
 * Claims the rows that are due and runs them, one at a time. A claim is a lease (who and
 * until when) taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so runners in several
 * processes split the work instead of queueing on each other's locks; on SQLite (one
 * writer at a time) with a conditional update. Only the lease holder records the outcome,
 * so a runner that stalled past its lease cannot undo the work of the one that took over.
 */
export async function runDueWork({
  db,
  handlers,
  deliverers = {},
  workerId = randomUUID(),
  leaseMs = DEFAULT_LEASE_MS,
  batchSize = 20,
  now = () => new Date(),
  key,
}: RunDueWorkInput) {
  const channels = [...Object.keys(deliverers), ...(handlers ? [JOB_CHANNEL] : [])];
  let done = 0;
  let failed = 0;
  let jobs = 0;
  if (channels.length === 0) return { done, failed, jobs };
  const rows = await claim({ db, channels, workerId, leaseMs, batchSize, now: now(), key });
  for (const row of rows) {
    // The lease was taken for the batch; renewing it per row keeps a slow batch from
    // letting another runner start a row this one is about to run.
    const renewed = await db.outboxMessage.updateMany({
      where: { id: row.id, lockedBy: workerId },
      data: { lockedUntil: new Date(now().getTime() + leaseMs) },
    });
    if (renewed.count === 0) continue;
    const attempt = row.attempts + 1;
    let maxAttempts = MAX_ATTEMPTS;
    try {
      if (row.channel === JOB_CHANNEL) {
        const handler = handlers?.[row.template];
        if (!handler) throw new PermanentDeliveryError(`No handler for job ${row.template}`);
        const { run, transactional, maxAttempts: max } = handlerParts(handler);
        maxAttempts = max;
        const payload = JSON.parse(row.payload) as Record<string, string>;
        if (transactional) {
          await db.$transaction(async (tx) => {
            await run(payload, { db: tx, jobId: row.id, attempt });
            await markDone(tx, row, workerId, now(), null);
          });
        } else {
          await run(payload, { db, jobId: row.id, attempt });
          await markDone(db, row, workerId, now(), null);
        }
        jobs += 1;
      } else {
        const deliver = deliverers[row.channel];
        if (!deliver) throw new PermanentDeliveryError(`No deliverer for channel ${row.channel}`);
        const { providerId } = await deliver(row);
        await markDone(db, row, workerId, now(), providerId);
      }
      done += 1;
    } catch (error) {
      if (error instanceof LeaseLost) continue;
      const dead = error instanceof PermanentDeliveryError || attempt >= maxAttempts;
      await db.outboxMessage.updateMany({
        where: { id: row.id, lockedBy: workerId },
        data: {
          attempts: attempt,
          status: dead ? JOB_STATUS.dead : JOB_STATUS.pending,
          nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempt)),
          lockedUntil: null,
          lockedBy: null,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        },
      });
      failed += 1;
    }
  }
  return { done, failed, jobs };
}

async function markDone(db: DbClient, row: WorkRow, workerId: string, at: Date, providerId: string | null) {
  const marked = await db.outboxMessage.updateMany({
    where: { id: row.id, lockedBy: workerId },
    data: {
      status: JOB_STATUS.done,
      sentAt: at,
      providerId,
      attempts: row.attempts + 1,
      lockedUntil: null,
      lockedBy: null,
      lastError: null,
    },
  });
  // In a transaction, throwing rolls the job's own writes back: the new holder runs it.
  if (marked.count === 0) throw new LeaseLost(row.id);
}

async function claim({
  db,
  channels,
  workerId,
  leaseMs,
  batchSize,
  now,
  key,
}: {
  db: Db;
  channels: string[];
  workerId: string;
  leaseMs: number;
  batchSize: number;
  now: Date;
  key?: string | undefined;
}): Promise<WorkRow[]> {
  const until = new Date(now.getTime() + leaseMs);
  if (providerOfDb(db) === 'postgresql') {
    const claimed = await db.$queryRaw<Array<{ id: string }>>`
      UPDATE "OutboxMessage" SET "lockedUntil" = ${until}, "lockedBy" = ${workerId}
      WHERE "id" IN (
        SELECT "id" FROM "OutboxMessage"
        WHERE "status" = ${JOB_STATUS.pending} AND "nextAttemptAt" <= ${now}
          AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
          AND "channel" IN (${Prisma.join(channels)})${key === undefined ? Prisma.empty : Prisma.sql` AND "idempotencyKey" = ${key}`}
        ORDER BY "nextAttemptAt"
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (claimed.length === 0) return [];
    const rows = await db.outboxMessage.findMany({
      where: { id: { in: claimed.map((row) => row.id) } },
      orderBy: { nextAttemptAt: 'asc' },
    });
    return rows;
  }
  const due = await db.outboxMessage.findMany({
    where: {
      status: JOB_STATUS.pending,
      nextAttemptAt: { lte: now },
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      channel: { in: channels },
      ...(key === undefined ? {} : { idempotencyKey: key }),
    },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
  });
  const rows: WorkRow[] = [];
  for (const row of due) {
    const taken = await db.outboxMessage.updateMany({
      where: { id: row.id, status: JOB_STATUS.pending, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: until, lockedBy: workerId },
    });
    if (taken.count === 1) rows.push(row);
  }
  return rows;
}

export interface JobRunnerInput extends Omit<RunDueWorkInput, 'workerId' | 'now'> {
  log: FastifyBaseLogger;
  intervalMs?: number;
  /** Runs after the last batch when the runner stops (closing an SMTP pool). */
  onStop?: () => void | Promise<void>;
}

/**
 * Polls the job table and runs what is due, in the API process (one machine) and in
 * `worker.ts` (scaled apart). A batch that did work is followed at once by the next, so a
 * job's messages go out without waiting for the next tick. The only polling loop: modules
 * register handlers, they never poll.
 */
export function startJobRunner({ log, intervalMs = 1000, onStop, ...input }: JobRunnerInput) {
  const workerId = randomUUID();
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = runDueWork({ ...input, workerId })
      .then(({ done, failed }) => {
        if (done || failed) log.info({ done, failed }, 'jobs run');
        return done + failed;
      })
      .catch((err: unknown) => {
        log.error({ err }, 'job run failed');
        return 0;
      })
      .then((count) => {
        if (!stopped) timer = setTimeout(tick, count > 0 ? 0 : intervalMs);
      });
  };
  tick();
  return {
    workerId,
    /** Stops polling and waits for the row in progress. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await onStop?.();
    },
  };
}
