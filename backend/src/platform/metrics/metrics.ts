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
}

/**
 * Prometheus metrics: request count and latency per route template (never the raw URL,
 * which would explode label cardinality), plus Node process metrics. One registry per
 * app so several apps in one process (tests) do not collide.
 */
export function registerMetrics(app: FastifyInstance): Metrics {
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
  registerJobMetrics(registry, app.db);
  return { registry, dependencyErrors, redisUp, rateLimitFallbacks };
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
