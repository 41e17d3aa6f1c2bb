import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { totpAt } from '../../src/modules/accounts/totp';
import { as, sessionCookie, signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

const ADMIN_NET = '10.20.0.0/16';
const INSIDE = '10.20.1.5';
const OUTSIDE = '203.0.113.5';

async function createAdmin(t: TestApp, email: string, password: string) {
  return t.db.user.create({
    data: { email, name: 'Ops', role: 'admin', passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
  });
}

async function adminSignIn(t: TestApp, email: string, password: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress: INSIDE });
  expect(res.statusCode).toBe(200);
  return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string, mfa: res.json().mfa as string };
}

describe('admin network allowlist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_IP_ALLOWLIST: `${ADMIN_NET}, 2001:db8::/32`, TRUST_PROXY: '0' });
  });
  afterAll(() => t.close());

  it('answers 403 outside the allowlist, even with an allowlisted X-Forwarded-For when no proxy is trusted', async () => {
    const spoofed = await t.app.inject({
      method: 'GET',
      url: '/api/admin/audit',
      remoteAddress: OUTSIDE,
      headers: { 'x-forwarded-for': INSIDE },
    });
    expect([spoofed.statusCode, spoofed.json().error.code]).toEqual([403, 'ADMIN_NETWORK_FORBIDDEN']);
    const page = await t.app.inject({ method: 'GET', url: '/admin/sign-in', remoteAddress: OUTSIDE, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('The admin area is not reachable from this network');
  });

  it('lets allowlisted IPv4 and IPv6 callers reach the access rules', async () => {
    for (const remoteAddress of [INSIDE, '2001:db8::42']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit', remoteAddress });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('refuses signed-in non-admins with 403', async () => {
    const client = await signUp(t);
    const res = await as(t, client)({ method: 'GET', url: '/api/admin/audit', headers: {} });
    // signUp came from 127.0.0.1, which is not in this allowlist: same answer as any outsider.
    expect(res.statusCode).toBe(403);
    const fromInside = await t.app.inject({
      method: 'GET',
      url: '/api/admin/audit',
      remoteAddress: INSIDE,
      headers: { cookie: client.cookie },
    });
    expect([fromInside.statusCode, fromInside.json().error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('admin second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_IP_ALLOWLIST: ADMIN_NET });
  });
  afterAll(() => t.close());

  const call = (s: { cookie: string; csrf: string }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, remoteAddress: INSIDE, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });

  it('an admin without a second factor can only enrol; enrolment gives recovery codes; codes are single-use', async () => {
    await createAdmin(t, 'ops@example.test', 'operations secret 1');
    const s = await adminSignIn(t, 'ops@example.test', 'operations secret 1');
    expect(s.mfa).toBe('enrolment-required');
    expect((await call(s, 'GET', '/api/admin/audit')).json().error.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await call(s, 'PATCH', '/api/me', { name: 'x' })).json().error.code).toBe('MFA_ENROLMENT_REQUIRED');

    const enrol = await call(s, 'POST', '/api/admin/mfa/enrol');
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = enrol.json();
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: 'ops@example.test' } });
    expect(stored.totpSecret).not.toContain(secret); // sealed at rest

    expect((await call(s, 'POST', '/api/admin/mfa/confirm', { code: '000000' })).json().error.code).toBe('MFA_CODE_INVALID');
    const confirm = await call(s, 'POST', '/api/admin/mfa/confirm', { code: totpAt(secret, Date.now()) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.every((c: string) => /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/.test(c))).toBe(true);
    expect((await call(s, 'GET', '/api/admin/audit')).statusCode).toBe(200);

    // A new sign-in must pass the second factor again.
    const next = await adminSignIn(t, 'ops@example.test', 'operations secret 1');
    expect(next.mfa).toBe('verification-required');
    expect((await call(next, 'GET', '/api/admin/audit')).json().error.code).toBe('MFA_REQUIRED');
    // The code of the current step was used at enrolment: a replay is refused.
    expect((await call(next, 'POST', '/api/admin/mfa/verify', { code: totpAt(secret, Date.now()) })).json().error.code).toBe(
      'MFA_CODE_INVALID',
    );
    const viaRecovery = await call(next, 'POST', '/api/admin/mfa/verify', { recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(viaRecovery.statusCode).toBe(200);
    expect(viaRecovery.json().mfa).toBe('verified');
    expect((await call(next, 'GET', '/api/admin/audit')).statusCode).toBe(200);

    const third = await adminSignIn(t, 'ops@example.test', 'operations secret 1');
    expect((await call(third, 'POST', '/api/admin/mfa/verify', { recoveryCode: recoveryCodes[0] })).json().error.code).toBe(
      'MFA_CODE_INVALID',
    );
    const withNextStep = await call(third, 'POST', '/api/admin/mfa/verify', { code: totpAt(secret, Date.now() + 30_000) });
    expect(withNextStep.statusCode).toBe(200);

    const events = (await call(third, 'GET', '/api/admin/audit')).json().events.map((e: { action: string }) => e.action);
    expect(events).toEqual(
      expect.arrayContaining(['auth.mfa_enrolled', 'auth.mfa_recovery_code_used', 'auth.mfa_verified', 'auth.mfa_failed']),
    );
  });

  it('locks the second factor after repeated wrong codes', async () => {
    await createAdmin(t, 'ops2@example.test', 'operations secret 2');
    const s = await adminSignIn(t, 'ops2@example.test', 'operations secret 2');
    const { secret } = (await call(s, 'POST', '/api/admin/mfa/enrol')).json();
    for (let i = 0; i < 5; i++) await call(s, 'POST', '/api/admin/mfa/confirm', { code: '123456' });
    const locked = await call(s, 'POST', '/api/admin/mfa/confirm', { code: totpAt(secret, Date.now()) });
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'MFA_LOCKED']);
  });

  it('gives admins short sessions: 30 minutes idle, 12 hours at most', async () => {
    await createAdmin(t, 'ops3@example.test', 'operations secret 3');
    const s = await adminSignIn(t, 'ops3@example.test', 'operations secret 3');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ops3@example.test' }, include: { sessions: true } });
    const session = user.sessions[0]!;
    expect(Math.abs(session.expiresAt.getTime() - session.createdAt.getTime() - 12 * 3600_000)).toBeLessThan(1000);
    await t.db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect((await call(s, 'GET', '/api/auth/session')).statusCode).toBe(401);
  });
});
