import {
  auditEventList,
  auditQuery,
  errorResponses,
  mfaCodeInput,
  mfaEnrolment,
  mfaVerifyInput,
  recoveryCodes,
  sessionState,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAuditEvents } from '../audit/audit.service';
import { mfaState, originOf, requireAuth } from './access';
import { toPublicUser } from './accounts.service';
import { confirmMfaEnrolment, startMfaEnrolment, verifyMfa } from './mfa.service';

const ADMIN = ['admin'] as const;

/** /api/admin: reachable only from ADMIN_IP_ALLOWLIST (see access.ts), admins only. */
export const adminAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { db: app.db, redis: app.redis, config: app.config };
  const tags = ['admin'];

  app.post(
    '/mfa/enrol',
    {
      config: { access: { roles: ADMIN, mfa: 'enrolment' } },
      schema: {
        tags,
        summary: 'Start setting up the second factor (a new TOTP secret)',
        response: { 200: mfaEnrolment, ...errorResponses({ 409: 'MFA_ALREADY_ENABLED' }) },
      },
    },
    async (request) => startMfaEnrolment(deps, { auth: requireAuth(request) }),
  );

  app.post(
    '/mfa/confirm',
    {
      config: { access: { roles: ADMIN, mfa: 'enrolment' } },
      schema: {
        tags,
        summary: 'Finish setting up the second factor with a first code; gives the recovery codes',
        body: mfaCodeInput,
        response: {
          200: recoveryCodes,
          ...errorResponses({
            400: 'MFA_CODE_INVALID',
            409: 'MFA_ALREADY_ENABLED, MFA_NOT_STARTED',
            429: 'MFA_LOCKED: too many wrong codes',
          }),
        },
      },
    },
    async (request) => ({
      recoveryCodes: await confirmMfaEnrolment(deps, { auth: requireAuth(request), code: request.body.code, origin: originOf(request) }),
    }),
  );

  app.post(
    '/mfa/verify',
    {
      config: { access: { roles: ADMIN, mfa: 'pending' } },
      schema: {
        tags,
        summary: 'Pass the second factor for this session (a TOTP or recovery code)',
        body: mfaVerifyInput,
        response: {
          200: sessionState,
          ...errorResponses({
            400: 'MFA_CODE_INVALID',
            403: 'MFA_ENROLMENT_REQUIRED: no second factor set up yet',
            429: 'MFA_LOCKED: too many wrong codes',
          }),
        },
      },
    },
    async (request) => {
      const current = requireAuth(request);
      await verifyMfa(deps, { auth: current, ...request.body, origin: originOf(request) });
      return { user: toPublicUser(current.user), csrfToken: current.csrfToken, mfa: mfaState({ ...current, mfaAt: new Date() }) };
    },
  );

  app.get(
    '/audit',
    {
      config: { access: { roles: ADMIN } },
      schema: {
        tags,
        summary: 'The latest audit events, optionally by one actor',
        querystring: auditQuery,
        response: { 200: auditEventList },
      },
    },
    async (request) => ({
      events: (await listAuditEvents({ db: app.db, actorId: request.query.actorId, limit: request.query.limit })).map((e) => ({
        id: e.id,
        action: e.action,
        actorId: e.actorId,
        subjectId: e.subjectId,
        ip: e.ip,
        userAgent: e.userAgent,
        createdAt: e.createdAt.toISOString(),
      })),
    }),
  );
};
