import { auditEventList, auditQuery, mfaCodeInput, mfaEnrolment, mfaVerifyInput, recoveryCodes, sessionState } from '@khadamat/contracts';
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
    { config: { access: { roles: ADMIN, mfa: 'enrolment' } }, schema: { tags, response: { 200: mfaEnrolment } } },
    async (request) => startMfaEnrolment(deps, { auth: requireAuth(request) }),
  );

  app.post(
    '/mfa/confirm',
    { config: { access: { roles: ADMIN, mfa: 'enrolment' } }, schema: { tags, body: mfaCodeInput, response: { 200: recoveryCodes } } },
    async (request) => ({
      recoveryCodes: await confirmMfaEnrolment(deps, { auth: requireAuth(request), code: request.body.code, origin: originOf(request) }),
    }),
  );

  app.post(
    '/mfa/verify',
    { config: { access: { roles: ADMIN, mfa: 'pending' } }, schema: { tags, body: mfaVerifyInput, response: { 200: sessionState } } },
    async (request) => {
      const current = requireAuth(request);
      await verifyMfa(deps, { auth: current, ...request.body, origin: originOf(request) });
      return { user: toPublicUser(current.user), csrfToken: current.csrfToken, mfa: mfaState({ ...current, mfaAt: new Date() }) };
    },
  );

  app.get(
    '/audit',
    { config: { access: { roles: ADMIN } }, schema: { tags, querystring: auditQuery, response: { 200: auditEventList } } },
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
