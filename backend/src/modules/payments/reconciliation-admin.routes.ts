import {
  errorResponses,
  reconciliationDayParams,
  reconciliationList,
  reconciliationQuery,
  reconciliationReport,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StripeClient } from '../../platform/payments/stripe';
import { originOf, requireAuth } from '../accounts/access';
import { listReconciliations, reconcileDay } from './reconciliation.service';

const ADMIN = ['admin'] as const;

/** /api/admin/reconciliation: the daily comparison of Stripe's balance with the ledger, and a re-run of a day. */
export const reconciliationAdminRoutes: FastifyPluginAsyncZod<{ stripe: (() => StripeClient) | null }> = async (app, options) => {
  const tags = ['admin', 'payments'];
  const { db } = app;

  app.get(
    '/reconciliation',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'The latest daily reconciliation reports with their differences, the newest day first',
        querystring: reconciliationQuery,
        response: { 200: reconciliationList },
      },
    },
    async (request) => listReconciliations({ db, limit: request.query.limit }),
  );

  const stripe = options.stripe;
  if (!stripe) return;
  app.post(
    '/reconciliation/:day/run',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Reconcile a day (YYYY-MM-DD, UTC) again now: its report is replaced',
        params: reconciliationDayParams,
        response: { 200: reconciliationReport, ...errorResponses({ 409: 'DAY_NOT_STARTED' }) },
      },
    },
    async (request) =>
      reconcileDay({
        db,
        stripe: stripe(),
        day: request.params.day,
        by: { adminId: requireAuth(request).userId, origin: originOf(request) },
      }),
  );
};
