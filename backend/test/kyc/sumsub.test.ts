import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kycJobs } from '../../src/modules/kyc/kyc.jobs';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, type TestSession } from '../support/accounts';
import { startFakeSumsub, type FakeSumsub } from '../support/fake-sumsub';
import { restartTestApp } from '../support/test-app';
import { createUploadTestApp, type UploadTestApp } from '../uploads/upload-helpers';
import { completeOnboarding, newProvider } from './kyc-helpers';

describe('provider verification through Sumsub (a local server speaking its API)', () => {
  let t: UploadTestApp;
  let sumsub: FakeSumsub;
  let webhookUrl: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    sumsub = await startFakeSumsub();
    env = {
      KYC_PROVIDER: 'sumsub',
      KYC_API_BASE_URL: sumsub.url,
      KYC_API_KEY: sumsub.appToken,
      KYC_API_SECRET: sumsub.secretKey,
      KYC_WEBHOOK_SECRET: sumsub.webhookSecret,
      KYC_LEVEL_NAME: 'khadamat-providers',
    };
    t = await createUploadTestApp(env);
    await seedDatabase({ db: t.db, demo: false });
    // Listening for real: the vendor's webhooks come over HTTP.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    webhookUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/webhooks/kyc`;
  });
  afterAll(async () => {
    await t.close();
    await sumsub.close();
  });

  const runJobs = () => runDueJobs({ db: t.db, jobs: kycJobs({ db: t.db, redis: t.redis, config: t.config }) });
  const profileOf = (userId: string) => t.db.providerProfile.findUniqueOrThrow({ where: { userId } });

  /** A provider whose file was sent to the vendor: in review, with its applicant. */
  async function inReview(): Promise<{ provider: TestSession; applicantId: string; profileId: string }> {
    const provider = await newProvider(t);
    await completeOnboarding(t, provider);
    expect((await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' })).json()).toEqual({ status: 'submitted' });
    await runJobs();
    const profile = await profileOf(provider.userId);
    expect(profile.kycStatus).toBe('in_review');
    return { provider, applicantId: profile.kycApplicantId!, profileId: profile.id };
  }

  it('sends a submitted file to the vendor with signed requests: applicant, both ID sides and the selfie, check requested', async () => {
    const { provider, applicantId } = await inReview();
    const applicant = sumsub.applicants.get(applicantId)!;
    expect(applicant).toMatchObject({
      externalUserId: provider.userId,
      levelName: 'khadamat-providers',
      review: { reviewStatus: 'pending' },
    });
    expect(applicant.documents.map((d) => [d.idDocType, d.idDocSubType ?? null, d.country])).toEqual(
      expect.arrayContaining([
        ['ID_CARD', 'FRONT_SIDE', 'MAR'],
        ['ID_CARD', 'BACK_SIDE', 'MAR'],
        ['SELFIE', null, 'MAR'],
      ]),
    );
    expect(applicant.documents.every((d) => d.bytes > 0)).toBe(true);
    expect(sumsub.refused).toBe(0);
  });

  it('refuses a webhook whose signature does not match its raw body (400) and writes nothing', async () => {
    const { applicantId, profileId } = await inReview();
    sumsub.decide(applicantId, 'GREEN');
    const body = sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:00:00.000');
    const before = await t.db.auditLog.count();
    const attempts = [
      await sumsub.sendWebhook(webhookUrl, body, { secret: 'not-the-secret' }),
      await sumsub.sendWebhook(webhookUrl, body, { digest: 'zz-not-hex' }),
      await sumsub.sendWebhook(webhookUrl, body, { algorithm: 'HMAC_MD5_HEX' }),
      // Signed, then changed on the way: the digest is over the exact bytes.
      await sumsub.sendWebhook(webhookUrl, Buffer.from(body.toString().replace('applicantReviewed', 'applicantReviewed ')), {
        digest: (await import('node:crypto')).createHmac('sha256', sumsub.webhookSecret).update(body).digest('hex'),
      }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(400);
      expect(JSON.parse(attempt.body).error.code).toBe('KYC_WEBHOOK_SIGNATURE_INVALID');
    }
    expect(await t.db.kycWebhookEvent.count({ where: { applicantId } })).toBe(0);
    expect(await t.db.auditLog.count()).toBe(before);
    expect((await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } })).kycStatus).toBe('in_review');
  });

  it('applies a repeated event once: one transition, one audit event, one mail', async () => {
    const { provider, applicantId, profileId } = await inReview();
    sumsub.decide(applicantId, 'GREEN');
    const body = sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:01:00.000');
    const first = await sumsub.sendWebhook(webhookUrl, body);
    const second = await sumsub.sendWebhook(webhookUrl, body);
    const parallel = await Promise.all([sumsub.sendWebhook(webhookUrl, body), sumsub.sendWebhook(webhookUrl, body)]);
    expect(JSON.parse(first.body)).toEqual({ received: true, duplicate: false });
    expect(JSON.parse(second.body)).toEqual({ received: true, duplicate: true });
    expect(parallel.map((p) => [p.status, JSON.parse(p.body).duplicate])).toEqual([
      [200, true],
      [200, true],
    ]);
    const profile = await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } });
    expect(profile).toMatchObject({ kycStatus: 'verified' });
    expect(profile.identityVerifiedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { subjectId: profileId, action: 'kyc.approve' } })).toBe(1);
    const mails = await t.db.outboxMessage.findMany({ where: { recipient: provider.email, template: 'kyc-status' } });
    expect(mails.filter((m) => JSON.parse(m.payload).status === 'verified')).toHaveLength(1);
    expect(await t.db.kycWebhookEvent.count({ where: { applicantId } })).toBe(1);
  });

  it('converges whatever the order: a late, older event changes nothing after the decision', async () => {
    const { provider, applicantId, profileId } = await inReview();
    const olderPending = sumsub.event(applicantId, 'applicantPending', '2026-12-03 08:02:00.000');
    sumsub.decide(applicantId, 'RED', { comment: 'Le selfie ne correspond pas à la pièce' });
    const reviewed = sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:03:00.000');
    // The newer event arrives first…
    expect((await sumsub.sendWebhook(webhookUrl, reviewed)).status).toBe(200);
    const rejected = await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } });
    expect(rejected).toMatchObject({ kycStatus: 'rejected', kycReason: 'Le selfie ne correspond pas à la pièce' });
    // …then the older one: acknowledged, stored, no effect.
    expect(JSON.parse((await sumsub.sendWebhook(webhookUrl, olderPending)).body)).toEqual({ received: true, duplicate: false });
    expect((await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } })).kycStatus).toBe('rejected');
    expect(await t.db.auditLog.count({ where: { subjectId: profileId, action: { in: ['kyc.reject', 'kyc.approve'] } } })).toBe(1);

    // The provider corrects and resubmits: the same applicant gets the new documents; an
    // old "reviewed" event replayed now reads the vendor's current (pending) review.
    const upload = await as(t, provider)({ method: 'GET', url: '/api/kyc/me' });
    expect(upload.json()).toMatchObject({ status: 'rejected', actions: ['submit'] });
    expect((await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' })).json()).toEqual({ status: 'submitted' });
    await runJobs();
    expect((await profileOf(provider.userId)).kycApplicantId).toBe(applicantId);
    expect((await sumsub.sendWebhook(webhookUrl, sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:03:00.001'))).status).toBe(
      200,
    );
    expect((await profileOf(provider.userId)).kycStatus).toBe('in_review');
    sumsub.decide(applicantId, 'GREEN');
    await sumsub.sendWebhook(webhookUrl, sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:04:00.000'));
    expect((await profileOf(provider.userId)).kycStatus).toBe('verified');
  });

  it('refuses a decision that arrives before the file is recorded in review (409, nothing stored); the retry applies it', async () => {
    const { applicantId, profileId } = await inReview();
    // As if the check-start job were between its vendor call and its own transaction.
    await t.db.providerProfile.update({ where: { id: profileId }, data: { kycStatus: 'submitted' } });
    sumsub.decide(applicantId, 'GREEN');
    const body = sumsub.event(applicantId, 'applicantReviewed', '2026-12-03 08:05:00.000');
    const early = await sumsub.sendWebhook(webhookUrl, body);
    expect(early.status).toBe(409);
    expect(JSON.parse(early.body).error.code).toBe('KYC_WEBHOOK_EARLY');
    expect(await t.db.kycWebhookEvent.count({ where: { applicantId } })).toBe(0);
    await t.db.providerProfile.update({ where: { id: profileId }, data: { kycStatus: 'in_review' } });
    expect(JSON.parse((await sumsub.sendWebhook(webhookUrl, body)).body)).toEqual({ received: true, duplicate: false });
    expect((await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } })).kycStatus).toBe('verified');
  });

  it('takes vendor webhooks outside the per-IP rate limit', async () => {
    const limited = await restartTestApp(t, { ...env, UPLOAD_STORAGE_DIR: t.storageDir, RATE_LIMIT_MAX: '3' });
    try {
      const remoteAddress = '198.51.100.20';
      const hooks = [];
      for (let i = 0; i < 6; i++) {
        hooks.push(
          (
            await limited.app.inject({
              method: 'POST',
              url: '/api/webhooks/kyc',
              remoteAddress,
              payload: '{}',
              headers: { 'content-type': 'application/json' },
            })
          ).statusCode,
        );
      }
      expect(hooks).toEqual([400, 400, 400, 400, 400, 400]);
      const api = [];
      for (let i = 0; i < 5; i++) api.push((await limited.app.inject({ method: 'GET', url: '/api/categories', remoteAddress })).statusCode);
      expect(api).toContain(429);
    } finally {
      await limited.close();
    }
  });
});
