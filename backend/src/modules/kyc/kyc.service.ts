import type {
  KycAction,
  KycCase,
  KycDocumentType,
  KycOnboarding,
  KycProfileInput,
  KycStatus,
  Locale,
  OnboardingStep,
} from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError, notFound } from '../../platform/errors/app-error';
import { appLink, renderMail, type KycMailStatus } from '../../platform/mail/templates';
import { renderSms } from '../../platform/sms/templates';
import type { RedisClient } from '../../platform/redis/redis';
import type { ObjectStorage } from '../../platform/storage/storage';
import { openToken, signToken } from '../../platform/crypto/signed-token';
import { deleteUserSessions } from '../accounts/sessions.service';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { enqueueJob } from '../../platform/jobs/jobs';
import { enqueueNotification } from '../notifications/notifications.service';
import { smsSendAt } from '../notifications/notices';
import { changeCatalogue } from '../search/search-index.service';
import { objectKeysOf } from '../uploads/uploads.service';
import { KYC_JOBS } from './kyc.jobs';
import { allowedActions, transitionOf, type KycActor } from './kyc.transitions';

export interface KycDeps {
  db: Db;
  redis: RedisClient;
  config: Readonly<Config>;
}

type ProfileRow = Awaited<ReturnType<typeof loadProfile>>;

/** How long a document link works: enough to open it, too short to pass around. */
export const KYC_LINK_TTL_MS = 5 * 60_000;
const IDENTITY_SETS: KycDocumentType[][] = [
  ['id_front', 'id_back', 'selfie'],
  ['passport', 'selfie'],
];
const VENDOR_TYPES = new Set<KycDocumentType>(['id_front', 'id_back', 'passport', 'selfie']);
/** The statuses in which the provider may change their identity documents. */
const EDITABLE: readonly KycStatus[] = ['draft', 'rejected'];

const list = (value: string) => value.split(',').filter(Boolean);

function loadProfile(db: DbClient, where: { userId: string } | { id: string }) {
  return db.providerProfile.findUnique({
    where: where as { id: string },
    include: { user: true, kycDocuments: { include: { upload: true }, orderBy: { createdAt: 'asc' } } },
  });
}

async function ownProfile(db: DbClient, userId: string) {
  const profile = await loadProfile(db, { userId });
  if (!profile) throw new AppError('FORBIDDEN', 403, 'Only providers have an onboarding');
  return profile;
}

function completedSteps(profile: NonNullable<ProfileRow>): OnboardingStep[] {
  return JSON.parse(profile.onboardingSteps) as OnboardingStep[];
}

/** What is still missing before the file can be submitted. */
export function missingForSubmission(profile: NonNullable<ProfileRow>): string[] {
  const missing: string[] = [];
  if (!completedSteps(profile).includes('profile')) missing.push('profile');
  const types = new Set(profile.kycDocuments.map((d) => d.type as KycDocumentType));
  if (!IDENTITY_SETS.some((set) => set.every((t) => types.has(t)))) {
    missing.push(...(types.has('passport') ? ['selfie'] : IDENTITY_SETS[0]!.filter((t) => !types.has(t))));
  }
  return missing;
}

function profileView(profile: NonNullable<ProfileRow>, photoUrl: string | null): KycOnboarding['profile'] {
  return {
    bio: profile.bio,
    photoUploadId: profile.photoUploadId,
    photoUrl,
    languages: list(profile.languages),
    skills: list(profile.skills),
    cityId: profile.cityId,
    extraCityIds: list(profile.extraCities),
    serviceRadiusKm: profile.serviceRadiusKm,
    yearsExperience: profile.yearsExperience,
    businessNumber: profile.businessNumber,
  };
}

async function photoUrlOf(db: DbClient, uploadId: string | null): Promise<string | null> {
  if (!uploadId) return null;
  const upload = await db.upload.findUnique({ where: { id: uploadId } });
  return upload && upload.visibility === 'public' ? `/files/${upload.storageKey}` : null;
}

function documentViews(profile: NonNullable<ProfileRow>) {
  return profile.kycDocuments.map((d) => ({
    id: d.id,
    type: d.type as KycDocumentType,
    mimeType: d.upload.mimeType,
    sizeBytes: d.upload.sizeBytes,
    createdAt: d.createdAt.toISOString(),
  }));
}

