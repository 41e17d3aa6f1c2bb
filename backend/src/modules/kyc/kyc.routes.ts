import {
  errorResponses,
  kycDocumentInput,
  kycDocumentParams,
  kycFileLink,
  kycFileParams,
  kycIdParams,
  kycOnboarding,
  kycProfessionalInput,
  kycProfileInput,
  kycStatus,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLocalStorage } from '../../platform/storage/storage';
import { originOf, requireAuth } from '../accounts/access';
import { fileBody, sendFile } from '../uploads/uploads.routes';
import * as kyc from './kyc.service';

const PROVIDER = ['provider'] as const;
const LOCKED = 'KYC_DOCUMENTS_LOCKED: documents cannot change once submitted, until a rejection';

/** A provider's onboarding and verification (/api/kyc/…); the admin side is kyc-admin.routes.ts. */
export const kycRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['kyc'];
  const deps = { db: app.db, redis: app.redis, config: app.config };
  const storage = createLocalStorage({ dir: app.config.uploads.storageDir });

  app.get(
    '/kyc/me',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'The provider’s onboarding: steps done, status, what is missing, what they may do',
        response: { 200: kycOnboarding },
      },
    },
    async (request) => kyc.getOnboarding(deps, { userId: requireAuth(request).userId }),
  );

  app.put(
    '/kyc/me/profile',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Save the public profile step (bio, photo, languages, skills, cities and radius, experience)',
        body: kycProfileInput,
        response: {
          200: kycOnboarding,
          ...errorResponses({ 400: 'CITY_NOT_FOUND, UPLOAD_NOT_FOUND: a city or the photo does not exist' }),
        },
      },
    },
    async (request) => {
      const userId = requireAuth(request).userId;
      await kyc.saveOnboardingProfile(deps, { userId, input: request.body, origin: originOf(request) });
      return kyc.getOnboarding(deps, { userId });
    },
  );

  app.put(
    '/kyc/me/professional',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Save the optional professional step (registration number)',
        body: kycProfessionalInput,
        response: { 200: kycOnboarding },
      },
    },
    async (request) => {
      const userId = requireAuth(request).userId;
      await kyc.saveProfessional(deps, { userId, businessNumber: request.body.businessNumber, origin: originOf(request) });
      return kyc.getOnboarding(deps, { userId });
    },
  );

  app.put(
    '/kyc/me/documents/:type',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Attach one of the provider’s kyc_document uploads as this document',
        params: kycDocumentParams,
        body: kycDocumentInput,
        response: {
          200: kycOnboarding,
          ...errorResponses({ 400: 'UPLOAD_NOT_FOUND: no such kyc_document upload of this provider', 409: `${LOCKED}; UPLOAD_IN_USE` }),
        },
      },
    },
    async (request) => {
      const userId = requireAuth(request).userId;
      await kyc.attachDocument(deps, { userId, type: request.params.type, uploadId: request.body.uploadId, origin: originOf(request) });
      return kyc.getOnboarding(deps, { userId });
    },
  );

  app.delete(
    '/kyc/me/documents/:type',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Remove a document from the file',
        params: kycDocumentParams,
        response: { 200: kycOnboarding, ...errorResponses({ 404: 'NOT_FOUND: no such document', 409: LOCKED }) },
      },
    },
    async (request) => {
      const userId = requireAuth(request).userId;
      await kyc.detachDocument(deps, { userId, type: request.params.type, origin: originOf(request) });
      return kyc.getOnboarding(deps, { userId });
    },
  );

  app.post(
    '/kyc/me/submit',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Send the file for verification (draft or rejected → submitted)',
        response: {
          200: z.object({ status: kycStatus }),
          ...errorResponses({
            400: 'KYC_INCOMPLETE: steps or documents missing (details.missing)',
            409: 'KYC_TRANSITION_NOT_ALLOWED: the file is not in draft or rejected',
          }),
        },
      },
    },
    async (request) => kyc.submitVerification(deps, { userId: requireAuth(request).userId, origin: originOf(request) }),
  );

  app.get(
    '/kyc/documents/:id/link',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'A short-lived link to one of the provider’s own documents',
        params: kycIdParams,
        response: { 200: kycFileLink, ...errorResponses({ 404: 'NOT_FOUND: no such document of this provider' }) },
      },
    },
    async (request) => kyc.ownDocumentLink(deps, { userId: requireAuth(request).userId, documentId: request.params.id }),
  );

  app.get(
    '/kyc/files/:token',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A private document through its short-lived link (for the signed-in owner it was made for)',
        params: kycFileParams,
        response: {
          200: fileBody('The document, never cached'),
          ...errorResponses({ 404: 'NOT_FOUND: expired, not yours, or no such document' }),
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const file = await kyc.openDocument({ ...deps, storage }, { token: request.params.token, viewer: user, adminRoute: false });
      return sendFile({ reply, file, cacheControl: 'private, no-store', disposition: 'inline' });
    },
  );
};
