import {
  accepted,
  changePasswordInput,
  deleteAccountInput,
  errorResponses,
  forgotPasswordInput,
  resetPasswordInput,
  sessionList,
  currentSession,
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

const noContent = (description: string) => z.undefined().describe(description);

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
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create a client or provider account; the same answer whether the address is new or not',
        body: signUpInput,
        response: { 202: signUpAccepted, ...errorResponses({ 400: 'PASSWORD_REJECTED: a common or guessable password' }) },
      },
    },
    async (request, reply) => {
      await accounts.signUp(deps, { input: request.body, origin: originOf(request) });
      return reply.code(202).send({ status: 'verification_sent' as const });
    },
  );

  app.post(
    '/auth/sign-in',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: signInInput,
        response: {
          200: sessionState,
          ...errorResponses({
            401: 'INVALID_CREDENTIALS: no account with this email and password',
            429: 'SIGN_IN_LOCKED: too many failed attempts for this email or from this address',
          }),
        },
      },
    },
    async (request, reply) => {
      const { user, token, session } = await accounts.signIn(deps, { ...request.body, origin: originOf(request) });
      setSessionCookie(reply, token, session.expiresAt);
      return stateOf(user, session);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: { mfa: 'pending' } },
      schema: { tags, summary: 'The signed-in user and session state', response: { 200: sessionState } },
    },
    async (request) => {
      const auth = requireAuth(request);
      return stateOf(auth.user, auth);
    },
  );

  // The web client's check on every page: signed out is an answer, not an error, so anonymous
  // pages make no failing request (a 401 shows as an error in the browser's console).
  app.get(
    '/auth/current-session',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The session state, or null when signed out', response: { 200: currentSession } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { session: request.auth ? stateOf(request.auth.user, request.auth) : null };
    },
  );

  app.post(
    '/auth/sign-out',
    { config: { access: { mfa: 'pending' } }, schema: { tags, summary: 'End this session', response: { 204: noContent('Signed out') } } },
    async (request, reply) => {
      await accounts.signOut(deps, { auth: requireAuth(request), everywhere: false, origin: originOf(request) });
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { access: 'session' },
      schema: { tags, summary: 'End every session of this user', response: { 204: noContent('Every session ended') } },
    },
    async (request, reply) => {
      await accounts.signOut(deps, { auth: requireAuth(request), everywhere: true, origin: originOf(request) });
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Verify an email address with the token of the emailed link (signs the member in)',
        body: verifyEmailInput,
        response: { 200: sessionState, 202: accepted, ...errorResponses({ 400: 'TOKEN_INVALID: unknown, used or expired token' }) },
      },
    },
    async (request, reply) => {
      const { user, signedIn } = await accounts.verifyEmail(deps, { token: request.body.token, origin: originOf(request) });
      if (!signedIn) return reply.code(202).send({ status: 'accepted' as const });
      setSessionCookie(reply, signedIn.token, signedIn.session.expiresAt);
      return reply.code(200).send(stateOf(user, signedIn.session));
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Send the email verification link again',
        response: { 202: accepted, ...errorResponses({ 429: 'TOO_MANY_REQUESTS: too many emails sent this hour' }) },
      },
    },
    async (request, reply) => {
      await accounts.resendEmailVerification(deps, { auth: requireAuth(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/phone/send-code',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Text a code to verify the phone number',
        response: {
          202: accepted,
          ...errorResponses({
            400: 'PHONE_MISSING: no phone number on the account',
            409: 'PHONE_ALREADY_VERIFIED',
            429: 'SMS_RATE_LIMITED: too many codes sent this hour',
          }),
        },
      },
    },
    async (request, reply) => {
      await accounts.sendPhoneCode(deps, { auth: requireAuth(request), origin: originOf(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/phone/verify',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Verify the phone number with the texted code',
        body: verifyPhoneInput,
        response: {
          200: sessionState,
          ...errorResponses({
            400: 'CODE_INVALID, CODE_EXPIRED',
            429: 'TOO_MANY_ATTEMPTS: too many wrong codes, ask for a new one',
          }),
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const user = await accounts.verifyPhone(deps, { auth, code: request.body.code, origin: originOf(request) });
      return stateOf(user, auth);
    },
  );

  app.post(
    '/auth/password/forgot',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Email a password reset link (answers the same whether the account exists or not)',
        body: forgotPasswordInput,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await accounts.forgotPassword(deps, { email: request.body.email, origin: originOf(request) });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Set a new password with the token of the emailed link',
        body: resetPasswordInput,
        response: {
          200: accepted,
          ...errorResponses({ 400: 'TOKEN_INVALID: unknown, used or expired token; PASSWORD_REJECTED: a common or guessable password' }),
        },
      },
    },
    async (request) => {
      await accounts.resetPassword(deps, { ...request.body, origin: originOf(request) });
      return { status: 'accepted' as const };
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Change the password (other sessions end)',
        body: changePasswordInput,
        response: {
          200: accepted,
          ...errorResponses({
            400: 'PASSWORD_REJECTED: a common or guessable password',
            401: 'INVALID_CREDENTIALS: the current password is not right',
          }),
        },
      },
    },
    async (request) => {
      await accounts.changePassword(deps, { auth: requireAuth(request), ...request.body, origin: originOf(request) });
      return { status: 'accepted' as const };
    },
  );

  app.patch(
    '/me',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Change the name, phone number or language',
        body: updateProfileInput,
        response: { 200: sessionState, ...errorResponses({ 409: 'PHONE_TAKEN: another account uses this phone number' }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const user = await accounts.updateProfile(deps, { auth, changes: request.body, origin: originOf(request) });
      return stateOf(user, auth);
    },
  );

  app.delete(
    '/me',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Delete the account (confirmed with the password)',
        body: deleteAccountInput,
        response: {
          204: noContent('Account deleted, signed out'),
          ...errorResponses({ 401: 'INVALID_CREDENTIALS: the password is not right' }),
        },
      },
    },
    async (request, reply) => {
      await accounts.deleteAccount(deps, { auth: requireAuth(request), password: request.body.password, origin: originOf(request) });
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/me/sessions',
    { config: { access: 'session' }, schema: { tags, summary: 'The sessions of this user', response: { 200: sessionList } } },
    async (request) => {
      const auth = requireAuth(request);
      return { sessions: await listUserSessions({ db: app.db, userId: auth.userId, currentSessionId: auth.id }) };
    },
  );

  app.delete(
    '/me/sessions/:sessionId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'End one session of this user',
        params: z.object({ sessionId: z.string().regex(/^[0-9a-f]{16}$/) }),
        response: { 204: noContent('Session ended'), ...errorResponses({ 404: 'NOT_FOUND: no such session of this user' }) },
      },
    },
    async (request, reply) => {
      const revoked = await revokeUserSession({ db: app.db, userId: requireAuth(request).userId, publicId: request.params.sessionId });
      if (!revoked) throw new AppError('NOT_FOUND', 404, 'Session not found');
      return reply.code(204).send();
    },
  );
};
