import { timingSafeEqual } from 'node:crypto';
import { apiErrorBody, liveness, readiness, readinessDetails } from '@khadamat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error';
import { checkReadiness, publicReadiness } from './health.service';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Operator views exist only when METRICS_TOKEN is set, and then need it as a bearer token. */
function requireMetricsToken(request: FastifyRequest, reply: FastifyReply, token: string | null, route: string): void {
  if (!token) throw new AppError('NOT_FOUND', 404, `Route ${route} not found`);
  if (!tokenMatches(request.headers.authorization, token)) {
    reply.header('www-authenticate', 'Bearer');
    throw new AppError('UNAUTHORIZED', 401, 'A valid metrics token is required');
  }
}

/** Liveness, readiness and the Prometheus endpoint: what load balancers and monitoring call. */
export const opsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health/live',
    { schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: liveness } }, config: { rateLimit: false } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  // Failures are logged once per change of state, with their text; the answer carries none.
  let lastFailed = '';
  const ready = async () => {
    const result = await checkReadiness({ db: app.db, redis: app.redis, config: app.config });
    const failed = result.failed.join(',');
    if (failed !== lastFailed) {
      if (failed) app.log.warn({ checks: result.checks }, `not ready: ${failed}`);
      else app.log.info('ready again');
      lastFailed = failed;
    }
    return result;
  };

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: the database, Redis and (when enabled) ClamAV answer',
        response: {
          200: readiness,
          503: {
            description: 'A dependency does not answer (the readiness report names it), or the server is shutting down (ApiError)',
            content: { 'application/json': { schema: z.union([readiness, apiErrorBody]) } },
          },
        },
      },
      config: { rateLimit: false },
    },
    async (_request, reply) => {
      if (app.lifecycle.draining) throw new AppError('SHUTTING_DOWN', 503, 'The server is shutting down; try another one');
      const result = await ready();
      return reply.code(result.status === 'ok' ? 200 : 503).send(publicReadiness(result));
    },
  );

  // The same checks with latency and error text, for operators (METRICS_TOKEN).
  app.get(
    '/health/details',
    { schema: { hide: true, response: { 200: readinessDetails, 503: readinessDetails } }, config: { rateLimit: false } },
    async (request, reply) => {
      requireMetricsToken(request, reply, app.config.metricsToken, 'GET /health/details');
      const result = await ready();
      return reply.code(result.status === 'ok' ? 200 : 503).send(result);
    },
  );

  // Metrics are off unless METRICS_TOKEN is set, and then need it as a bearer token.
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
    requireMetricsToken(request, reply, app.config.metricsToken, 'GET /metrics');
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });
};
