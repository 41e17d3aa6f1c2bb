import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAILS_PER_ADDRESS_PER_HOUR, PHONE_CODE, SIGN_IN_LIMITS } from '../../src/modules/accounts/accounts.service';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { totpAt } from '../../src/modules/accounts/totp';
import { as, deliverAndRead, runJobs, sessionCookie, signIn, signUp, signUpBody, tokenFromLink } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

// Every attempt limit holds under parallel requests: 40 tries at once are exactly N checks
// and 40 - N refusals, because each limit is decided on the value its atomic increment
// returned, before the (slow) check it guards.
const PARALLEL = 40;

/** How many answers had each error code (or the HTTP status when there is no error body). */
function tally(responses: { statusCode: number; json: () => { error?: { code: string } } }[]) {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = res.statusCode < 300 ? String(res.statusCode) : res.json().error!.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('attempt limits under parallel requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it(`sign-in: ${PARALLEL} parallel wrong passwords for one account get exactly ${SIGN_IN_LIMITS.perAccount} checks`, async () => {
    const victim = await signUp(t);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        signIn(t, victim.email, `wrong password ${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` }),
      ),
    );
    expect(tally(answers)).toEqual({
      INVALID_CREDENTIALS: SIGN_IN_LIMITS.perAccount,
      SIGN_IN_LOCKED: PARALLEL - SIGN_IN_LIMITS.perAccount,
    });
    const failures = await t.db.auditLog.count({ where: { action: 'auth.sign_in_failed', actorId: victim.userId } });
    expect(failures).toBe(SIGN_IN_LIMITS.perAccount);
    // Locked: the right password is refused too.
    const right = await signIn(t, victim.email, victim.password, { 'x-forwarded-for': '198.51.100.200' });
    expect([right.statusCode, right.json().error.code]).toEqual([429, 'SIGN_IN_LOCKED']);
  });

  it(`sign-in: ${PARALLEL} parallel tries from one IP on unknown accounts get exactly ${SIGN_IN_LIMITS.perIp} checks`, async () => {
    const user = await signUp(t);
    const ip = { 'x-forwarded-for': '203.0.113.50' };
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => signIn(t, `nobody-${i}-${Date.now()}@example.test`, 'whatever pass', ip)),
    );
    expect(tally(answers)).toEqual({ INVALID_CREDENTIALS: SIGN_IN_LIMITS.perIp, SIGN_IN_LOCKED: PARALLEL - SIGN_IN_LIMITS.perIp });
    expect((await signIn(t, user.email, user.password, ip)).json().error.code).toBe('SIGN_IN_LOCKED');
    expect((await signIn(t, user.email, user.password, { 'x-forwarded-for': '203.0.113.51' })).statusCode).toBe(200);
  });

  it('sign-in: a right password gives its slot back, so successful sign-ins never lock an IP', async () => {
    const user = await signUp(t);
    const ip = { 'x-forwarded-for': '203.0.113.60' };
    for (let i = 0; i < SIGN_IN_LIMITS.perIp + 5; i++) expect((await signIn(t, user.email, user.password, ip)).statusCode).toBe(200);
  });

  it(`phone code: ${PARALLEL} parallel wrong codes get exactly ${PHONE_CODE.maxAttempts} comparisons`, async () => {
    const user = await signUp(t);
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' })).statusCode).toBe(202);
    const sms = (await deliverAndRead(t, user.phone))[0]!;
    const code = /\b(\d{6})\b/.exec(sms.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code: wrong } })),
    );
    expect(tally(answers)).toEqual({ CODE_INVALID: PHONE_CODE.maxAttempts, TOO_MANY_ATTEMPTS: PARALLEL - PHONE_CODE.maxAttempts });
    const row = await t.db.phoneCode.findFirstOrThrow({ where: { userId: user.userId } });
    expect(row.attempts).toBe(PHONE_CODE.maxAttempts);
    const right = await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code } });
    expect([right.statusCode, right.json().error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
  });

  it('phone code: the right code on the last allowed try still works', async () => {
    const user = await signUp(t);
    await as(t, user)({ method: 'POST', url: '/api/auth/phone/send-code' });
    const code = /\b(\d{6})\b/.exec((await deliverAndRead(t, user.phone))[0]!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < PHONE_CODE.maxAttempts - 1; i++) {
      await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code: wrong } });
    }
    expect((await as(t, user)({ method: 'POST', url: '/api/auth/phone/verify', payload: { code } })).statusCode).toBe(200);
  });

  it(`admin TOTP: ${PARALLEL} parallel wrong codes get exactly 5 checks`, async () => {
    const email = `ops-${Date.now()}@example.test`;
    const password = 'operations secret 9';
    await t.db.user.create({
      data: { email, name: 'Ops', role: 'admin', passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
    });
    const first = await signIn(t, email, password);
    const enrolling = { cookie: sessionCookie(first), csrf: first.json().csrfToken as string };
    const { secret } = (await as(t, enrolling)({ method: 'POST', url: '/api/admin/mfa/enrol' })).json();
    const confirmed = await as(
      t,
      enrolling,
    )({ method: 'POST', url: '/api/admin/mfa/confirm', payload: { code: totpAt(secret, Date.now()) } });
    expect(confirmed.statusCode).toBe(200);

    const second = await signIn(t, email, password);
    const s = { cookie: sessionCookie(second), csrf: second.json().csrfToken as string };
    const valid = new Set([-1, 0, 1].map((step) => totpAt(secret, Date.now() + step * 30_000)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => as(t, s)({ method: 'POST', url: '/api/admin/mfa/verify', payload: { code: wrong } })),
    );
    expect(tally(answers)).toEqual({ MFA_CODE_INVALID: 5, MFA_LOCKED: PARALLEL - 5 });
    const right = await as(t, s)({ method: 'POST', url: '/api/admin/mfa/verify', payload: { code: totpAt(secret, Date.now() + 30_000) } });
    expect([right.statusCode, right.json().error.code]).toEqual([429, 'MFA_LOCKED']);
  });

  it(`forgot password: ${PARALLEL} parallel requests for one address mail exactly ${MAILS_PER_ADDRESS_PER_HOUR.passwordReset} links`, async () => {
    const user = await signUp(t);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } }),
      ),
    );
    expect(tally(answers)).toEqual({ 202: PARALLEL });
    await runJobs(t);
    const links = await t.db.authToken.count({ where: { userId: user.userId, kind: 'password_reset' } });
    expect(links).toBe(MAILS_PER_ADDRESS_PER_HOUR.passwordReset);
  });

  it(`password reset: one link used ${PARALLEL} times at once sets the password once`, async () => {
    const user = await signUp(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const token = tokenFromLink((await deliverAndRead(t, user.email)).find((m) => m.text.includes('reset-password'))!.text);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: `new secret number ${i}` } }),
      ),
    );
    expect(tally(answers)).toEqual({ 200: 1, TOKEN_INVALID: PARALLEL - 1 });
    expect(await t.db.auditLog.count({ where: { action: 'account.password_changed', actorId: user.userId } })).toBe(1);
  });

  it(`sign-up: ${PARALLEL} parallel identical sign-ups make one account and at most ${MAILS_PER_ADDRESS_PER_HOUR.signUp} mails`, async () => {
    const body = signUpBody();
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body })),
    );
    expect(tally(answers)).toEqual({ 202: PARALLEL });
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set([JSON.stringify({ status: 'verification_sent' })]));
    expect(await t.db.user.count({ where: { email: body.email } })).toBe(1);
    await runJobs(t);
    const mails = await t.db.outboxMessage.count({ where: { recipient: body.email, template: 'verify-email' } });
    expect(mails).toBeGreaterThanOrEqual(1);
    expect(mails).toBeLessThanOrEqual(MAILS_PER_ADDRESS_PER_HOUR.signUp);
  });
});
