import { adminDisputes, bookingView, disputeResolutionInput, errorResponses } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, requireAuth } from '../accounts/access';
import { changeBooking } from '../bookings/bookings.service';
import { listDisputes } from './payments.service';

const ADMIN = ['admin'] as const;

/** /api/admin: disputed bookings and card chargebacks, and an admin's outcome of a dispute. */
export const paymentsAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin', 'payments'];
  const { db, config } = app;

  app.get(
    '/disputes',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Bookings waiting for a dispute outcome (oldest first) and card chargebacks with their outcome',
        response: { 200: adminDisputes },
      },
    },
    async () => listDisputes({ db }),
  );

  app.post(
    '/bookings/:bookingId/dispute-resolution',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary:
          'Resolve a disputed booking: the part of the price refunded to the client (card: captured less it, or refunded), a note to both parties',
        params: z.object({ bookingId: z.string().min(1).max(40) }),
        body: disputeResolutionInput,
        response: {
          200: bookingView,
          ...errorResponses({
            400: 'REFUND_OUT_OF_RANGE: more than the price',
            404: 'NOT_FOUND: no such booking',
            409: 'BOOKING_TRANSITION_NOT_ALLOWED (not disputed), BOOKING_STALE, REFUND_EXCEEDS_REMAINING',
          }),
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return changeBooking({
        db,
        config,
        userId: auth.userId,
        role: auth.user.role,
        input: { bookingId: request.params.bookingId, action: 'resolveDispute', ...request.body },
        origin: originOf(request),
      });
    },
  );
};
