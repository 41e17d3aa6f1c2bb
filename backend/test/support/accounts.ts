import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { totpAt } from '../../src/modules/accounts/totp';
import { createChannels } from '../../src/modules/notifications/channels';
import { deliverDueMessages } from '../../src/modules/notifications/notifications.service';
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

export async function signUp(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TestSession> {
  const identity = uniqueIdentity();
  const body = {
    role: 'client',
    name: 'Amina Test',
    email: identity.email,
    phone: identity.phone,
    password: 'correct horse battery',
    locale: 'fr',
    ...overrides,
  };
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const state = res.json();
  return {
    cookie: sessionCookie(res),
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
  return (opts: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> }) =>
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
