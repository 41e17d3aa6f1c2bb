import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { validateEnv } from '../../src/config/env';
import { createProcessingPool, createUploadPool } from '../../src/modules/uploads/processing-pool';
import { AppError } from '../../src/platform/errors/app-error';

/** A job that runs until the test lets it finish. */
function gate<T = string>(value?: T) {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const opened = new Promise<T>((resolve, reject) => {
    open = () => resolve(value as T);
    fail = reject;
  });
  let started = false;
  return {
    job: () => {
      started = true;
      return opened;
    },
    open,
    fail,
    get started() {
      return started;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('processing pool', () => {
  it('runs at most `concurrency` jobs, then the waiting ones in arrival order', async () => {
    const pool = createProcessingPool({ concurrency: 2, maxQueue: 2, maxWaitMs: 10_000, retryAfterSeconds: 5 });
    const gates = [gate('a'), gate('b'), gate('c'), gate('d')];
    const results = gates.map((g) => pool.run(g.job));
    await tick();
    expect(gates.map((g) => g.started)).toEqual([true, true, false, false]);
    expect([pool.running, pool.queued]).toEqual([2, 2]);

    gates[1]!.open();
    await tick();
    expect(gates.map((g) => g.started)).toEqual([true, true, true, false]);
    expect([pool.running, pool.queued]).toEqual([2, 1]);

    // A failing job frees its slot like a finished one.
    gates[0]!.fail(new Error('decoder failed'));
    await expect(results[0]).rejects.toThrow('decoder failed');
    expect(gates[3]!.started).toBe(true);

    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(results.slice(1))).toEqual(['b', 'c', 'd']);
    expect([pool.running, pool.queued]).toEqual([0, 0]);
  });

  it('refuses at once with 503 UPLOAD_BUSY and Retry-After when every slot and the queue are taken', async () => {
    const pool = createProcessingPool({ concurrency: 1, maxQueue: 2, maxWaitMs: 10_000, retryAfterSeconds: 7 });
    const gates = [gate(), gate(), gate()];
    const accepted = gates.map((g) => pool.run(g.job));
    const extra = gate();
    const error = await refusal(pool.run(extra.job));
    expect([error.statusCode, error.code, error.options.headers]).toEqual([503, 'UPLOAD_BUSY', { 'retry-after': '7' }]);
    // A load-shedding answer, not a fault: its message reaches the client, Sentry hears nothing.
    expect(error.options.shed).toBe(true);
    expect(extra.started).toBe(false);
    expect([pool.running, pool.queued]).toEqual([1, 2]);

    gates.forEach((g) => g.open());
    await Promise.all(accepted);
    // Room again once they are done.
    expect(await pool.run(async () => 'later')).toBe('later');
  });

  it('refuses a job that waited longer than maxWaitMs, and it never runs', async () => {
    const pool = createProcessingPool({ concurrency: 1, maxQueue: 4, maxWaitMs: 30, retryAfterSeconds: 5 });
    const running = gate('first');
    const first = pool.run(running.job);
    const waiting = gate();
    const began = performance.now();
    const error = await refusal(pool.run(waiting.job));
    expect(performance.now() - began).toBeGreaterThanOrEqual(25);
    expect([error.statusCode, error.code]).toEqual([503, 'UPLOAD_BUSY']);
    expect([pool.running, pool.queued]).toEqual([1, 0]);

    running.open();
    expect(await first).toBe('first');
    expect(waiting.started).toBe(false);
    expect([pool.running, pool.queued]).toEqual([0, 0]);
  });

  it('sizes the API pool from UPLOAD_PROCESSING_CONCURRENCY, by default one core less than the machine has', () => {
    expect(validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true' }).uploads.processingConcurrency).toBe(
      Math.max(1, availableParallelism() - 1),
    );
    expect(validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true', UPLOAD_PROCESSING_CONCURRENCY: '3' }).uploads.processingConcurrency).toBe(3);
    expect(() => validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true', UPLOAD_PROCESSING_CONCURRENCY: '0' })).toThrow(
      'UPLOAD_PROCESSING_CONCURRENCY',
    );
  });

  it('gives the API pool two waiting jobs per slot', async () => {
    const pool = createUploadPool(1);
    const gates = [gate(), gate(), gate()];
    const accepted = gates.map((g) => pool.run(g.job));
    expect((await refusal(pool.run(async () => 'x'))).code).toBe('UPLOAD_BUSY');
    gates.forEach((g) => g.open());
    await Promise.all(accepted);
  });
});
