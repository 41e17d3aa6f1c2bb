import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEnv } from '../../src/config/env';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { totpAt } from '../../src/modules/accounts/totp';
import { openTotpSecret } from '../../src/modules/accounts/totp-secret';
import { sessionCookie } from '../support/accounts';
import { createTestApp, restartTestApp, type TestApp } from '../support/test-app';

// TOTP secrets are sealed with DATA_ENCRYPTION_KEYS, not SESSION_SECRET: rotating either
// keeps second factors working, and a secret that cannot be opened any more is a clear
// 409 with an audit event, never a 500.

const ADMIN_NET = '10.20.0.0/16';
const INSIDE = '10.20.1.5';
const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;
const env = (extra: Record<string, string> = {}) => ({ ADMIN_IP_ALLOWLIST: ADMIN_NET, DATA_ENCRYPTION_KEYS: K1, ...extra });

/** The pre-key-ring sealing, byte for byte (AES-256-GCM under sha256("khadamat:seal:" + SESSION_SECRET)). */
function legacySeal(plain: string, sessionSecret: string): string {
  const key = createHash('sha256').update(`khadamat:seal:${sessionSecret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

let n = 0;
async function createAdmin(t: TestApp, data: { totpSecret?: string; totpEnabledAt?: Date } = {}) {
  n += 1;
  const email = `keys-${n}-${randomBytes(3).toString('hex')}@example.test`;
  const password = `operations secret ${n}`;
  const user = await t.db.user.create({
    data: { email, name: 'Ops', role: 'admin', passwordHash: await hashPassword(password), emailVerifiedAt: new Date(), ...data },
  });
  return { id: user.id, email, password };
}

async function signIn(t: TestApp, admin: { email: string; password: string }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: admin, remoteAddress: INSIDE });
  expect(res.statusCode).toBe(200);
  return { cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
}

const post = (t: TestApp, s: { cookie: string; csrf: string }, url: string, payload?: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as never,
    remoteAddress: INSIDE,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });

/** An admin enrolled through the API (sealed by `t`'s key ring); the enrolment used the current TOTP step. */
async function enrolledAdmin(t: TestApp) {
  const admin = await createAdmin(t);
  const s = await signIn(t, admin);
  const { secret } = (await post(t, s, '/api/admin/mfa/enrol')).json() as { secret: string };
  const confirm = await post(t, s, '/api/admin/mfa/confirm', { code: totpAt(secret, Date.now()) });
  expect(confirm.statusCode).toBe(200);
  return { ...admin, secret, recoveryCodes: confirm.json().recoveryCodes as string[] };
}

const storedSecret = async (t: TestApp, id: string) => (await t.db.user.findUniqueOrThrow({ where: { id } })).totpSecret!;
const auditOf = (t: TestApp, actorId: string, action: string) => t.db.auditLog.findMany({ where: { actorId, action } });

describe('TOTP secrets under the data key ring', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(env());
  });
  afterAll(() => t.close());

  it('seals with the current key, and after a rotation to k2,k1 re-seals with k2 on the next verification', async () => {
    const admin = await enrolledAdmin(t);
    expect(await storedSecret(t, admin.id)).toMatch(/^v1\.k1\./);

    const rotated = await restartTestApp(t, env({ DATA_ENCRYPTION_KEYS: `${K2},${K1}` }));
    try {
      const s = await signIn(rotated, admin);
      const res = await post(rotated, s, '/api/admin/mfa/verify', { code: totpAt(admin.secret, Date.now() + 30_000) });
      expect([res.statusCode, res.json().mfa]).toEqual([200, 'verified']);
      const stored = await storedSecret(t, admin.id);
      expect(stored).toMatch(/^v1\.k2\./);
      // k1 can now leave the ring: the secret opens with k2 alone.
      const k2Only = validateEnv({ DATA_ENCRYPTION_KEYS: K2 });
      expect(openTotpSecret(k2Only, admin.id, stored)).toEqual({ secret: admin.secret, needsReseal: false });
    } finally {
      await rotated.close();
    }
  });

  it('keeps verifying when SESSION_SECRET changes', async () => {
    const admin = await enrolledAdmin(t);
    const restarted = await restartTestApp(t, env({ SESSION_SECRET: 'a-rotated-session-secret-with-nothing-in-common' }));
    try {
      const s = await signIn(restarted, admin);
      const res = await post(restarted, s, '/api/admin/mfa/verify', { code: totpAt(admin.secret, Date.now() + 30_000) });
      expect([res.statusCode, res.json().mfa]).toEqual([200, 'verified']);
    } finally {
      await restarted.close();
    }
  });

  it('answers 409 MFA_SECRET_UNREADABLE with an audit event when the key was removed from the ring; recovery codes still work', async () => {
    const admin = await enrolledAdmin(t);
    const withoutK1 = await restartTestApp(t, env({ DATA_ENCRYPTION_KEYS: K2 }));
    try {
      const s = await signIn(withoutK1, admin);
      const res = await post(withoutK1, s, '/api/admin/mfa/verify', { code: totpAt(admin.secret, Date.now() + 30_000) });
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'MFA_SECRET_UNREADABLE']);
      expect(res.json().error.message).toMatch(/ask another administrator to reset your second factor/);
      expect(res.body).not.toContain(admin.secret);

      const events = await auditOf(t, admin.id, 'mfa.secret_unreadable');
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.detail)).toEqual({ format: 'v1', reason: 'unknown_key', keyId: 'k1' });
      expect(events[0]!.detail).not.toContain(admin.secret);
      expect(await storedSecret(t, admin.id)).toMatch(/^v1\.k1\./); // left as it was: putting k1 back restores it

      const recovery = await post(withoutK1, s, '/api/admin/mfa/verify', { recoveryCode: admin.recoveryCodes[0] });
      expect([recovery.statusCode, recovery.json().mfa]).toEqual([200, 'verified']);
    } finally {
      await withoutK1.close();
    }
  });

  it('refuses a sealed secret copied onto another admin', async () => {
    const victim = await enrolledAdmin(t);
    const copy = await createAdmin(t, { totpSecret: await storedSecret(t, victim.id), totpEnabledAt: new Date() });
    const s = await signIn(t, copy);
    const res = await post(t, s, '/api/admin/mfa/verify', { code: totpAt(victim.secret, Date.now() + 30_000) });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'MFA_SECRET_UNREADABLE']);
    const [event] = await auditOf(t, copy.id, 'mfa.secret_unreadable');
    expect(JSON.parse(event!.detail)).toEqual({ format: 'v1', reason: 'authentication_failed', keyId: 'k1' });
  });

  describe('rows sealed before the key ring (SESSION_SECRET-derived key)', () => {
    it('still open, and are re-sealed with the current data key on their first successful use', async () => {
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const admin = await createAdmin(t, { totpSecret: legacySeal(secret, t.config.sessionSecret), totpEnabledAt: new Date() });
      const s = await signIn(t, admin);

      expect((await post(t, s, '/api/admin/mfa/verify', { code: '000000' })).json().error.code).toBe('MFA_CODE_INVALID');
      expect(await storedSecret(t, admin.id)).not.toMatch(/^v1\./); // a failed try changes nothing

      const res = await post(t, s, '/api/admin/mfa/verify', { code: totpAt(secret, Date.now()) });
      expect([res.statusCode, res.json().mfa]).toEqual([200, 'verified']);
      const stored = await storedSecret(t, admin.id);
      expect(stored).toMatch(/^v1\.k1\./);
      expect(openTotpSecret(t.config, admin.id, stored)).toEqual({ secret, needsReseal: false });
    });

    it('answer 409 MFA_SECRET_UNREADABLE with an audit event when SESSION_SECRET changed before their first use', async () => {
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const admin = await createAdmin(t, {
        totpSecret: legacySeal(secret, 'the-session-secret-of-another-era'),
        totpEnabledAt: new Date(),
      });
      const s = await signIn(t, admin);
      const res = await post(t, s, '/api/admin/mfa/verify', { code: totpAt(secret, Date.now()) });
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'MFA_SECRET_UNREADABLE']);
      const [event] = await auditOf(t, admin.id, 'mfa.secret_unreadable');
      expect(JSON.parse(event!.detail)).toEqual({ format: 'legacy', reason: 'authentication_failed', keyId: null });
    });
  });
});
