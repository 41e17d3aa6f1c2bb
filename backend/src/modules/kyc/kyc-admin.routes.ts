import {
  errorResponses,
  kycApproveInput,
  kycCase,
  kycFileParams,
  kycIdParams,
  kycQueue,
  kycQueueQuery,
  kycReasonInput,
  kycStatus,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLocalStorage } from '../../platform/storage/storage';
import { originOf, requireAuth } from '../accounts/access';
import { fileBody, sendFile } from '../uploads/uploads.routes';
import * as kyc from './kyc.service';

const ADMIN = ['admin'] as const;
const CONFLICT = 'KYC_TRANSITION_NOT_ALLOWED: the verification is not in a state this move starts from';

/** /api/admin/kyc: the review queue and decisions (admin networks, admins with the second factor). */
export const kycAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin', 'kyc'];
  const deps = { db: app.db, redis: app.redis, config: app.config };
  const storage = createLocalStorage({ dir: app.config.uploads.storageDir });
  const moved = { 200: z.object({ status: kycStatus }), ...errorResponses({ 404: 'NOT_FOUND: no such provider', 409: CONFLICT }) };
  const actor = (request: Parameters<typeof requireAuth>[0]) => ({ kind: 'admin' as const, id: requireAuth(request).userId });

  app.get(
    '/kyc/queue',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Providers in a verification state, the oldest submission first',
        querystring: kycQueueQuery,
        response: { 200: kycQueue },
      },
    },
    async (request) => ({ items: await kyc.listQueue(deps, { status: request.query.status }) }),
  );

  app.get(
    '/kyc/providers/:id',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'One provider’s file: profile, documents (with short-lived links), history, allowed decisions',
        params: kycIdParams,
        response: { 200: kycCase, ...errorResponses({ 404: 'NOT_FOUND: no such provider' }) },
      },
    },
    async (request) => kyc.getCase(deps, { profileId: request.params.id, adminId: requireAuth(request).userId }),
  );

  app.post(
    '/kyc/providers/:id/start-review',
    {
      config: { access: { roles: ADMIN } },
      schema: { tags, summary: 'Take a submitted file into review', params: kycIdParams, response: moved },
    },
    async (request) => kyc.startReview(deps, { profileId: request.params.id, actor: actor(request), origin: originOf(request) }),
  );

  app.post(
    '/kyc/providers/:id/approve',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Approve a file in review, every checklist item ticked',
        params: kycIdParams,
        body: kycApproveInput,
        response: moved,
      },
    },
    async (request) =>
      kyc.approveVerification(deps, {
        profileId: request.params.id,
        actor: actor(request),
        origin: originOf(request),
        certificateVerified: request.body.certificateVerified,
      }),
  );

  app.post(
    '/kyc/providers/:id/reject',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Reject a file in review, with the reason the provider reads',
        params: kycIdParams,
        body: kycReasonInput,
        response: moved,
      },
    },
    async (request) =>
      kyc.rejectVerification(deps, {
        profileId: request.params.id,
        actor: actor(request),
        origin: originOf(request),
        reason: request.body.reason,
      }),
  );

  app.post(
    '/kyc/providers/:id/suspend',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'Suspend a verified provider: out of search at once, sessions ended',
        params: kycIdParams,
        body: kycReasonInput,
        response: moved,
      },
    },
    async (request) =>
      kyc.suspendProvider(deps, {
        profileId: request.params.id,
        actor: actor(request),
        origin: originOf(request),
        reason: request.body.reason,
      }),
  );

  app.post(
    '/kyc/providers/:id/reinstate',
    { config: { access: { roles: ADMIN } }, schema: { tags, summary: 'Lift a suspension', params: kycIdParams, response: moved } },
    async (request) => kyc.reinstateProvider(deps, { profileId: request.params.id, actor: actor(request), origin: originOf(request) }),
  );

  app.get(
    '/kyc/files/:token',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'A provider’s document through its short-lived link (for the admin it was made for)',
        params: kycFileParams,
        response: {
          200: fileBody('The document, never cached'),
          ...errorResponses({ 404: 'NOT_FOUND: expired, made for someone else, or gone' }),
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const file = await kyc.openDocument({ ...deps, storage }, { token: request.params.token, viewer: user, adminRoute: true });
      return sendFile({ reply, file, cacheControl: 'private, no-store', disposition: 'inline' });
    },
  );
};
