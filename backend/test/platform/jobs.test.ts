import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backendRoot } from '../../src/config/paths';
import { createDb, type Db, type DbClient } from '../../src/platform/db/client';
import { groupedEnqueue } from '../../src/platform/jobs/grouped-enqueue';
import { enqueueJob, JOB_STATUS, MAX_ATTEMPTS, type JobHandlers } from '../../src/platform/jobs/jobs';
import { runDueWork } from '../../src/platform/jobs/runner';
import { PermanentDeliveryError } from '../../src/platform/mail/delivery-errors';
import { createTestDatabase, type TestDatabase } from '../support/test-app';

// A job's visible effect in these tests: one audit row per run, named after the job.
const effect = (db: DbClient, name: string) => db.auditLog.create({ data: { action: 'test.job_ran', subjectId: name } });
const effects = (db: Db) => db.auditLog.findMany({ where: { action: 'test.job_ran' }, orderBy: { subjectId: 'asc' } });

const later = (ms: number) => () => new Date(Date.now() + ms);

describe('durable jobs', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ db } = createDb({ databaseUrl: database.url, poolMax: 8 }));
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });
  afterEach(async () => {
    await db.outboxMessage.deleteMany();
    await db.auditLog.deleteMany();
  });

  const transactional: JobHandlers = {
    'test.effect': { transactional: true, run: async ({ name }, { db: tx }) => void (await effect(tx, name!)) },
  };

  it('queues a job only if the transaction that queues it commits', async () => {
    await db.$transaction(async (tx) => {
      await enqueueJob({ db: tx, job: { kind: 'test.effect', payload: { name: 'kept' } } });
    });
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob({ db: tx, job: { kind: 'test.effect', payload: { name: 'rolled-back' } } });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect((await db.outboxMessage.findMany()).map((row) => JSON.parse(row.payload) as unknown)).toEqual([{ name: 'kept' }]);
  });

  it('keeps one job per idempotency key, without failing the transaction of the second enqueue', async () => {
    const job = { kind: 'test.effect', payload: { name: 'reminder' } };
    expect(await enqueueJob({ db, job, key: 'reminder:booking-1:24h' })).toBe(true);
    const second = await db.$transaction(async (tx) => {
      const queued = await enqueueJob({ db: tx, job, key: 'reminder:booking-1:24h' });
      // The transaction goes on after a duplicate: its other writes still commit.
      await effect(tx, 'same transaction');
      return queued;
    });
    expect(second).toBe(false);
    expect(await db.outboxMessage.count()).toBe(1);
    expect(await effects(db)).toHaveLength(1);
    await runDueWork({ db, handlers: transactional });
    expect((await effects(db)).map((row) => row.subjectId)).toEqual(['reminder', 'same transaction']);
  });

  it('stores a burst of keyed jobs in a few statements, each once, each caller answered once its job is stored', async () => {
    const store = groupedEnqueue(db, { maxGroup: 50 });
    const job = (n: number) => ({ job: { kind: 'test.effect', payload: { name: `burst-${n}` } }, key: `burst:${n}` });
    // An earlier delivery of one of them: its repeat in the burst finds it.
    expect(await store.enqueue(job(7))).toBe(true);
    // 200 at once, a key in ten given twice (a redelivery within the burst).
    const keys = [...Array.from({ length: 200 }, (_, n) => n), ...Array.from({ length: 20 }, (_, n) => n * 10)];
    const answers = await Promise.all(keys.map((n) => store.enqueue(job(n))));
    const stored = keys.filter((_, i) => answers[i]);
    expect(stored.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, n) => n).filter((n) => n !== 7));
    expect(await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'burst:' } } })).toBe(200);
    // The first waits alone; the others went in groups of at most 50.
    expect(store.groups).toBeLessThanOrEqual(1 + 1 + Math.ceil(219 / 50));
    // What was stored runs as any job does.
    await runDueWork({ db, handlers: transactional, batchSize: 500 });
    expect(await effects(db)).toHaveLength(200);
  });

  it('answers every caller of a group that could not be stored with the error, and stores the next group', async () => {
    let fail = true;
    const flaky = new Proxy(db, {
      get(target, property, receiver) {
        if (property === '$queryRaw' && fail) {
          fail = false;
          return () => Promise.reject(new Error('connection lost'));
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const store = groupedEnqueue(flaky);
    const job = (n: number) => ({ job: { kind: 'test.effect', payload: { name: `flaky-${n}` } }, key: `flaky:${n}` });
    const first = store.enqueue(job(1));
    const rest = [2, 3, 4].map((n) => store.enqueue(job(n)));
    await expect(first).rejects.toThrow('connection lost');
    expect(await Promise.all(rest)).toEqual([true, true, true]);
    // The caller of the lost one (Stripe) delivers again: stored now.
    expect(await store.enqueue(job(1))).toBe(true);
    await store.idle();
    expect(await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: 'flaky:' } } })).toBe(4);
  });

  it('waits for the run-at time', async () => {
    await enqueueJob({ db, job: { kind: 'test.effect', payload: { name: 'tomorrow' } }, runAt: new Date(Date.now() + 86_400_000) });
    expect(await runDueWork({ db, handlers: transactional })).toMatchObject({ done: 0 });
    expect(await runDueWork({ db, handlers: transactional, now: later(86_400_001) })).toMatchObject({ done: 1, jobs: 1 });
    expect(await effects(db)).toHaveLength(1);
  });

  it('runs each job exactly once with several runners at the same time', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
    for (const name of names) await enqueueJob({ db, job: { kind: 'test.effect', payload: { name } } });
    // Four runners in parallel, each looping until nothing is left for it.
    const runner = async () => {
      let total = 0;
      for (;;) {
        const { done } = await runDueWork({ db, handlers: transactional, batchSize: 5 });
        if (done === 0) return total;
        total += done;
      }
    };
    const totals = await Promise.all([runner(), runner(), runner(), runner()]);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(names.length);
    expect((await effects(db)).map((row) => row.subjectId)).toEqual(names);
    expect(await db.outboxMessage.count({ where: { status: JOB_STATUS.done } })).toBe(names.length);
  });

  it('rolls a failed transactional job back, retries it with back-off, then puts it in the dead letter', async () => {
    let runs = 0;
    const failing: JobHandlers = {
      'test.flaky': {
        transactional: true,
        maxAttempts: 3,
        run: async (_payload, { db: tx, attempt }) => {
          runs += 1;
          await effect(tx, `attempt ${attempt}`);
          throw new Error(`gateway down (attempt ${attempt})`);
        },
      },
    };
    await enqueueJob({ db, job: { kind: 'test.flaky', payload: {} } });
    expect(await runDueWork({ db, handlers: failing })).toMatchObject({ done: 0, failed: 1 });
    const afterFirst = await db.outboxMessage.findFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: JOB_STATUS.pending, attempts: 1, lockedBy: null, lastError: 'gateway down (attempt 1)' });
    // Not again before its back-off.
    expect(await runDueWork({ db, handlers: failing })).toMatchObject({ failed: 0 });
    expect(await runDueWork({ db, handlers: failing, now: later(31_000) })).toMatchObject({ failed: 1 });
    expect(await runDueWork({ db, handlers: failing, now: later(3_600_000) })).toMatchObject({ failed: 1 });
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: JOB_STATUS.dead, attempts: 3 });
    expect(await runDueWork({ db, handlers: failing, now: later(86_400_000) })).toMatchObject({ failed: 0 });
    expect(runs).toBe(3);
    // Every attempt's writes were rolled back with it.
    expect(await effects(db)).toHaveLength(0);
  });

  it('sends a job that cannot succeed to the dead letter at once', async () => {
    const handlers: JobHandlers = {
      'test.permanent': async () => {
        throw new PermanentDeliveryError('address refused');
      },
    };
    await enqueueJob({ db, job: { kind: 'test.permanent', payload: {} } });
    await enqueueJob({ db, job: { kind: 'test.unknown-kind', payload: {} } });
    expect(await runDueWork({ db, handlers })).toMatchObject({ failed: 2 });
    const rows = await db.outboxMessage.findMany({ orderBy: { template: 'asc' } });
    expect(rows.map((row) => [row.template, row.status, row.attempts])).toEqual([
      ['test.permanent', JOB_STATUS.dead, 1],
      ['test.unknown-kind', JOB_STATUS.dead, 1],
    ]);
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });

  it('lets only the lease holder record the outcome: a runner that lost its lease does not count the job again', async () => {
    await enqueueJob({ db, job: { kind: 'test.effect', payload: { name: 'once' } } });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    // The first runner stalls inside the job (outside any transaction, so a second runner
    // can work meanwhile on either database), past its lease.
    const stalled = runDueWork({
      db,
      leaseMs: 1_000,
      handlers: {
        'test.effect': async ({ name }) => {
          started();
          await released;
          await effect(db, `${name} (stalled runner)`);
        },
      },
    });
    await isStarted;
    // A second runner, after the lease ran out, takes the job and runs it.
    expect(await runDueWork({ db, handlers: transactional, now: later(2_000) })).toMatchObject({ done: 1 });
    release();
    // The stalled runner's record of the outcome is refused: it does not count the job as done twice.
    expect(await stalled).toMatchObject({ done: 0, failed: 0 });
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: JOB_STATUS.done, attempts: 1 });
  });

  it('survives a worker killed with SIGKILL in the middle of a job: the job runs once, later', async () => {
    await enqueueJob({ db, job: { kind: 'test.effect', payload: { name: 'after-crash' } } });
    // A real process runs the job and is killed while its transaction is open.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(backendRoot, 'test/platform/fixtures/hanging-job-worker.ts'), database.url],
      {
        cwd: backendRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => out.includes('inside job') && resolve());
      child.on('exit', (code) => reject(new Error(`worker exited (${code}) before the job: ${out}`)));
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    // Its writes never committed; the row is still leased to the dead worker.
    expect(await effects(db)).toHaveLength(0);
    expect(await db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: JOB_STATUS.pending, lockedBy: 'killed-worker' });
    expect(await runDueWork({ db, handlers: transactional })).toMatchObject({ done: 0 });
    // Once the lease has run out, another runner runs it, once.
    expect(await runDueWork({ db, handlers: transactional, now: later(61_000) })).toMatchObject({ done: 1 });
    expect(await runDueWork({ db, handlers: transactional, now: later(200_000) })).toMatchObject({ done: 0 });
    expect((await effects(db)).map((row) => row.subjectId)).toEqual(['after-crash']);
  });
});
