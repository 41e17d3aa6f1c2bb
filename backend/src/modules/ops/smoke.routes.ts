import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * Helpers for `npm run smoke:all` against a local stack. Registered only when
 * SMOKE_ROUTES_ENABLE=true (never in staging/production, validateEnv() refuses it),
 * so they answer 404 everywhere else. Later capabilities add their helpers here.
 */
export const smokeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/status',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        response: {
          200: z.object({
            smokeRoutes: z.literal(true),
            nodeEnv: z.string(),
            database: z.enum(['sqlite', 'postgresql']),
            redis: z.enum(['memory', 'server']),
          }),
        },
      },
    },
    async () => ({
      smokeRoutes: true as const,
      nodeEnv: app.config.nodeEnv,
      database: app.config.database.provider,
      redis: app.config.redis.mock ? ('memory' as const) : ('server' as const),
    }),
  );

  // The local inbox: mail and SMS captured instead of sent (no SMTP / SMS account locally).
  app.get(
    '/mailbox',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: z.object({ recipient: z.string().min(3).max(254) }),
        response: {
          200: z.object({
            messages: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                recipient: z.string(),
                subject: z.string(),
                text: z.string(),
                html: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      messages: (
        await app.db.capturedMessage.findMany({
          where: { recipient: request.query.recipient.toLowerCase() },
          orderBy: { createdAt: 'desc' },
          take: 20,
        })
      ).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    }),
  );
};
