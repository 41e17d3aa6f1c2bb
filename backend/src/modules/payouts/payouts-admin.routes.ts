import {
  errorResponses,
  payoutBatch,
  payoutBatchLine,
  payoutBatchParams,
  payoutBatches,
  payoutLineInput,
  payoutLineParams,
  payoutRunResult,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StripeClient } from '../../platform/payments/stripe';
import { originOf, requireAuth } from '../accounts/access';
import * as batches from './payout-batches.service';
import { runPayouts } from './payouts.service';

const ADMIN = ['admin'] as const;
const NO_BATCH = 'NOT_FOUND: no such batch (or line in it)';

/** /api/admin: the payout run on demand and the bank-transfer batches (admin networks, admins with the second factor). */
export const payoutsAdminRoutes: FastifyPluginAsyncZod<{ stripe: (() => StripeClient) | null }> = async (app, options) => {
  const tags = ['admin', 'payouts'];
  const deps = { db: app.db, config: app.config };
  const adminOf = (request: Parameters<typeof requireAuth>[0]) => ({ adminId: requireAuth(request).userId, origin: originOf(request) });

  app.post(
    '/payouts/run',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Runs the daily payout run now: every provider’s due payouts, made and sent once',
        response: { 200: payoutRunResult },
      },
    },
    async () => runPayouts({ ...deps, stripe: options.stripe?.() ?? null }),
  );

  app.get(
    '/payout-batches',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'The last bank-transfer batches with their lines, and how many bank payouts wait for one',
        response: { 200: payoutBatches },
      },
    },
    async () => batches.listBatches(deps),
  );

  app.post(
    '/payout-batches',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'A new batch of every bank payout not in one yet',
        response: { 201: payoutBatch, ...errorResponses({ 409: 'PAYOUT_BATCH_EMPTY: no bank payout is waiting' }) },
      },
    },
    async (request, reply) => reply.code(201).send(await batches.createBatch({ ...deps, ...adminOf(request) })),
  );

  app.get(
    '/payout-batches/:id/csv',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'The batch as a CSV file for the bank (full IBANs; each download is audited)',
        params: payoutBatchParams,
        response: { 200: z.string(), ...errorResponses({ 404: NO_BATCH }) },
      },
    },
    async (request, reply) => {
      const csv = await batches.batchCsv({ ...deps, batchId: request.params.id, ...adminOf(request) });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="payout-batch-${request.params.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/payout-batches/:id/lines/:lineId',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'The bank’s answer for one line: paid, or failed (the money goes back to the provider’s payable)',
        params: payoutLineParams,
        body: payoutLineInput,
        response: {
          200: payoutBatchLine,
          ...errorResponses({ 404: NO_BATCH, 409: 'PAYOUT_LINE_SETTLED: the line already has the other answer' }),
        },
      },
    },
    async (request) =>
      batches.markLine({
        ...deps,
        batchId: request.params.id,
        lineId: request.params.lineId,
        status: request.body.status,
        ...(request.body.status === 'failed' ? { reason: request.body.reason } : {}),
        ...adminOf(request),
      }),
  );
};
