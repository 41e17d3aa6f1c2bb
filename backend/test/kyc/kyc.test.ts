import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLink } from '../../src/modules/kyc/kyc.service';
import { kycJobs } from '../../src/modules/kyc/kyc.jobs';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, signUp, type TestSession } from '../support/accounts';
import { createUploadTestApp, signInAdmin, storedFiles, type UploadTestApp } from '../uploads/upload-helpers';
import { completeOnboarding, newProvider, publishService, uploadDocument } from './kyc-helpers';

describe('provider verification (manual review)', () => {
  let t: UploadTestApp;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createUploadTestApp({ KYC_PROVIDER: 'manual', KYC_DOCUMENT_RETENTION_DAYS: '30' });
    await seedDatabase({ db: t.db, demo: false });
    admin = { ...(await signInAdmin(t)), email: '', password: '', phone: '' };
  });
  afterAll(() => t.close());

  const adminCall = (path: string, payload?: unknown) =>
    as(
      t,
      admin,
    )({ method: payload === undefined && !path.includes('/providers/') ? 'GET' : 'POST', url: `/api/admin/kyc${path}`, payload });
  const move = (profileId: string, action: string, payload: unknown = {}) =>
    as(t, admin)({ method: 'POST', url: `/api/admin/kyc/providers/${profileId}/${action}`, payload });
  const approve = (profileId: string, certificateVerified = false) =>
    move(profileId, 'approve', {
      checklist: { documentsReadable: true, nameMatches: true, selfieMatches: true, notExpired: true },
      certificateVerified,
    });
  const me = async (provider: TestSession) => (await as(t, provider)({ method: 'GET', url: '/api/kyc/me' })).json();
  const searchSlugs = async (q: string) =>
    (
      (await t.app.inject({ method: 'GET', url: `/api/search/services?q=${encodeURIComponent(q)}` })).json().results as { slug: string }[]
    ).map((s) => s.slug);
  const queued = (recipient: string) =>
    t.db.outboxMessage.findMany({ where: { recipient, template: 'kyc-status' }, orderBy: { createdAt: 'asc' } });

  it('takes a new provider from onboarding to verified: only then are their services listed, with badges', async () => {
    const provider = await newProvider(t, { locale: 'ar' });
    const slug = await publishService(t, provider, 'Réparation de chauffe-eau solaire');
    // Email and phone verified, published: still not listed before the identity check.
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${slug}` })).statusCode).toBe(404);
    expect(await searchSlugs('chauffe-eau solaire')).not.toContain(slug);

    const start = await me(provider);
    expect(start).toMatchObject({ status: 'draft', actions: ['submit'], completedSteps: [] });
    expect(start.missing).toEqual(['profile', 'id_front', 'id_back', 'selfie']);
    await completeOnboarding(t, provider);
    const ready = await me(provider);
    expect(ready.completedSteps).toEqual(['profile', 'identity']);
    expect(ready.missing).toEqual([]);

    const submitted = await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
    expect(submitted.json()).toEqual({ status: 'submitted' });
    const profileId = ready.providerId as string;
    const queue = (await adminCall('/queue?status=submitted')).json().items;
    expect(queue).toContainEqual(
      expect.objectContaining({ providerId: profileId, documentTypes: expect.arrayContaining(['id_front', 'id_back', 'selfie']) }),
    );

    expect((await move(profileId, 'start-review')).json()).toEqual({ status: 'in_review' });
    const file = (await as(t, admin)({ method: 'GET', url: `/api/admin/kyc/providers/${profileId}` })).json();
    expect(file).toMatchObject({ status: 'in_review', actions: ['approve', 'reject'] });
    expect(file.documents).toHaveLength(3);
    expect((await approve(profileId, true)).json()).toEqual({ status: 'verified' });

    expect((await t.app.inject({ method: 'GET', url: `/api/services/${slug}` })).statusCode).toBe(200);
    expect(await searchSlugs('chauffe-eau solaire')).toContain(slug);
    const card = (await t.app.inject({ method: 'GET', url: `/api/search/services?q=chauffe-eau%20solaire` })).json().results[0];
    expect(card.provider.badges).toEqual({ identityVerified: true, phoneVerified: true, certificateVerified: true });
    const page = (await t.app.inject({ method: 'GET', url: `/api/providers/${profileId}` })).json();
    expect(page).toMatchObject({ skills: ['plomberie', 'chauffe-eau'], yearsExperience: 8, badges: { identityVerified: true } });
    // The public page says nothing of the documents.
    expect(JSON.stringify(page)).not.toMatch(/id_front|selfie|kyc/);

    // Every move: mail and SMS in the member's language, and an audit event.
    const messages = await queued(provider.email);
    expect(messages.map((m) => [JSON.parse(m.payload).status, m.locale])).toEqual([
      ['submitted', 'ar'],
      ['in_review', 'ar'],
      ['verified', 'ar'],
    ]);
    expect(await t.db.outboxMessage.count({ where: { recipient: provider.phone, template: 'kyc-status' } })).toBe(3);
    // And the bell, in Arabic, newest first.
    const bell = await t.db.inAppNotification.findMany({ where: { userId: provider.userId }, orderBy: { createdAt: 'desc' } });
    expect(bell.map((n) => n.kind)).toEqual(['verification.verified', 'verification.in_review', 'verification.submitted']);
    expect(bell[0]!.title).toMatch(/[\u0600-\u06FF]/);
    const audit = await t.db.auditLog.findMany({
      where: { subjectId: profileId, action: { in: ['kyc.submit', 'kyc.start_review', 'kyc.approve'] } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(['kyc.approve', 'kyc.start_review', 'kyc.submit']);
  });

  it('rejects with a reason the provider reads, then takes a corrected resubmission', async () => {
    const provider = await newProvider(t);
    await completeOnboarding(t, provider);
    const profileId = (await me(provider)).providerId as string;
    await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
    await move(profileId, 'start-review');
    const short = await move(profileId, 'reject', { reason: 'x' });
    expect(short.statusCode).toBe(400);
    const rejected = await move(profileId, 'reject', { reason: 'La photo du recto est floue' });
    expect(rejected.json()).toEqual({ status: 'rejected' });
    const seen = await me(provider);
    expect(seen).toMatchObject({ status: 'rejected', reason: 'La photo du recto est floue', actions: ['submit'] });
    expect(JSON.parse((await queued(provider.email)).at(-1)!.payload)).toMatchObject({
      status: 'rejected',
      reason: 'La photo du recto est floue',
    });

    // A new front photo, then the file again.
    const uploadId = await uploadDocument(t, provider, 20);
    expect((await as(t, provider)({ method: 'PUT', url: '/api/kyc/me/documents/id_front', payload: { uploadId } })).statusCode).toBe(200);
    expect((await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' })).json()).toEqual({ status: 'submitted' });
    expect((await me(provider)).reason).toBeNull();
    await move(profileId, 'start-review');
    expect((await approve(profileId)).json()).toEqual({ status: 'verified' });
  });

  it('answers 409 with a stable code for every move from the wrong state, and changes nothing', async () => {
    const provider = await newProvider(t);
    const profileId = (await me(provider)).providerId as string;
    const expectConflict = async (res: { statusCode: number; json: () => { error: { code: string } } }) => {
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('KYC_TRANSITION_NOT_ALLOWED');
    };
    // draft
    await expectConflict(await move(profileId, 'start-review'));
    await expectConflict(await approve(profileId));
    await expectConflict(await move(profileId, 'reject', { reason: 'Pas encore' }));
    await expectConflict(await move(profileId, 'suspend', { reason: 'Pas encore' }));
    await expectConflict(await move(profileId, 'reinstate'));
    // Incomplete: a clear 400 naming what is missing.
    const incomplete = await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({
      code: 'KYC_INCOMPLETE',
      details: { missing: ['profile', 'id_front', 'id_back', 'selfie'] },
    });

    await completeOnboarding(t, provider);
    await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
    // submitted
    await expectConflict(await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' }));
    await expectConflict(await approve(profileId));
    // Documents are locked from submission until a rejection.
    const uploadId = await uploadDocument(t, provider, 30);
    const locked = await as(t, provider)({ method: 'PUT', url: '/api/kyc/me/documents/selfie', payload: { uploadId } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('KYC_DOCUMENTS_LOCKED');
    await move(profileId, 'start-review');
    // in_review
    await expectConflict(await move(profileId, 'start-review'));
    await expectConflict(await move(profileId, 'suspend', { reason: 'Pas encore' }));
    await approve(profileId);
    // verified
    await expectConflict(await approve(profileId));
    await expectConflict(await move(profileId, 'reinstate'));
    await expectConflict(await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' }));
    expect((await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } })).kycStatus).toBe('verified');
  });

  it('only lets the provider move their own file, and only admins decide', async () => {
    const provider = await newProvider(t);
    const client = await signUp(t, { role: 'client' });
    const profileId = (await me(provider)).providerId as string;
    expect((await as(t, provider)({ method: 'POST', url: `/api/admin/kyc/providers/${profileId}/start-review` })).statusCode).toBe(403);
    expect((await as(t, client)({ method: 'GET', url: '/api/kyc/me' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/kyc/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/kyc/queue' })).statusCode).toBe(401);
  });

  it('refuses the admin queue from outside the admin networks, even to a signed-in admin', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/kyc/queue',
      remoteAddress: '203.0.113.50',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ADMIN_NETWORK_FORBIDDEN');
  });

  it('suspends: out of search at once and signed out everywhere; reinstating brings the services back', async () => {
    const provider = await newProvider(t);
    await completeOnboarding(t, provider);
    const profileId = (await me(provider)).providerId as string;
    await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
    await move(profileId, 'start-review');
    await approve(profileId);
    const slug = await publishService(t, provider, 'Installation de robinetterie thermostatique');
    // Warm the search cache first: the suspension must not be served from it.
    expect(await searchSlugs('robinetterie thermostatique')).toContain(slug);

    expect((await move(profileId, 'suspend', { reason: 'Plaintes de clients' })).json()).toEqual({ status: 'suspended' });
    expect(await searchSlugs('robinetterie thermostatique')).not.toContain(slug);
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${slug}` })).statusCode).toBe(404);
    expect((await as(t, provider)({ method: 'GET', url: '/api/kyc/me' })).statusCode).toBe(401);
    expect(await t.db.session.count({ where: { userId: provider.userId } })).toBe(0);

    expect((await move(profileId, 'reinstate')).json()).toEqual({ status: 'verified' });
    expect(await searchSlugs('robinetterie thermostatique')).toContain(slug);
  });

  describe('documents', () => {
    let owner: TestSession;
    let documentId: string;
    let uploadId: string;
    beforeAll(async () => {
      owner = await newProvider(t);
      await completeOnboarding(t, owner);
      const doc = (await me(owner)).documents.find((d: { type: string }) => d.type === 'id_front');
      documentId = doc.id;
      uploadId = (await t.db.kycDocument.findUniqueOrThrow({ where: { id: documentId } })).uploadId;
    });

    it('are never public files: the upload answers with an authorised route, not /files', async () => {
      const row = await t.db.upload.findUniqueOrThrow({ where: { id: uploadId } });
      expect(row.visibility).toBe('private');
      expect((await t.app.inject({ method: 'GET', url: `/files/${row.storageKey}` })).statusCode).toBe(404);
    });

    it('open for their owner through a short-lived link', async () => {
      const link = await as(t, owner)({ method: 'GET', url: `/api/kyc/documents/${documentId}/link` });
      expect(link.statusCode).toBe(200);
      const { url, expiresAt } = link.json();
      expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
      const file = await as(t, owner)({ method: 'GET', url });
      expect(file.statusCode).toBe(200);
      expect(file.headers['cache-control']).toBe('private, no-store');
      expect(file.headers['content-type']).toBe('image/webp');
    });

    it('are not found for another provider, a client, and not reachable anonymously, even with the owner’s link', async () => {
      const { url } = (await as(t, owner)({ method: 'GET', url: `/api/kyc/documents/${documentId}/link` })).json();
      const other = await newProvider(t);
      const client = await signUp(t, { role: 'client' });
      expect((await as(t, other)({ method: 'GET', url: `/api/kyc/documents/${documentId}/link` })).statusCode).toBe(404);
      expect((await as(t, other)({ method: 'GET', url })).statusCode).toBe(404);
      expect((await as(t, client)({ method: 'GET', url: `/api/kyc/documents/${documentId}/link` })).statusCode).toBe(403);
      expect((await as(t, client)({ method: 'GET', url })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await as(t, other)({ method: 'GET', url: `/api/uploads/${uploadId}/download` })).statusCode).toBe(404);
    });

    it('open for an admin through the review file’s links only, and not after the link expired', async () => {
      const profileId = (await me(owner)).providerId as string;
      const file = (await as(t, admin)({ method: 'GET', url: `/api/admin/kyc/providers/${profileId}` })).json();
      const front = file.documents.find((d: { type: string }) => d.type === 'id_front');
      expect((await as(t, admin)({ method: 'GET', url: front.link.url })).statusCode).toBe(200);
      // The generic download is for the owner alone when it is an identity document.
      expect((await as(t, admin)({ method: 'GET', url: `/api/uploads/${uploadId}/download` })).statusCode).toBe(404);
      // The owner's link does not open on the admin route, nor the admin's for the owner.
      expect((await as(t, owner)({ method: 'GET', url: front.link.url })).statusCode).toBe(403);
      const expired = documentLink(t, { documentId, viewerId: admin.userId, admin: true, now: Date.now() - 6 * 60_000 });
      expect((await as(t, admin)({ method: 'GET', url: expired.url })).statusCode).toBe(404);
      const tampered = front.link.url.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect((await as(t, admin)({ method: 'GET', url: tampered })).statusCode).toBe(404);
    });

    it('cannot be deleted as plain uploads while they are part of the file', async () => {
      const res = await as(t, owner)({ method: 'DELETE', url: `/api/uploads/${uploadId}` });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('UPLOAD_IN_USE');
    });
  });

  describe('retention', () => {
    const jobs = () => kycJobs({ db: t.db, redis: t.redis, config: t.config });

    it('deletes the documents of a decision once the retention period has passed, not before', async () => {
      const provider = await newProvider(t);
      await completeOnboarding(t, provider);
      const profileId = (await me(provider)).providerId as string;
      await as(t, provider)({ method: 'POST', url: '/api/kyc/me/submit' });
      await move(profileId, 'start-review');
      await approve(profileId);
      const keys = (await t.db.kycDocument.findMany({ where: { profileId }, include: { upload: true } })).map((d) => d.upload.storageKey);
      expect(keys).toHaveLength(3);
      const decidedAt = (await t.db.providerProfile.findUniqueOrThrow({ where: { id: profileId } })).kycDecidedAt!;

      await runDueJobs({ db: t.db, jobs: jobs(), now: () => new Date(decidedAt.getTime() + 29 * 86_400_000) });
      expect(await t.db.kycDocument.count({ where: { profileId } })).toBe(3);

      await runDueJobs({ db: t.db, jobs: jobs(), now: () => new Date(decidedAt.getTime() + 30 * 86_400_000 + 1000) });
      expect(await t.db.kycDocument.count({ where: { profileId } })).toBe(0);
      expect(storedFiles(t).filter((f) => keys.includes(f))).toEqual([]);
      expect(await t.db.auditLog.count({ where: { subjectId: profileId, action: 'kyc.documents_purged' } })).toBe(1);
      // The decision and its badge stay.
      expect((await me(provider)).status).toBe('verified');
    });

    it('deletes every document at once when the account is deleted', async () => {
      const provider = await newProvider(t);
      await completeOnboarding(t, provider);
      const keys = (await t.db.upload.findMany({ where: { ownerId: provider.userId, kind: 'kyc_document' } })).map((u) => u.storageKey);
      expect(keys).toHaveLength(3);
      const deleted = await as(t, provider)({ method: 'DELETE', url: '/api/me', payload: { password: provider.password } });
      expect(deleted.statusCode).toBe(204);
      await runDueJobs({ db: t.db, jobs: jobs() });
      expect(await t.db.upload.count({ where: { ownerId: provider.userId, kind: 'kyc_document' } })).toBe(0);
      expect(storedFiles(t).filter((f) => keys.includes(f))).toEqual([]);
    });
  });
});