export async function getOnboarding({ db, config }: KycDeps, { userId }: { userId: string }): Promise<KycOnboarding> {
  const profile = await ownProfile(db, userId);
  return {
    providerId: profile.id,
    status: profile.kycStatus,
    reason: profile.kycReason,
    vendor: config.kyc.provider,
    completedSteps: completedSteps(profile),
    actions: allowedActions(profile.kycStatus, 'provider'),
    missing: missingForSubmission(profile),
    profile: profileView(profile, await photoUrlOf(db, profile.photoUploadId)),
    documents: documentViews(profile),
    submittedAt: profile.kycSubmittedAt?.toISOString() ?? null,
    decidedAt: profile.kycDecidedAt?.toISOString() ?? null,
  };
}

/** Marks a wizard step done, with the caller's other writes. */
async function completeStep(db: DbClient, profile: NonNullable<ProfileRow>, step: OnboardingStep) {
  const steps = completedSteps(profile);
  if (steps.includes(step)) return;
  await db.providerProfile.update({ where: { id: profile.id }, data: { onboardingSteps: JSON.stringify([...steps, step]) } });
}

/**
 * The public profile step. Editable in any state (it is what clients read); the change is
 * searchable (services' search text holds the provider's name only, but caches show the
 * profile), so it goes through changeCatalogue.
 */
export async function saveOnboardingProfile(
  { db, redis }: KycDeps,
  { userId, input, origin }: { userId: string; input: KycProfileInput; origin: RequestOrigin },
) {
  const profile = await ownProfile(db, userId);
  const cityIds = [input.cityId, ...input.extraCityIds];
  const cities = await db.city.findMany({ where: { id: { in: cityIds } }, select: { id: true } });
  if (cities.length !== new Set(cityIds).size) throw new AppError('CITY_NOT_FOUND', 400, 'Unknown city');
  if (input.photoUploadId) {
    const photo = await db.upload.findUnique({ where: { id: input.photoUploadId } });
    if (!photo || photo.ownerId !== userId || photo.kind !== 'avatar') {
      throw new AppError('UPLOAD_NOT_FOUND', 400, 'Upload the photo first (kind avatar)');
    }
  }
  await changeCatalogue({
    db,
    redis,
    write: async (tx) => {
      await tx.providerProfile.update({
        where: { id: profile.id },
        data: {
          bio: input.bio,
          ...(input.photoUploadId !== undefined ? { photoUploadId: input.photoUploadId } : {}),
          languages: input.languages.join(','),
          skills: input.skills.map((s) => s.replace(/,/g, ' ')).join(','),
          cityId: input.cityId,
          extraCities: [...new Set(input.extraCityIds)].filter((id) => id !== input.cityId).join(','),
          serviceRadiusKm: input.serviceRadiusKm,
          yearsExperience: input.yearsExperience,
        },
      });
      await completeStep(tx, profile, 'profile');
      await recordAudit({ db: tx, action: 'kyc.profile_saved', actorId: userId, subjectId: profile.id, origin });
    },
    reindex: () => ({ providerId: profile.id }),
  });
}

/** The optional professional step: a registration number (documents come through attachDocument). */
export async function saveProfessional(
  { db }: KycDeps,
  { userId, businessNumber, origin }: { userId: string; businessNumber: string; origin: RequestOrigin },
) {
  const profile = await ownProfile(db, userId);
  await db.$transaction(async (tx) => {
    await tx.providerProfile.update({ where: { id: profile.id }, data: { businessNumber } });
    await completeStep(tx, profile, 'professional');
    await recordAudit({ db: tx, action: 'kyc.professional_saved', actorId: userId, subjectId: profile.id, origin });
  });
}

