import {
  accepted,
  changePasswordInput,
  deleteAccountInput,
  forgotPasswordInput,
  resetPasswordInput,
  sessionList,
  sessionState,
  signInInput,
  signUpAccepted,
  signUpInput,
  updateProfileInput,
  verifyEmailInput,
  verifyPhoneInput,
} from '@khadamat/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error';
import { mfaState, originOf, requireAuth } from './access';
import * as accounts from './accounts.service';
import { SESSION_COOKIE, listUserSessions, revokeUserSession, type SessionWithUser } from './sessions.service';

type SessionRow = Pick<SessionWithUser, 'csrfToken' | 'mfaAt' | 'expiresAt'>;
type UserRow = SessionWithUser['user'];

function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date) {
  // __Host-: Secure, Path=/ and no Domain, so no other (sub)domain can set or read it.
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', expires: expiresAt });
}

function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

function stateOf(user: UserRow, session: SessionRow) {
  return {
    user: accounts.toPublicUser(user),
    csrfToken: session.csrfToken,
    mfa: mfaState({ user, mfaAt: session.mfaAt } as SessionWithUser),
  };
}

/** Sign-up, sign-in and the signed-in user's own account. */
export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { db: app.db, redis: app.redis, config: app.config };
  const tags = ['accounts'];

  // The same answer whether the address (or phone) is new or not, and no session: the
  // verification link signs the member in.
  app.post(
    '/auth/sign-up',
    { config: { access: 'public' }, schema: { tags, body: signUpInput, response: { 202: signUpAccepted } } },
    async (request, reply) => {
      await accounts.signUp(deps, { input: request.body, origin: originOf(request) });
      return reply.code(202).send({ status: 'verification_sent' as const });
    },
  );

  app.post(
    '/auth/sign-in',
    { config: { access: 'public' }, schema: { tags, body: signInInput, response: { 200: sessionState } } },
    async (request, reply) => {
      const { user, token, session } = await accounts.signIn(deps, { ...request.body, origin: originOf(request) });
      setSessionCookie(reply, token, session.expiresAt);
      return stateOf(user, session);
    },
  );

  app.get(
    '/auth/session',
    { config: { access: { mfa: 'pending' } }, schema: { tags, response: { 200: sessionState } } },
    async (request) => {
      const auth = requireAuth(request);
      return stateOf(auth.user, auth);
    },
  );

  app.post('/auth/sign-out', { config: { access: { mfa: 'pending' } }, schema: { tags } }, async (request, reply) => {
    await accounts.signOut(deps, { auth: requireAuth(request), everywhere: false, origin: originOf(request) });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/auth/sign-out-everywhere', { config: { access: 'session' }, schema: { tags } }, async (request, reply) => {
    await accounts.signOut(deps, { auth: requireAuth(request), everywhere: true, origin: originOf(request) });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post(
    '/auth/verify-email',
    { config: { access: 'public' }, schema: { tags, body: verifyEmailInput, response: { 200: sessionState, 202: accepted } } },
    async (request, reply) => {
      const { user, signedIn } = await accounts.verifyEmail(deps, { token: request.body.token, origin: originOf(request) });
      if (!signedIn) return reply.code(202).send({ status: 'accepted' as const });
      setSessionCookie(reply, signedIn.token, signedIn.session.expiresAt);
      return reply.code(200).send(stateOf(user, signedIn.session));
    },
  );

  app.post(
    '/auth/verify-email/resend',
    { config: { access: 'session' }, schema: { tags, response: { 202: accepted } } },
    async (request, reply) => {
      await accounts.resendEmailVerification(deps, { auth: requireAuth(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/phone/send-code',
    { config: { access: 'session' }, schema: { tags, response: { 202: accepted } } },
    async (request, reply) => {
      await accounts.sendPhoneCode(deps, { auth: requireAuth(request), origin: originOf(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/phone/verify',
    { config: { access: 'session' }, schema: { tags, body: verifyPhoneInput, response: { 200: sessionState } } },
    async (request) => {
      const auth = requireAuth(request);
      const user = await accounts.verifyPhone(deps, { auth, code: request.body.code, origin: originOf(request) });
      return stateOf(user, auth);
    },
  );

  app.post(
    '/auth/password/forgot',
    { config: { access: 'public' }, schema: { tags, body: forgotPasswordInput, response: { 202: accepted } } },
    async (request, reply) => {
      await accounts.forgotPassword(deps, { email: request.body.email, origin: originOf(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/password/reset',
    { config: { access: 'public' }, schema: { tags, body: resetPasswordInput, response: { 200: accepted } } },
    async (request) => {
      await accounts.resetPassword(deps, { ...request.body, origin: originOf(request) });
      return { status: 'accepted' as const };
    },
  );

  app.post(
    '/me/password',
    { config: { access: 'session' }, schema: { tags, body: changePasswordInput, response: { 200: accepted } } },
    async (request) => {
      await accounts.changePassword(deps, { auth: requireAuth(request), ...request.body, origin: originOf(request) });
      return { status: 'accepted' as const };
    },
  );

  app.patch(
    '/me',
    { config: { access: 'session' }, schema: { tags, body: updateProfileInput, response: { 200: sessionState } } },
    async (request) => {
      const auth = requireAuth(request);
      const user = await accounts.updateProfile(deps, { auth, changes: request.body, origin: originOf(request) });
      return stateOf(user, auth);
    },
  );

  app.delete('/me', { config: { access: 'session' }, schema: { tags, body: deleteAccountInput } }, async (request, reply) => {
    await accounts.deleteAccount(deps, { auth: requireAuth(request), password: request.body.password, origin: originOf(request) });
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get('/me/sessions', { config: { access: 'session' }, schema: { tags, response: { 200: sessionList } } }, async (request) => {
    const auth = requireAuth(request);
    return { sessions: await listUserSessions({ db: app.db, userId: auth.userId, currentSessionId: auth.id }) };
  });

  app.delete(
    '/me/sessions/:sessionId',
    { config: { access: 'session' }, schema: { tags, params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{16}$/) }) } },
    async (request, reply) => {
      const revoked = await revokeUserSession({ db: app.db, userId: requireAuth(request).userId, publicId: request.params.sessionId });
      if (!revoked) throw new AppError('NOT_FOUND', 404, 'Session not found');
      return reply.code(204).send();
    },
  );
};
