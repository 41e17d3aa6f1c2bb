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
};