/** Attaches one of the provider's own private uploads as a document of this type (replacing the earlier one). */
export async function attachDocument(
  { db }: KycDeps,
  { userId, type, uploadId, origin }: { userId: string; type: KycDocumentType; uploadId: string; origin: RequestOrigin },
) {
  const profile = await ownProfile(db, userId);
  if (!EDITABLE.includes(profile.kycStatus)) {
    throw new AppError('KYC_DOCUMENTS_LOCKED', 409, 'Documents cannot change while the file is submitted, in review or decided');
  }
  const upload = await db.upload.findUnique({ where: { id: uploadId }, include: { kycDocument: true } });
  if (!upload || upload.ownerId !== userId || upload.kind !== 'kyc_document') {
    throw new AppError('UPLOAD_NOT_FOUND', 400, 'Upload the document first (kind kyc_document)');
  }
  if (upload.kycDocument && upload.kycDocument.type !== type) {
    throw new AppError('UPLOAD_IN_USE', 409, 'This file is already attached as another document');
  }
  await db.$transaction(async (tx) => {
    // The status is checked again inside the transaction: a submission in between wins.
    const still = await tx.providerProfile.count({ where: { id: profile.id, kycStatus: { in: [...EDITABLE] } } });
    if (still === 0) throw new AppError('KYC_DOCUMENTS_LOCKED', 409, 'Documents cannot change while the file is submitted');
    await tx.kycDocument.deleteMany({ where: { profileId: profile.id, type } });
    await tx.kycDocument.create({ data: { profileId: profile.id, type, uploadId } });
    const fresh = (await loadProfile(tx, { id: profile.id }))!;
    const step: OnboardingStep = type === 'certificate' || type === 'business_registration' ? 'professional' : 'identity';
    if (step === 'professional' || IDENTITY_SETS.some((set) => set.every((t) => fresh.kycDocuments.some((d) => d.type === t)))) {
      await completeStep(tx, fresh, step);
    }
    await recordAudit({ db: tx, action: 'kyc.document_attached', actorId: userId, subjectId: profile.id, origin, detail: { type } });
  });
}

export async function detachDocument(
  { db }: KycDeps,
  { userId, type, origin }: { userId: string; type: KycDocumentType; origin: RequestOrigin },
) {
  const profile = await ownProfile(db, userId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.kycDocument.deleteMany({
      where: { profileId: profile.id, type, profile: { kycStatus: { in: [...EDITABLE] } } },
    });
    if (count === 0) {
      if (!EDITABLE.includes(profile.kycStatus)) throw new AppError('KYC_DOCUMENTS_LOCKED', 409, 'Documents cannot change now');
      throw notFound('Document');
    }
    await recordAudit({ db: tx, action: 'kyc.document_detached', actorId: userId, subjectId: profile.id, origin, detail: { type } });
  });
}

// ─── Transitions: one function each, all through applyTransition ──────────────────────

interface TransitionInput {
  profileId: string;
  actor: { kind: KycActor; id: string | null };
  origin: RequestOrigin;
  /** The vendor event that caused it: stored once, in the same transaction. */
  event?: { key: string; applicantId: string; type: string; seenAt: Date | null };
}

const KYC_MAIL_STATUS: Record<KycStatus, KycMailStatus | null> = {
  draft: null,
  submitted: 'submitted',
  in_review: 'in_review',
  verified: 'verified',
  rejected: 'rejected',
  suspended: 'suspended',
};

/**
 * One move of the state machine: checked against the table (who), then a conditional
 * update `where { id, kycStatus in from }` — zero rows means the file is not where the move
 * starts (someone moved first): 409 KYC_TRANSITION_NOT_ALLOWED. The row, the audit event,
 * the mail and SMS, and `extra` writes commit together; search hears of it after.
 */
