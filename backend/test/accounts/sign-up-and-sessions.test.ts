import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, sessionCookie, signIn, signUp, uniqueIdentity, verificationToken } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

describe('sign-up, sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs up with an argon2id hash and no session; the verification link signs in with a __Host- session cookie', async () => {
    const identity = uniqueIdentity();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up',
      payload: {
        role: 'provider',
        name: 'Karim',
        email: identity.email.toUpperCase(),
        phone: identity.phone,
        password: 'tagine au citron 42',
        locale: 'ar',
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'verification_sent' });
    expect(res.headers['set-cookie']).toBeUndefined();
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: identity.email }, include: { providerProfile: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.providerProfile?.kycStatus).toBe('draft');
    expect(stored).toMatchObject({ phone: identity.phone, emailVerifiedAt: null, locale: 'ar' });
    expect(await t.db.session.count({ where: { userId: stored.id } })).toBe(0);

    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/auth/verify-email',
      payload: { token: await verificationToken(t, identity.email) },
    });
    expect(verified.statusCode).toBe(200);
    const body = verified.json();
    expect(body.user).toMatchObject({ email: identity.email, role: 'provider', locale: 'ar', emailVerified: true, phoneVerified: false });
    expect(body.mfa).toBe('not-required');
    const setCookie = String(verified.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-khadamat_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Domain');
  });

  it('ignores fields a user must not set and refuses an admin sign-up', async () => {
    const identity = uniqueIdentity();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up',
      payload: {
        role: 'client',
        name: 'Sneaky',
        ...identity,
        password: 'long enough secret',
        emailVerified: true,
        emailVerifiedAt: '2026-01-01',
        totpEnabledAt: '2026-01-01',
      },
    });
    expect(res.statusCode).toBe(202);
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: identity.email } });
    expect(stored).toMatchObject({ role: 'client', emailVerifiedAt: null, totpEnabledAt: null });
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up',
      payload: { role: 'admin', name: 'X', ...uniqueIdentity(), password: 'long enough secret' },
    });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses bad input with stable codes, never a 500', async () => {
    const base = { role: 'client', name: 'Test', ...uniqueIdentity(), password: 'long enough secret' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, phone: '0612345678' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, email: 'not-an-email' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, password: 'short' }, 400, 'VALIDATION_FAILED'],
      [{ ...base, password: 'x'.repeat(129) }, 400, 'VALIDATION_FAILED'],
      [{ ...base, password: 'Password123' }, 400, 'PASSWORD_REJECTED'],
      [{ ...base, locale: 'de' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload });
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
  });

  it('accepts a 128-character password and gives a new session token at every sign-in', async () => {
    const user = await signUp(t, { password: 'p'.repeat(100) + 'q'.repeat(28) });
    const one = await signIn(t, user.email, user.password);
    const two = await signIn(t, user.email, user.password);
    expect(one.statusCode).toBe(200);
    expect(sessionCookie(one)).not.toBe(sessionCookie(two));
    expect(sessionCookie(one)).not.toBe(user.cookie);
  });

  it('reads the session with the cookie and answers 401 without it', async () => {
    const user = await signUp(t);
    const mine = await as(t, user)({ method: 'GET', url: '/api/auth/session' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().user.id).toBe(user.userId);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: '__Host-khadamat_session=forged-token-value' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('needs the CSRF token and a same-site origin for cookie-authenticated changes', async () => {
    const user = await signUp(t);
    const noToken = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { cookie: user.cookie }, payload: { name: 'Changed' } });
    expect([noToken.statusCode, noToken.json().error.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const crossSite = await as(
      t,
      user,
    )({ method: 'PATCH', url: '/api/me', payload: { name: 'Changed' }, headers: { origin: 'https://evil.example' } });
    expect([crossSite.statusCode, crossSite.json().error.code]).toEqual([403, 'CSRF_ORIGIN_REFUSED']);
    const ok = await as(
      t,
      user,
    )({ method: 'PATCH', url: '/api/me', payload: { name: 'Changed' }, headers: { origin: 'http://localhost:5173' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.name).toBe('Changed');
  });

  it('signs out: the old cookie then gets 401', async () => {
    const user = await signUp(t);
    const out = await as(t, user)({ method: 'POST', url: '/api/auth/sign-out' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('__Host-khadamat_session=;');
    const after = await as(t, user)({ method: 'GET', url: '/api/auth/session' });
    expect(after.statusCode).toBe(401);
  });

  it('signs out everywhere and lists / revokes sessions', async () => {
    const user = await signUp(t);
    const phone = { cookie: sessionCookie(await signIn(t, user.email, user.password, { 'user-agent': 'PhoneBrowser/1.0' })), csrf: '' };
    const list = await as(t, user)({ method: 'GET', url: '/api/me/sessions' });
    const sessions = list.json().sessions as { id: string; current: boolean; userAgent: string }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    expect(other.userAgent).toBe('PhoneBrowser/1.0');
    // Revoking someone else's session id is a 404, not a leak.
    const stranger = await signUp(t);
    expect((await as(t, stranger)({ method: 'DELETE', url: `/api/me/sessions/${other.id}` })).statusCode).toBe(404);
    expect((await as(t, user)({ method: 'DELETE', url: `/api/me/sessions/${other.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: phone.cookie } })).statusCode).toBe(401);

    const second = { cookie: sessionCookie(await signIn(t, user.email, user.password)), csrf: '' };
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/sign-out-everywhere' })).statusCode).toBe(204);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: second.cookie } })).statusCode).toBe(401);
  });

  it('records every authentication event in the audit log with IP and user agent', async () => {
    const user = await signUp(t);
    await signIn(t, user.email, 'wrong password!', { 'user-agent': 'AuditAgent/2' });
    await signIn(t, user.email, user.password, { 'user-agent': 'AuditAgent/2' });
    const events = await t.db.auditLog.findMany({ where: { actorId: user.userId }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.action)).toEqual([
      'account.sign_up',
      'account.email_verified',
      'auth.sign_in_link',
      'auth.sign_in_failed',
      'auth.sign_in',
    ]);
    expect(events[4]).toMatchObject({ ip: '127.0.0.1', userAgent: 'AuditAgent/2' });
  });

  it('expires an idle session', async () => {
    const user = await signUp(t);
    const sessionId = (await t.db.session.findFirstOrThrow({ where: { userId: user.userId } })).id;
    await t.db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 15 * 24 * 3600_000) } });
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect(await t.db.session.count({ where: { id: sessionId } })).toBe(0);
  });
});
