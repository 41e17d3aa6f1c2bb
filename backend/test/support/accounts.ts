import type { LightMyRequestResponse } from 'fastify';
import { accountJobs } from '../../src/modules/accounts/accounts.service';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { totpAt } from '../../src/modules/accounts/totp';
import { createChannels } from '../../src/modules/notifications/channels';
import { deliverDueMessages, runDueJobs } from '../../src/modules/notifications/notifications.service';
import type { TestApp } from './test-app';

export interface TestSession {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
  password: string;
  phone: string;
}

let counter = 0;
export function uniqueIdentity() {
  counter += 1;
  const n = `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e4)}`;
  return {
    email: `user-${n}@example.test`,
    phone: `+2126${String(10_000_000 + ((Date.now() + counter * 7919) % 89_999_999)).slice(0, 8)}`,
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === '__Host-khadamat_session');
  if (!cookie?.value) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return `${cookie.name}=${cookie.value}`;
}

/** Sign-up's request body for a new person, with `overrides`. */
export function signUpBody(overrides: Record<string, unknown> = {}) {
  const identity = uniqueIdentity();
  return {
    role: 'client',
    name: 'Amina Test',
    email: identity.email,
    phone: identity.phone,
    password: 'correct horse battery',
    locale: 'fr',
    ...overrides,
  };
}

/** Runs the queued jobs (as the worker would) without sending anything: the mails they write stay queued. */
export async function runJobs(t: TestApp) {
  return runDueJobs({ db: t.db, jobs: accountJobs({ config: t.config }) });
}

/** The token of the newest verification link queued for `email`, after running the queued jobs. */
export async function verificationToken(t: TestApp, email: string): Promise<string> {
  await runJobs(t);
  const message = await t.db.outboxMessage.findFirst({
    where: { recipient: email, template: 'verify-email' },
    orderBy: { createdAt: 'desc' },
  });
  if (!message) throw new Error(`no verification mail queued for ${email}`);
  return tokenFromLink(String((JSON.parse(message.payload) as { link: string }).link));
}

/**
 * A new account, signed in: signs up (202, no session), then follows the verification link
 * of the queued mail, which verifies the email and signs in. With `verifyEmail: false` the
 * email stays unverified and the session comes from signing in with the password.
 */
export async function signUp(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  { verifyEmail = true }: { verifyEmail?: boolean } = {},
): Promise<TestSession> {
  const body = signUpBody(overrides);
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body });
  if (res.statusCode !== 202) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const email = String(body.email).trim().toLowerCase();
  const signedIn = verifyEmail
    ? await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: await verificationToken(t, email) } })
    : await signIn(t, email, String(body.password));
  if (signedIn.statusCode !== 200) throw new Error(`sign-in after sign-up failed: ${signedIn.statusCode} ${signedIn.body}`);
  const state = signedIn.json();
  return {
    cookie: sessionCookie(signedIn),
    csrf: state.csrfToken,
    userId: state.user.id,
    email: body.email as string,
    password: body.password as string,
    phone: body.phone as string,
  };
}

export async function signIn(t: TestApp, email: string, password: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, headers });
}

/** A request as the signed-in user: session cookie plus the CSRF header. */
export function as(t: TestApp, session: Pick<TestSession, 'cookie' | 'csrf'>) {
  return (opts: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    payload?: unknown;
    headers?: Record<string, string>;
  }) =>
    t.app.inject({
      method: opts.method,
      url: opts.url,
      payload: opts.payload as never,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...opts.headers },
    });
}

/** Runs the outbox once (as the worker would) and returns what the local inbox got for `recipient`. */
export async function deliverAndRead(t: TestApp, recipient: string) {
  await deliverDueMessages({ db: t.db, ...createChannels({ config: t.config, db: t.db }) });
  return t.db.capturedMessage.findMany({ where: { recipient }, orderBy: { createdAt: 'desc' } });
}

export function tokenFromLink(text: string): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no token link in: ${text}`);
  return match[1]!;
}

/**
 * An admin signed in with the second factor passed (enrolled, then confirmed with a TOTP
 * code), from 127.0.0.1 (the local admin allowlist) unless told otherwise.
 */
export async function adminWithSecondFactor(
  t: TestApp,
  { email, password = 'operations secret 1', remoteAddress }: { email: string; password?: string; remoteAddress?: string },
): Promise<TestSession & { totpSecret: string }> {
  const user = await t.db.user.create({
    data: { email, name: 'Ops', role: 'admin', passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
  });
  const signedIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress });
  if (signedIn.statusCode !== 200) throw new Error(`admin sign-in failed: ${signedIn.statusCode} ${signedIn.body}`);
  const session = { cookie: sessionCookie(signedIn), csrf: signedIn.json().csrfToken as string };
  const call = (url: string, payload?: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as never,
      remoteAddress,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
  const { secret } = (await call('/api/admin/mfa/enrol')).json();
  const confirmed = await call('/api/admin/mfa/confirm', { code: totpAt(secret, Date.now()) });
  if (confirmed.statusCode !== 200) throw new Error(`admin second factor failed: ${confirmed.statusCode} ${confirmed.body}`);
  return { ...session, userId: user.id, email, password, phone: '', totpSecret: secret };
}

/** Marks a provider's identity verified, as an approved KYC review would (the rows only; tests of KYC itself go through its routes). */
export async function markKycVerified(t: TestApp, userId: string) {
  await t.db.providerProfile.update({ where: { userId }, data: { kycStatus: 'verified', identityVerifiedAt: new Date() } });
}