async function applyTransition(
  { db, redis, config }: KycDeps,
  {
    action,
    profileId,
    actor,
    origin,
    data = {},
    reason = null,
    extra,
    event,
  }: TransitionInput & {
    action: KycAction;
    data?: Parameters<DbClient['providerProfile']['updateMany']>[0]['data'];
    reason?: string | null;
    extra?: (tx: DbClient, profile: NonNullable<ProfileRow>) => Promise<void>;
  },
) {
  const move = transitionOf(action);
  if (!move.by.includes(actor.kind)) throw new AppError('FORBIDDEN', 403, 'You are not allowed to do this');
  return changeCatalogue({
    db,
    redis,
    write: async (tx) => {
      const now = new Date();
      if (event) await tx.kycWebhookEvent.create({ data: { key: event.key, applicantId: event.applicantId, type: event.type } });
      const { count } = await tx.providerProfile.updateMany({
        where: { id: profileId, kycStatus: { in: [...move.from] } },
        data: { ...data, kycStatus: move.to, ...(event?.seenAt ? { kycVendorSeenAt: event.seenAt } : {}) },
      });
      if (count === 0) {
        const current = await tx.providerProfile.findUnique({ where: { id: profileId }, select: { kycStatus: true } });
        if (!current) throw notFound('Provider');
        throw new AppError(
          'KYC_TRANSITION_NOT_ALLOWED',
          409,
          `Cannot ${action.replace('_', ' ')} a verification that is ${current.kycStatus}`,
          {
            from: current.kycStatus,
            action,
          },
        );
      }
      const profile = (await loadProfile(tx, { id: profileId }))!;
      await recordAudit({
        db: tx,
        action: `kyc.${action}`,
        actorId: actor.id,
        subjectId: profileId,
        origin,
        detail: { by: actor.kind, to: move.to, ...(reason ? { reason } : {}) },
      });
      const status = KYC_MAIL_STATUS[move.to]!;
      const { user } = profile;
      const locale = user.locale as Locale;
      const link = appLink({ baseUrl: config.frontendUrl, path: '/provider/verification' });
      if (!user.deletedAt) {
        await enqueueNotification({
          db: tx,
          notification: {
            channel: 'email',
            recipient: user.email,
            template: 'kyc-status',
            locale,
            payload: { name: user.name, status, reason: reason ?? '', link },
          },
        });
        if (user.phone) {
          await enqueueNotification({
            db: tx,
            notification: {
              channel: 'sms',
              recipient: user.phone,
              template: 'kyc-status',
              locale,
              payload: { status },
              notBefore: await smsSendAt(tx, user.id, { now }),
            },
          });
        }
        // The bell too: the verification's outcome is account news, not a choice of the member.
        await enqueueNotification({
          db: tx,
          notification: {
            channel: 'in_app',
            userId: user.id,
            kind: `verification.${status}`,
            title: renderMail('kyc-status', locale, { name: user.name, status, reason: reason ?? '', link }).subject,
            body: renderSms('kyc-status', locale, { status }).text,
          },
        });
      }
      await extra?.(tx, profile);
      return { profile, at: now };
    },
    // The provider's services enter or leave search with the status.
    reindex: () => ({ providerId: profileId }),
  }).then(({ profile }) => ({ status: profile.kycStatus }));
}

/** Provider: sends the file (draft or rejected → submitted). With the vendor, its check starts from a job. */
export async function submitVerification(deps: KycDeps, { userId, origin }: { userId: string; origin: RequestOrigin }) {
  const profile = await ownProfile(deps.db, userId);
  if (profile.userId !== userId) throw notFound('Provider');
  const missing = missingForSubmission(profile);
  if (missing.length && allowedActions(profile.kycStatus, 'provider').includes('submit')) {
    throw new AppError('KYC_INCOMPLETE', 400, `Complete these first: ${missing.join(', ')}`, { missing });
  }
  return applyTransition(deps, {
    action: 'submit',
    profileId: profile.id,
    actor: { kind: 'provider', id: userId },
    origin,
    data: { kycSubmittedAt: new Date(), kycReason: null },
    extra: async (tx) => {
      if (deps.config.kyc.provider === 'sumsub') {
        await enqueueJob({ db: tx, job: { kind: KYC_JOBS.startCheck, payload: { profileId: profile.id } } });
      }
    },
  });
}

/** Admin (manual queue) or the vendor's check starting: submitted → in_review. */
export async function startReview(deps: KycDeps, input: TransitionInput & { applicantId?: string }) {
  return applyTransition(deps, {
    action: 'start_review',
    ...input,
    data: input.applicantId ? { kycApplicantId: input.applicantId } : {},
  });
}

/** Admin or vendor: in_review → verified; the identity badge, and the certificate one when it was checked. */
export async function approveVerification(deps: KycDeps, input: TransitionInput & { certificateVerified: boolean }) {
  const now = new Date();
  return applyTransition(deps, {
    action: 'approve',
    ...input,
    data: {
      kycDecidedAt: now,
      kycReason: null,
      identityVerifiedAt: now,
      certificateVerifiedAt: input.certificateVerified ? now : null,
    },
    extra: (tx, profile) => scheduleRetention(deps, tx, profile.id, now),
  });
}

