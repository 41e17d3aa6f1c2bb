import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/sqlite/client';
import type { DbClient } from '../db/client';

/**
 * Durable jobs. One table (`OutboxMessage`) holds every piece of work done after a request:
 * the mail and SMS it causes (channels `email` and `sms`, sent by the notifications module)
 * and jobs (channel `job`, `template` = the job's kind). Rows are written in the
 * transaction of the change that causes them, so a job exists only if that change commits,
 * and are run by `runDueWork` (./runner.ts) under a lease, with retries and a dead letter.
 */
export const JOB_CHANNEL = 'job';

/** Statuses of a row: waiting (or leased), done, or given up on after its last attempt. */
export const JOB_STATUS = { pending: 'pending', done: 'sent', dead: 'dead' } as const;

/** Attempts before a row goes to the dead letter, unless its kind says otherwise. */
export const MAX_ATTEMPTS = 8;

export interface Job {
  kind: string;
  payload: Record<string, string>;
}

/** What a handler gets besides its payload. */
export interface JobContext {
  /** In a transactional handler, the transaction that also records the job as done. */
  db: DbClient;
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
}

export type JobRun = (payload: Record<string, string>, context: JobContext) => Promise<void>;

/**
 * A handler. A plain function runs outside any transaction and may run twice (a crash
 * between its work and the record of it): it must be harmless to repeat. A transactional
 * handler does only database writes, through `context.db`: they commit together with the
 * record that the job is done, so they happen exactly once, even with several workers and
 * a worker killed halfway.
 */
export type JobHandler = JobRun | { run: JobRun; transactional?: boolean; maxAttempts?: number };

/** Handlers of queued jobs by kind; each module exports its own (`accountJobs`, …). */
export type JobHandlers = Record<string, JobHandler>;

export interface EnqueueJobInput {
  db: DbClient;
  job: Job;
  /** Not before this time (default: now). */
  runAt?: Date;
  /**
   * Work that must exist once (a scheduled run, the reminder of one booking): a second
   * enqueue with the same key does nothing, whichever process or transaction makes it.
   */
  key?: string;
}

/**
 * Queues a job. Given a transaction client, the job exists only if the transaction commits.
 * Returns false when a job with the same key already exists.
 */
export async function enqueueJob({ db, job, runAt, key }: EnqueueJobInput): Promise<boolean> {
  if (!key) {
    const data = { channel: JOB_CHANNEL, recipient: '', template: job.kind, locale: '', payload: JSON.stringify(job.payload) };
    await db.outboxMessage.create({ data: { ...data, ...(runAt ? { nextAttemptAt: runAt } : {}) } });
    return true;
  }
  return (await enqueueKeyedJobs(db, [{ job, key, runAt }])).has(key);
}

/** A job and the key that makes it exist once. */
export interface KeyedJob {
  job: Job;
  key: string;
  /** Not before this time (default: now). */
  runAt?: Date | undefined;
}

/**
 * Queues several keyed jobs in one statement (one commit for all of them), each once: returns
 * the keys that were new. A key given twice in the list is queued once. ON CONFLICT rather
 * than catching the unique violation: on PostgreSQL a failed statement aborts the whole
 * transaction it belongs to, and the caller's writes with it.
 */
export async function enqueueKeyedJobs(db: DbClient, jobs: KeyedJob[]): Promise<Set<string>> {
  const unique = [...new Map(jobs.map((entry) => [entry.key, entry])).values()];
  if (unique.length === 0) return new Set();
  const now = new Date();
  const rows = unique.map(
    ({ job, key, runAt }) =>
      Prisma.sql`(${randomUUID()}, ${JOB_CHANNEL}, '', ${job.kind}, '', ${JSON.stringify(job.payload)}, ${JOB_STATUS.pending}, ${0}, ${runAt ?? now}, ${now}, ${key})`,
  );
  const inserted = await db.$queryRaw<Array<{ idempotencyKey: string }>>`
    INSERT INTO "OutboxMessage" ("id", "channel", "recipient", "template", "locale", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "idempotencyKey")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("idempotencyKey") DO NOTHING
    RETURNING "idempotencyKey"`;
  return new Set(inserted.map((row) => row.idempotencyKey));
}

/** 30 s, 1 min, 2 min… capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function handlerParts(handler: JobHandler): { run: JobRun; transactional: boolean; maxAttempts: number } {
  if (typeof handler === 'function') return { run: handler, transactional: false, maxAttempts: MAX_ATTEMPTS };
  return { run: handler.run, transactional: handler.transactional ?? false, maxAttempts: handler.maxAttempts ?? MAX_ATTEMPTS };
}
