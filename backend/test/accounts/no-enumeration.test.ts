import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, deliverAndRead, runJobs, sessionCookie, signIn, signUp, signUpBody, tokenFromLink, uniqueIdentity } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

// OWASP ASVS 5.0 (L2): sign-up, sign-in and forgot-password answer the same whether or not
// the email (or phone) has an account. Compared byte for byte: status, every header but the
// request id and the date (the clock), and the body. Each request comes from its own IP,
// so the global rate-limit headers start from the same count.

let ipCounter = 0;
const nextIp = () => `192.0.2.${(ipCounter += 1)}`;

/** What a caller sees of an answer, less what differs for every request whatever the account. */
function visible(res: LightMyRequestResponse) {
  const headers: Record<string, unknown> = { ...res.headers };
  delete headers['x-request-id'];
  delete headers.date;
  let body = res.rawPayload.toString('utf8');
  const requestId = res.headers['x-request-id'];
  if (typeof requestId === 'string') body = body.replaceAll(requestId, '<request id>');
  return { status: res.statusCode, headers, body };
}

describe('no account enumeration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as never, remoteAddress: nextIp() });
  // Sorted: messages delivered in the same pass may share a timestamp.
  const mailsTo = async (recipient: string) => (await deliverAndRead(t, recipient)).map((m) => m.subject).sort();

  it('sign-up answers the same for a new address, a taken one, an unverified one, and a taken phone', async () => {
    const verified = await signUp(t); // verified through its link
    const unverified = signUpBody();
    expect((await post('/api/auth/sign-up', unverified)).statusCode).toBe(202);
    await deliverAndRead(t, unverified.email);

    const fresh = signUpBody();
    const takenPhoneBody = signUpBody({ phone: verified.phone });
    const answers = {
      fresh: await post('/api/auth/sign-up', fresh),
      verifiedAddress: await post('/api/auth/sign-up', signUpBody({ email: verified.email })),
      verifiedAddressSamePassword: await post('/api/auth/sign-up', signUpBody({ email: verified.email, password: verified.password })),
      unverifiedRetry: await post('/api/auth/sign-up', unverified),
      unverifiedOtherPassword: await post('/api/auth/sign-up', { ...unverified, password: 'someone else entirely' }),
      takenPhone: await post('/api/auth/sign-up', takenPhoneBody),
      takenBoth: await post('/api/auth/sign-up', signUpBody({ email: verified.email, phone: verified.phone })),
    };
    const expected = visible(answers.fresh);
    expect(expected.status).toBe(202);
    expect(JSON.parse(expected.body)).toEqual({ status: 'verification_sent' });
    expect(expected.headers['set-cookie']).toBeUndefined();
    for (const [name, res] of Object.entries(answers)) expect(visible(res), name).toEqual(expected);

    // What differs is the mail each address receives.
    expect(await mailsTo(fresh.email)).toEqual(['Confirmez votre adresse e-mail']);
    expect(await mailsTo(verified.email)).toEqual([
      'Confirmez votre adresse e-mail',
      'Vous avez déjà un compte Khadamat',
      'Vous avez déjà un compte Khadamat',
      'Vous avez déjà un compte Khadamat',
    ]);
    // The retry re-sent the verification; the other password got the "already an account" note.
    expect(await mailsTo(unverified.email)).toEqual([
      'Confirmez votre adresse e-mail',
      'Confirmez votre adresse e-mail',
      'Vous avez déjà un compte Khadamat',
    ]);
    // A taken phone on a new address: the account is made without it, and nobody is told.
    const withoutPhone = await t.db.user.findUniqueOrThrow({ where: { email: takenPhoneBody.email } });
    expect(withoutPhone.phone).toBeNull();
    expect(await mailsTo(takenPhoneBody.email)).toEqual(['Confirmez votre adresse e-mail']);
    expect(await mailsTo(verified.phone)).toEqual([]);
    expect(await t.db.user.count({ where: { email: { in: [verified.email, unverified.email] } } })).toBe(2);
  });

  it('the "already an account" mail exists in French, Arabic and English, with sign-in and reset links', async () => {
    for (const locale of ['fr', 'ar', 'en'] as const) {
      const owner = await signUp(t, { locale });
      await post('/api/auth/sign-up', signUpBody({ email: owner.email, locale: 'fr' }));
      const [mail] = await deliverAndRead(t, owner.email);
      expect(mail!.subject).toBe(
        { fr: 'Vous avez déjà un compte Khadamat', ar: 'لديك حساب على Khadamat بالفعل', en: 'You already have a Khadamat account' }[locale],
      );
      expect(mail!.text).toContain('http://localhost:5173/sign-in');
      expect(mail!.text).toContain('http://localhost:5173/forgot-password');
      expect(mail!.html).toContain(`lang="${locale}"`);
    }
  });

  it('a retried sign-up after a lost answer finishes the same account: its new link verifies and signs in', async () => {
    const body = signUpBody({ role: 'provider' });
    expect((await post('/api/auth/sign-up', body)).statusCode).toBe(202);
    // The answer was lost: the member sends the same form again.
    expect((await post('/api/auth/sign-up', body)).statusCode).toBe(202);
    expect(await t.db.user.count({ where: { email: body.email } })).toBe(1);
    const mails = await deliverAndRead(t, body.email);
    expect(mails).toHaveLength(2);
    const res = await post('/api/auth/verify-email', { token: tokenFromLink(mails[0]!.text) });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: body.email, role: 'provider', emailVerified: true });
    const session = { cookie: sessionCookie(res), csrf: res.json().csrfToken };
    expect((await as(t, session)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    // The older link works too (it proves the same address), once.
    expect((await post('/api/auth/verify-email', { token: tokenFromLink(mails[1]!.text) })).statusCode).toBe(200);
  });

  it('forgot-password answers byte for byte the same for a known and an unknown address, and only the known one gets a mail', async () => {
    const user = await signUp(t);
    const unknown = `ghost-${uniqueIdentity().email}`;
    const known = await post('/api/auth/password/forgot', { email: user.email });
    const ghost = await post('/api/auth/password/forgot', { email: unknown });
    expect(visible(known)).toEqual(visible(ghost));
    expect(known.statusCode).toBe(202);
    // The request only queued a job: no link exists yet for either.
    expect(await t.db.authToken.count({ where: { userId: user.userId, kind: 'password_reset' } })).toBe(0);
    await runJobs(t);
    expect(await t.db.authToken.count({ where: { userId: user.userId, kind: 'password_reset' } })).toBe(1);
    expect((await mailsTo(user.email)).filter((s) => s === 'Réinitialisation de votre mot de passe')).toHaveLength(1);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it('sign-in answers byte for byte the same for an unknown email and a wrong password', async () => {
    const user = await signUp(t);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: user.email, password: 'wrong password!' },
      remoteAddress: nextIp(),
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: `nobody-${uniqueIdentity().email}`, password: 'wrong password!' },
      remoteAddress: nextIp(),
    });
    expect(wrong.statusCode).toBe(401);
    expect(visible(unknown)).toEqual(visible(wrong));
    expect((await signIn(t, user.email, user.password)).statusCode).toBe(200);
  });
});
