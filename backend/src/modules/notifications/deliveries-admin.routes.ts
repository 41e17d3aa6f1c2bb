import { delivery, deliveryIdParams, deliveryList, deliveryQuery, errorResponses } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { originOf, requireAuth } from '../accounts/access';
import { listDeliveries, retryDelivery } from './deliveries.service';

const ADMIN = ['admin'] as const;

/** /api/admin/deliveries: failed and waiting mail, SMS and jobs, and a retry (admin networks, admins with the second factor). */
export const deliveriesAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin', 'notifications'];

  app.get(
    '/deliveries',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Deliveries in a state (failed by default), the newest first; without their contents',
        querystring: deliveryQuery,
        response: { 200: deliveryList },
      },
    },
    async (request) => listDeliveries({ db: app.db, ...request.query }),
  );

  app.post(
    '/deliveries/:id/retry',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Put a failed delivery back in the queue, due now',
        params: deliveryIdParams,
        response: {
          200: delivery,
          ...errorResponses({ 404: 'NOT_FOUND: no such delivery', 409: 'DELIVERY_NOT_FAILED: only a failed delivery can be retried' }),
        },
      },
    },
    async (request) =>
      retryDelivery({ db: app.db, id: request.params.id, adminId: requireAuth(request).userId, origin: originOf(request) }),
  );
};