/** Admin or vendor: in_review → rejected, with the reason the provider reads; they may resubmit. */
export async function rejectVerification(deps: KycDeps, input: TransitionInput & { reason: string }) {
  const now = new Date();
  return applyTransition(deps, {
    action: 'reject',
    ...input,
    data: { kycDecidedAt: now, kycReason: input.reason },
    reason: input.reason,
    extra: (tx, profile) => scheduleRetention(deps, tx, profile.id, now),
  });
}

/** Admin: verified → suspended. The provider leaves search at once and every session of theirs ends. */
export async function suspendProvider(deps: KycDeps, input: TransitionInput & { reason: string }) {
  return applyTransition(deps, {
    action: 'suspend',
    ...input,
    data: { kycReason: input.reason },
    reason: input.reason,
    extra: async (tx, profile) => {
      await deleteUserSessions({ db: tx, userId: profile.userId });
    },
  });
}

/** Admin: suspended → verified. */
export async function reinstateProvider(deps: KycDeps, input: TransitionInput) {
  return applyTransition(deps, { action: 'reinstate', ...input, data: { kycReason: null } });
}

/** The documents of this decision are deleted once the retention period has passed (kyc.jobs.ts). */
async function scheduleRetention({ config }: KycDeps, tx: DbClient, profileId: string, decidedAt: Date) {
  await enqueueJob({
    db: tx,
    job: { kind: KYC_JOBS.purgeDocuments, payload: { profileId, before: decidedAt.toISOString(), reason: 'retention' } },
    runAt: new Date(decidedAt.getTime() + config.kyc.documentRetentionDays * 86_400_000),
  });
}

// ─── Admin queue ──────────────────────────────────────────────────────────────────────

export async function listQueue({ db }: KycDeps, { status }: { status: KycStatus }) {
  const rows = await db.providerProfile.findMany({
    where: { kycStatus: status },
    include: { user: true, kycDocuments: { select: { type: true } } },
    orderBy: [{ kycSubmittedAt: 'asc' }, { createdAt: 'asc' }],
    take: 200,
  });
  return rows.map((row) => ({
    providerId: row.id,
    name: row.user.name,
    status: row.kycStatus,
    submittedAt: row.kycSubmittedAt?.toISOString() ?? null,
    documentTypes: row.kycDocuments.map((d) => d.type as KycDocumentType),
  }));
}

