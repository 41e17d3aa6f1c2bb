import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Audit from '../../src/modules/audit/audit.service';
import type * as Jobs from '../../src/platform/jobs/jobs';
import { as, deliverAndRead, signIn, signUp, signUpBody, tokenFromLink, verificationToken } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

// Fault injection: the outbox insert (enqueueJob) and the audit insert (recordAudit) can be
// made to fail. Each multi-row write of the accounts module is one transaction with its
// audit event and its outbox messages, so a failure at any step leaves nothing half made.
const faults = vi.hoisted(() => ({ outbox: false, auditAction: null as string | null }));

vi.mock('../../src/platform/jobs/jobs', async (importOriginal) => {
  const actual = await importOriginal<typeof Jobs>();
  return {
    ...actual,
    enqueueJob: async (input: Parameters<typeof actual.enqueueJob>[0]) => {
      if (faults.outbox) throw new Error('injected: outbox insert failed');
      return actual.enqueueJob(input);
    },
  };
});

vi.mock('../../src/modules/audit/audit.service', async (importOriginal) => {
  const actual = await importOriginal<typeof Audit>();
  return {
    ...actual,
    recordAudit: async (input: Parameters<typeof actual.recordAudit>[0]) => {
      if (faults.auditAction === input.action) throw new Error(`injected: audit of ${input.action} failed`);
      return actual.recordAudit(input);
    },
  };
});

describe('accounts writes are atomic', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => {
    faults.outbox = false;
    faults.auditAction = null;
  });

  it('sign-up: the outbox insert failing after the user row is written leaves no user, no audit event, no message', async () => {
    const body = signUpBody({ role: 'provider' });
    faults.outbox = true;
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body });
    expect([res.statusCode, res.json().error.code]).toEqual([500, 'INTERNAL_ERROR']);
    expect(await t.db.user.count({ where: { email: body.email } })).toBe(0);
    expect(await t.db.providerProfile.count({ where: { user: { email: body.email } } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: 'account.sign_up', detail: { contains: '"role":"provider"' } } })).toBe(0);

    // Sent again once the fault is gone, the same sign-up makes the whole account.
    faults.outbox = false;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body })).statusCode).toBe(202);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: body.email }, include: { providerProfile: true } });
    expect(user.providerProfile).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'account.sign_up', actorId: user.id } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { channel: 'job', payload: { contains: user.id } } })).toBe(1);
  });

  it('sign-up: the audit insert failing leaves no user either', async () => {
    const body = signUpBody();
    faults.auditAction = 'account.sign_up';
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body })).statusCode).toBe(500);
    expect(await t.db.user.count({ where: { email: body.email } })).toBe(0);
  });

  it('account deletion: a failure at its audit event leaves the account and its sessions untouched', async () => {
    const user = await signUp(t);
    faults.auditAction = 'account.deleted';
    const res = await as(t, user)({ method: 'DELETE', url: '/api/me', payload: { password: user.password } });
    expect(res.statusCode).toBe(500);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(row).toMatchObject({ email: user.email, deletedAt: null });
    expect(row.passwordHash).not.toBeNull();
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
  });

  it('email verification: a failure leaves the link usable, the address unverified and no session', async () => {
    const body = signUpBody();
    await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: body });
    const token = await verificationToken(t, body.email);
    faults.auditAction = 'account.email_verified';
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } })).statusCode).toBe(500);
    const row = await t.db.user.findUniqueOrThrow({ where: { email: body.email } });
    expect(row.emailVerifiedAt).toBeNull();
    expect(await t.db.session.count({ where: { userId: row.id } })).toBe(0);
    faults.auditAction = null;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } })).statusCode).toBe(200);
  });

  it('password reset: a failure leaves the link usable and the old password working', async () => {
    const user = await signUp(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email: user.email } });
    const token = tokenFromLink((await deliverAndRead(t, user.email)).find((m) => m.text.includes('reset-password'))!.text);
    faults.auditAction = 'account.password_changed';
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password/reset',
      payload: { token, password: 'a brand new secret' },
    });
    expect(failed.statusCode).toBe(500);
    expect((await as(t, user)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    expect((await signIn(t, user.email, user.password)).statusCode).toBe(200);
    faults.auditAction = null;
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password: 'a brand new secret' } });
    expect(ok.statusCode).toBe(200);
  });
});
