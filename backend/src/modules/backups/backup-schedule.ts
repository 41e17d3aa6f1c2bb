// The worker's backup run on BACKUP_SCHEDULE (croner: the cron library, never a parser of
// ours). Each scheduled slot has a fixed key in Redis, so several workers run it once; a
// run that fails is retried, and every failure is logged, reported to Sentry and counted.
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Config } from '../../config/env';
import type { RedisClient } from '../../platform/redis/redis';
import { createBackup, pruneBackups, type BackupSettings } from './backups.service';

/** Redis keys the API reads at scrape time (`backup_last_success_timestamp_seconds`, `backup_failed_attempts`). */
export const BACKUP_STATUS_KEYS = {
  lastSuccess: 'ops:backup:last-success',
  lastArchive: 'ops:backup:last-archive',
  failures: 'ops:backup:failures',
} as const;

/** Delays before the 2nd, 3rd and 4th attempts of a failed run. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000];

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ScheduledBackupInput {
  config: BackupSettings;
  redis: RedisClient;
  log: Log;
  /** Sentry's reporter (initSentry's return). */
  report: (error: unknown, context?: Record<string, unknown>) => void;
  /** The slot this run stands for: its key in Redis. */
  slot: Date;
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
  /** Aborted when the worker stops: no retry is started after that. */
  signal?: AbortSignal;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One scheduled run: claims the slot (another worker that claimed it first runs it), then
 * backs up and prunes, retrying on failure. Returns the archive's path, or null when the
 * slot was another worker's or every attempt failed.
 */
export async function runScheduledBackup({
  config,
  redis,
  log,
  report,
  slot,
  retryDelaysMs = RETRY_DELAYS_MS,
  sleep = wait,
  signal,
}: ScheduledBackupInput): Promise<string | null> {
  const key = `ops:backup:slot:${slot.toISOString()}`;
  try {
    const claimed = await redis.set(key, `${hostname()}:${process.pid}`, 'EX', 2 * 86_400, 'NX');
    if (claimed !== 'OK') {
      log.info({ slot }, 'backup: this slot was taken by another worker');
      return null;
    }
  } catch (err) {
    // Two workers backing up the same slot is better than none doing it.
    log.warn({ err, slot }, 'backup: Redis unavailable to claim the slot; running it anyway');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const started = Date.now();
      const { archivePath, bytes, manifest } = await createBackup({ config, now: slot });
      const pruned = await pruneBackups({ config });
      await redis
        .mset(BACKUP_STATUS_KEYS.lastSuccess, String(Math.floor(Date.now() / 1000)), BACKUP_STATUS_KEYS.lastArchive, archivePath)
        .catch((err: unknown) => log.warn({ err }, 'backup: could not record the success in Redis'));
      log.info(
        {
          archivePath,
          bytes,
          tables: manifest.tables.length,
          files: manifest.files.count,
          pruned: pruned.length,
          ms: Date.now() - started,
        },
        'backup written',
      );
      return archivePath;
    } catch (err) {
      const last = attempt > retryDelaysMs.length;
      await redis.incr(BACKUP_STATUS_KEYS.failures).catch(() => undefined);
      report(err, { task: 'backup', attempt, slot: slot.toISOString() });
      log.error(
        { err, attempt, slot, willRetry: !last },
        last ? 'backup failed: no attempt left until the next slot' : 'backup failed: retrying',
      );
      if (last) return null;
      await sleep(retryDelaysMs[attempt - 1]!);
      if (signal?.aborted) return null;
    }
  }
}

/** Starts the schedule in the worker; `stop()` cancels future runs and waits for the one in progress. */
export function startBackupSchedule(input: Omit<ScheduledBackupInput, 'slot'> & { config: BackupSettings & Pick<Config, 'backup'> }) {
  let current: Promise<unknown> = Promise.resolve();
  const stopping = new AbortController();
  // A retry's wait ends early when the worker stops.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  // protect: a run still going when the next slot comes (a large archive) is not doubled.
  const job = new Cron(input.config.backup.schedule, { timezone: 'UTC', protect: true }, async (self: Cron) => {
    // The slot to the second, so every worker derives the same key for it.
    const slot = new Date(Math.floor((self.currentRun() ?? new Date()).getTime() / 1000) * 1000);
    current = runScheduledBackup({ sleep, ...input, slot, signal: stopping.signal });
    await current;
  });
  return {
    nextRun: () => job.nextRun(),
    async stop() {
      job.stop();
      stopping.abort();
      await current;
    },
  };
}

/** What the API's /metrics shows of the workers' backup runs. */
export async function readBackupStatus(redis: RedisClient): Promise<{ lastSuccessSeconds: number; failures: number }> {
  const [lastSuccess, failures] = await redis.mget(BACKUP_STATUS_KEYS.lastSuccess, BACKUP_STATUS_KEYS.failures);
  return { lastSuccessSeconds: Number(lastSuccess ?? 0) || 0, failures: Number(failures ?? 0) || 0 };
}