export async function getCase(deps: KycDeps, { profileId, adminId }: { profileId: string; adminId: string }): Promise<KycCase> {
  const { db } = deps;
  const profile = await loadProfile(db, { id: profileId });
  if (!profile) throw notFound('Provider');
  const history = await db.auditLog.findMany({
    where: { subjectId: profileId, action: { startsWith: 'kyc.' } },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
  return {
    providerId: profile.id,
    userId: profile.userId,
    name: profile.user.name,
    email: profile.user.email,
    phone: profile.user.phone,
    phoneVerified: profile.user.phoneVerifiedAt !== null,
    status: profile.kycStatus,
    reason: profile.kycReason,
    actions: allowedActions(profile.kycStatus, 'admin'),
    profile: profileView(profile, await photoUrlOf(db, profile.photoUploadId)),
    documents: documentViews(profile).map((d) => ({
      ...d,
      link: documentLink(deps, { documentId: d.id, viewerId: adminId, admin: true }),
    })),
    submittedAt: profile.kycSubmittedAt?.toISOString() ?? null,
    history: history.map((h) => ({ action: h.action, at: h.createdAt.toISOString(), actorId: h.actorId })),
  };
}

// ─── Short-lived document links ───────────────────────────────────────────────────────

const LINK_PURPOSE = 'kyc-file';

/** A link for this viewer only, for a few minutes; the route also demands their session. */
export function documentLink(
  { config }: Pick<KycDeps, 'config'>,
  { documentId, viewerId, admin, now = Date.now() }: { documentId: string; viewerId: string; admin: boolean; now?: number },
) {
  const expires = now + KYC_LINK_TTL_MS;
  const token = signToken(config.sessionSecret, LINK_PURPOSE, { d: documentId, v: viewerId, e: expires });
  return { url: `${admin ? '/api/admin/kyc/files/' : '/api/kyc/files/'}${token}`, expiresAt: new Date(expires).toISOString() };
}

/** The provider's own document link; another provider, a client or an unknown id: 404. */
export async function ownDocumentLink(deps: KycDeps, { userId, documentId }: { userId: string; documentId: string }) {
  const doc = await deps.db.kycDocument.findUnique({ where: { id: documentId }, include: { profile: true } });
  if (!doc || doc.profile.userId !== userId) throw notFound('Document');
  return documentLink(deps, { documentId, viewerId: userId, admin: false });
}

/**
 * Opens a document through its link: the signature, the deadline, the viewer it was made
 * for (the signed-in caller) and, again, their right to it (owner, or an admin on the admin
 * route). Anything else is 404, so a link tells nothing to whoever else holds it.
 */
export async function openDocument(
  { db, config, storage }: KycDeps & { storage: ObjectStorage },
  { token, viewer, adminRoute }: { token: string; viewer: { id: string; role: string }; adminRoute: boolean },
) {
  const gone = () => notFound('Document');
  const claims = openToken<{ d: string; v: string; e: number }>(config.sessionSecret, LINK_PURPOSE, token);
  if (!claims) throw gone();
  if (claims.v !== viewer.id || !(claims.e > Date.now())) throw gone();
  const doc = await db.kycDocument.findUnique({ where: { id: claims.d }, include: { upload: true, profile: true } });
  if (!doc) throw gone();
  const allowed = adminRoute ? viewer.role === 'admin' : doc.profile.userId === viewer.id;
  if (!allowed) throw gone();
  const object = await storage.get(doc.upload.storageKey);
  if (!object) throw gone();
  return {
    ...object,
    mimeType: doc.upload.mimeType,
    fileName: `${doc.type}.${doc.upload.mimeType === 'application/pdf' ? 'pdf' : 'webp'}`,
  };
}

// ─── Retention ────────────────────────────────────────────────────────────────────────

/**
 * Deletes a provider's documents: those of a decision once its retention has passed, or
 * all of an account's at once when it is deleted. Rows first (in one transaction with the
 * audit event), then the stored objects. Safe to run twice; never touches a file that is
 * being reviewed.
 */
export async function purgeDocuments(
  { db, storage }: { db: Db; storage: ObjectStorage },
  input: { profileId: string; before: Date; reason: 'retention' } | { userId: string; reason: 'account_deleted' },
): Promise<number> {
  const uploads = await db.$transaction(async (tx) => {
    let where: NonNullable<Parameters<DbClient['upload']['findMany']>[0]>['where'];
    if (input.reason === 'retention') {
      const profile = await tx.providerProfile.findUnique({ where: { id: input.profileId } });
      if (!profile || profile.kycStatus === 'submitted' || profile.kycStatus === 'in_review') return [];
      where = { kycDocument: { profileId: profile.id, createdAt: { lte: input.before } } };
    } else {
      where = { ownerId: input.userId, kind: 'kyc_document' };
    }
    const rows = await tx.upload.findMany({ where });
    if (rows.length === 0) return [];
    await tx.upload.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    await recordAudit({
      db: tx,
      action: 'kyc.documents_purged',
      subjectId: input.reason === 'retention' ? input.profileId : input.userId,
      origin: { ip: '', userAgent: 'job' },
      detail: { reason: input.reason, count: rows.length },
    });
    return rows;
  });
  await Promise.all(uploads.flatMap((row) => objectKeysOf(row)).map((key) => storage.delete(key).catch(() => undefined)));
  return uploads.length;
}

/** The documents the vendor needs, read back from storage. */
export async function vendorDocuments({ db, storage }: { db: Db; storage: ObjectStorage }, profileId: string) {
  const docs = await db.kycDocument.findMany({ where: { profileId }, include: { upload: true } });
  const out = [];
  for (const doc of docs) {
    if (!VENDOR_TYPES.has(doc.type as KycDocumentType)) continue;
    const object = await storage.get(doc.upload.storageKey);
    if (!object) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of object.stream) chunks.push(chunk as Buffer);
    out.push({
      type: doc.type as 'id_front' | 'id_back' | 'passport' | 'selfie',
      data: Buffer.concat(chunks),
      mimeType: doc.upload.mimeType,
      fileName: `${doc.type}.${doc.upload.mimeType === 'application/pdf' ? 'pdf' : 'webp'}`,
    });
  }
  return out;
}

export { loadProfile as loadKycProfile };
