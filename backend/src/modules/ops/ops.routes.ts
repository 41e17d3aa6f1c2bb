import { timingSafeEqual } from 'node:crypto';
import { apiErrorBody, liveness, readiness } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error';
import { checkReadiness } from './health.service';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
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
      const result = await checkReadiness({ db: app.db, redis: app.redis, config: app.config });
      return reply.code(result.status === 'ok' ? 200 : 503).send(result);
    },
  );

  // Metrics are off unless METRICS_TOKEN is set, and then need it as a bearer token.
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
    const token = app.config.metricsToken;
    if (!token) throw new AppError('NOT_FOUND', 404, 'Route GET /metrics not found');
    if (!tokenMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('UNAUTHORIZED', 401, 'A valid metrics token is required');
    }
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });
};
