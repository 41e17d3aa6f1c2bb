import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/modules/accounts/accounts.service';
import { as, deliverAndRead, sessionCookie, signIn, signUp, signUpBody, tokenFromLink, verificationToken } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

describe('brute-force protection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it(`locks an account after ${SIGN_IN_LIMITS.perAccount} failures, even for the right password, and leaves other accounts alone`, async () => {
    const victim = await signUp(t);
    const bystander = await signUp(t);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const res = await signIn(t, victim.email, 'wrong password!', { 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await signIn(t, victim.email, victim.password, { 'x-forwarded-for': '198.51.100.99' });
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'SIGN_IN_LOCKED']);
    expect((await signIn(t, bystander.email, bystander.password, { 'x-forwarded-for': '198.51.100.99' })).statusCode).toBe(200);
  });

  it('locks an IP that tries many accounts', async () => {
    const user = await signUp(t);
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++)
      await signIn(t, `nobody-${i}@example.test`, 'whatever pass', { 'x-forwarded-for': '203.0.113.77' });
    const locked = await signIn(t, user.email, user.password, { 'x-forwarded-for': '203.0.113.77' });
    expect(locked.json().error.code).toBe('SIGN_IN_LOCKED');
    expect((await signIn(t, user.email, user.password, { 'x-forwarded-for': '203.0.113.78' })).statusCode).toBe(200);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const user = await signUp(t);
    const wrong = await signIn(t, user.email, 'wrong password!', { 'x-forwarded-for': '192.0.2.10' });
    const unknown = await signIn(t, 'nobody-at-all@example.test', 'wrong password!', { 'x-forwarded-for': '192.0.2.11' });
    expect(unknown.statusCode).toBe(wrong.statusCode);
    const strip = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });
});

describe('email verification, password reset and change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('verifies the email with the single-use link from the mail, which signs in', async () => {
    const body = signUpBody({ locale: 'ar' });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body })).statusCode).toBe(202);
    const [mail] = await deliverAndRead(t, body.email);
    expect(mail?.subject).toMatch(/[\u0600-\u06FF]/);
    expect(mail?.html).toContain('dir="rtl"');
    const token = tokenFromLink(mail!.text);
    expect(mail!.text).toContain('http://localhost:5173/verify-email?token=');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    expect(ok.statusCode).toBe(200);
    const session = { cookie: sessionCookie(ok), csrf: ok.json().csrfToken };
    expect((await as(t, session)({ method: 'GET', url: '/api/auth/session' })).json().user).toMatchObject({
      email: body.email,
      emailVerified: true,
    });
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'TOKEN_INVALID']);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('the first verification ends the sessions opened before it (someone who registered the address first)', async () => {
    const user = await signUp(t, {}, { verifyEmail: false });
    const token = await verificationToken(t, user.email);
    const verified = await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    expect(verified.statusCode).toBe(200);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect(await t.db.session.count({ where: { userId: user.userId } })).toBe(1);
  });

  it('a reset link proves the address of an unverified account', async () => {
    const user = await signUp(t, {}, { verifyEmail: false });
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const token = tokenFromLink((await deliverAndRead(t, user.email)).find((m) => m.text.includes('reset-password'))!.text);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: 'a brand new secret' } });
    expect(res.statusCode).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).not.toBeNull();
  });

  it('resets a forgotten password once, ends every session, and never reveals whether the address exists', async () => {
    const user = await signUp(t);
    const known = await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: 'ghost@example.test' } });
    expect([known.statusCode, known.body]).toEqual([unknown.statusCode, unknown.body]);
    expect(known.statusCode).toBe(202);

    const mails = await deliverAndRead(t, user.email);
    const reset = mails.find((m) => m.text.includes('/reset-password?token='))!;
    const token = tokenFromLink(reset.text);
    expect(token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    const row = await t.db.authToken.findFirstOrThrow({ where: { userId: user.userId, kind: 'password_reset' } });
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 30 * 60_000)).toBeLessThan(1000);
    expect(row.tokenHash).not.toContain(token);

    const first = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password/reset',
      payload: { token, password: 'a brand new secret' },
    });
    expect(first.statusCode).toBe(200);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password/reset',
      payload: { token, password: 'another new secret' },
    });
    expect([second.statusCode, second.json().error.code]).toEqual([400, 'TOKEN_INVALID']);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect((await signIn(t, user.email, user.password)).statusCode).toBe(401);
    expect((await signIn(t, user.email, 'a brand new secret')).statusCode).toBe(200);
  });

  it('refuses an expired reset link', async () => {
    const user = await signUp(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const token = tokenFromLink((await deliverAndRead(t, user.email)).find((m) => m.text.includes('reset-password'))!.text);
    await t.db.authToken.updateMany({
      where: { userId: user.userId, kind: 'password_reset' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: 'a brand new secret' } });
    expect(res.json().error.code).toBe('TOKEN_INVALID');
  });

  it('changes the password, ending the other sessions but not this one', async () => {
    const user = await signUp(t);
    const other = sessionCookie(await signIn(t, user.email, user.password));
    const wrong = await as(
      t,
      user,
    )({ method: 'POST', url: '/api/me/password', payload: { currentPassword: 'not it at all', newPassword: 'brand new secret' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const res = await as(
      t,
      user,
    )({ method: 'POST', url: '/api/me/password', payload: { currentPassword: user.password, newPassword: 'brand new secret' } });
    expect(res.statusCode).toBe(200);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: other } })).statusCode).toBe(401);
    const mails = await deliverAndRead(t, user.email);
    expect(mails.length).toBeGreaterThanOrEqual(2); // verification + password changed
  });

  it('updates the profile; a new phone must be verified again; role cannot be set', async () => {
    const user = await signUp(t);
    await t.db.user.update({ where: { id: user.userId }, data: { phoneVerifiedAt: new Date() } });
    const res = await as(
      t,
      user,
    )({ method: 'PATCH', url: '/api/me', payload: { name: 'Nouveau Nom', locale: 'en', phone: '+212699999901', role: 'admin' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      name: 'Nouveau Nom',
      locale: 'en',
      phone: '+212699999901',
      phoneVerified: false,
      role: 'client',
    });
    const empty = await as(t, user)({ method: 'PATCH', url: '/api/me', payload: {} });
    expect(empty.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('deletes the account: personal data wiped, sessions ended, sign-in refused', async () => {
    const user = await signUp(t);
    const wrong = await as(t, user)({ method: 'DELETE', url: '/api/me', payload: { password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect((await as(t, user)({ method: 'DELETE', url: '/api/me', payload: { password: user.password } })).statusCode).toBe(204);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
    expect((await signIn(t, user.email, user.password)).statusCode).toBe(401);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(row).toMatchObject({ phone: null, passwordHash: null, name: 'Deleted user' });
    expect(row.email).not.toBe(user.email);
    expect(row.deletedAt).not.toBeNull();
    // The address can be used again for a new account.
    expect((await signUp(t, { email: user.email })).email).toBe(user.email);
  });
});
