import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client';
import { JOB_STATUS } from '../jobs/jobs';

export interface Metrics {
  registry: Registry;
  /** Requests answered 503/507 because a dependency was down, by dependency. */
  dependencyErrors: Counter<'dependency'>;
  /** 1 while the Redis connection is up (the circuit is closed), 0 while it is down. */
  redisUp: Gauge;
  /** Rate-limit decisions taken by the in-process limiter because Redis was down. */
  rateLimitFallbacks: Counter;
  /**
   * Webhook deliveries refused or failed, by provider (stripe, kyc): what the webhook plugin
   * counts; registered here so the alert rule's input exists before the first webhook route.
   */
  webhookFailures: Counter<'provider'>;
  /** Live event streams (`GET /api/me/events`) open on this process. */
  liveStreams: Gauge;
  /** Events written to live streams, by event name (notification, message). */
  liveEventsSent: Counter<'event'>;
}

/**
 * Prometheus metrics: request count and latency per route template (never the raw URL,
 * which would explode label cardinality), plus Node process metrics. One registry per
 * app so several apps in one process (tests) do not collide.
 */
export interface MetricSources {
  backupStatus?: () => Promise<BackupStatus>;
  /** Outbox rows by state (queue depth, dead letters, age of the oldest due row). */
  /** The readiness checks: dependency → up (true), down (false) or not used (null). */
  dependencies?: () => Promise<Record<string, boolean | null>>;
  /** Differences found by the latest daily reconciliation of card money with Stripe. */
  reconciliationDifferences?: () => Promise<number>;
}

export function registerMetrics(app: FastifyInstance, opts: MetricSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests served', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  const dependencyErrors = new Counter({
    name: 'dependency_unavailable_total',
    help: 'Requests answered 503/507 because a dependency was unavailable',
    labelNames: ['dependency'] as const,
    registers: [registry],
  });
  const redisUp = new Gauge({ name: 'redis_up', help: 'Whether the Redis connection is up (1) or down (0)', registers: [registry] });
  const rateLimitFallbacks = new Counter({
    name: 'rate_limit_fallback_total',
    help: 'Rate-limit decisions taken in-process because Redis was unavailable',
    registers: [registry],
  });
  if (opts.backupStatus) registerBackupMetrics(registry, opts.backupStatus);
  registerJobMetrics(registry, app.db);
  if (opts.dependencies) registerDependencyMetrics(registry, opts.dependencies);
  const reconciliationDifferences = opts.reconciliationDifferences;
  if (reconciliationDifferences) {
    new Gauge({
      name: 'payments_reconciliation_differences',
      help: 'Differences between Stripe’s balance transactions and the ledger in the latest daily reconciliation',
      registers: [registry],
      async collect() {
        // A scrape while the database is down keeps the last value.
        const value = await reconciliationDifferences().catch(() => null);
        if (value !== null) this.set(value);
      },
    });
  }
  const webhookFailures = new Counter({
    name: 'webhook_failures_total',
    help: 'Webhook deliveries refused (bad signature) or failed while handled, by provider',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  const liveStreams = new Gauge({ name: 'live_streams', help: 'Live event streams open on this process', registers: [registry] });
  const liveEventsSent = new Counter({
    name: 'live_events_sent_total',
    help: 'Events written to live streams, by event name',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  return { registry, dependencyErrors, redisUp, rateLimitFallbacks, webhookFailures, liveStreams, liveEventsSent };
}

/** What the worker recorded of its backup runs (read at scrape time; unknown is 0). */
export interface BackupStatus {
  lastSuccessSeconds: number;
  failures: number;
}

/**
 * The worker has no HTTP server: it records its backup runs in Redis and the API exposes
 * them, so one scrape target carries the "backup older than 26 h" alert's input.
 */
function registerBackupMetrics(registry: Registry, read: () => Promise<BackupStatus>): void {
  // One read per scrape: the registry collects both gauges at once, sharing the read in flight.
  let pending: Promise<BackupStatus> | null = null;
  const status = () => (pending ??= read().finally(() => (pending = null)));
  new Gauge({
    name: 'backup_last_success_timestamp_seconds',
    help: 'Unix time of the last successful backup (0 when none is known)',
    registers: [registry],
    async collect() {
      this.set((await status().catch(() => ({ lastSuccessSeconds: 0 }))).lastSuccessSeconds);
    },
  });
  new Gauge({
    name: 'backup_failed_attempts',
    help: 'Failed backup attempts recorded by the workers (a counter kept in Redis)',
    registers: [registry],
    async collect() {
      this.set((await status().catch(() => ({ failures: 0 }))).failures);
    },
  });
}

/** `dependency_up{dependency}`: the readiness checks at scrape time (1 up, 0 down; absent when not used). */
function registerDependencyMetrics(registry: Registry, read: () => Promise<Record<string, boolean | null>>): void {
  new Gauge({
    name: 'dependency_up',
    help: 'Whether a dependency answers its readiness check (1) or not (0)',
    labelNames: ['dependency'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const states = await read().catch(() => ({}) as Record<string, boolean | null>);
      for (const [dependency, up] of Object.entries(states)) if (up !== null) this.set({ dependency }, up ? 1 : 0);
    },
  });
}

/**
 * The job table seen from outside, read at each scrape (an indexed count): what is due and
 * waiting, how late the oldest of it is (workers stopped or too few), and the dead letter.
 * The three gauges of one scrape (collected in parallel) share one read. A scrape while the
 * database is down keeps the last values rather than failing.
 */
function registerJobMetrics(registry: Registry, db: Db) {
  let snapshot: Promise<{ pending: Map<string, number>; dead: Map<string, number>; oldestDueSeconds: number } | null> | null = null;
  const read = () =>
    (snapshot ??= (async () => {
      try {
        const now = new Date();
        const [groups, oldest] = await Promise.all([
          db.outboxMessage.groupBy({
            by: ['channel', 'status'],
            where: { OR: [{ status: JOB_STATUS.dead }, { status: JOB_STATUS.pending, nextAttemptAt: { lte: now } }] },
            _count: { _all: true },
          }),
          db.outboxMessage.findFirst({
            where: { status: JOB_STATUS.pending, nextAttemptAt: { lte: now } },
            orderBy: { nextAttemptAt: 'asc' },
            select: { nextAttemptAt: true },
          }),
        ]);
        const pending = new Map<string, number>();
        const dead = new Map<string, number>();
        for (const group of groups) (group.status === JOB_STATUS.dead ? dead : pending).set(group.channel, group._count._all);
        return { pending, dead, oldestDueSeconds: oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0 };
      } catch {
        return null;
      }
    })().finally(() => {
      snapshot = null;
    }));
  const channels = ['email', 'sms', 'job'];
  const byChannel = (gauge: Gauge<'channel'>, values: Map<string, number>) => {
    for (const channel of new Set([...channels, ...values.keys()])) gauge.set({ channel }, values.get(channel) ?? 0);
  };
  new Gauge({
    name: 'jobs_due',
    help: 'Jobs, mails and SMS due and not yet done, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      const values = await read();
      if (values) byChannel(this, values.pending);
    },
  });
  new Gauge({
    name: 'jobs_dead',
    help: 'Jobs, mails and SMS given up on after their last attempt (the dead letter), by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      const values = await read();
      if (values) byChannel(this, values.dead);
    },
  });
  new Gauge({
    name: 'jobs_oldest_due_seconds',
    help: 'How long the oldest due job has been waiting (0 when none is due)',
    registers: [registry],
    async collect() {
      const values = await read();
      if (values) this.set(values.oldestDueSeconds);
    },
  });
}
