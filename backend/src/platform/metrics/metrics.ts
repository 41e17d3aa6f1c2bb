import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  return { registry, dependencyErrors, redisUp, rateLimitFallbacks };
}
