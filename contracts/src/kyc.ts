import { z } from 'zod';

/** Provider verification states (the moves between them: backend kyc/kyc.transitions.ts). */
export const kycStatus = z.enum(['draft', 'submitted', 'in_review', 'verified', 'rejected', 'suspended']);
export type KycStatus = z.infer<typeof kycStatus>;

/** What a transition is called, for "what may I do now" and the audit log. */
export const kycAction = z.enum(['submit', 'start_review', 'approve', 'reject', 'suspend', 'reinstate']);
export type KycAction = z.infer<typeof kycAction>;

export const kycDocumentType = z.enum(['id_front', 'id_back', 'passport', 'selfie', 'certificate', 'business_registration']);
export type KycDocumentType = z.infer<typeof kycDocumentType>;

/** The onboarding wizard's steps, in order; payout is filled by the payments work. */
export const onboardingStep = z.enum(['profile', 'identity', 'professional', 'payout']);
export type OnboardingStep = z.infer<typeof onboardingStep>;

const skill = z.string().trim().min(2).max(40);
export const kycProfileInput = z.object({
  bio: z.string().trim().min(20).max(2000),
  photoUploadId: z.string().min(1).max(40).nullable().optional(),
  languages: z
    .array(z.enum(['fr', 'ar', 'en', 'ber', 'es']))
    .min(1)
    .max(5),
  skills: z.array(skill).min(1).max(15),
  cityId: z.string().min(1).max(40),
  extraCityIds: z.array(z.string().min(1).max(40)).max(10).default([]),
  serviceRadiusKm: z.number().int().min(1).max(200),
  yearsExperience: z.number().int().min(0).max(60),
});
export type KycProfileInput = z.infer<typeof kycProfileInput>;

export const kycProfessionalInput = z.object({
  /** Auto-entrepreneur card or trade register (RC) number; empty when none. */
  businessNumber: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9 ./-]*$/, 'Letters, digits, spaces, dots, slashes and dashes only'),
});

export const kycDocumentParams = z.object({ type: kycDocumentType });
export const kycDocumentInput = z.object({ uploadId: z.string().min(1).max(40) });
export const kycIdParams = z.object({ id: z.string().min(1).max(40) });
export const kycFileParams = z.object({ token: z.string().min(20).max(400) });
export const kycReasonInput = z.object({ reason: z.string().trim().min(5).max(500) });
export const kycApproveInput = z.object({
  /** The reviewer's checklist: every identity item must be ticked. */
  checklist: z.object({
    documentsReadable: z.literal(true),
    nameMatches: z.literal(true),
    selfieMatches: z.literal(true),
    notExpired: z.literal(true),
  }),
  /** Whether the professional certificate / registration was checked too (the certificate badge). */
  certificateVerified: z.boolean().default(false),
});
export const kycQueueQuery = z.object({ status: kycStatus.default('submitted') });

export const kycDocumentView = z.object({
  id: z.string(),
  type: kycDocumentType,
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

/** A short-lived link to one private document, for the signed-in viewer it was made for. */
export const kycFileLink = z.object({ url: z.string(), expiresAt: z.string() });

export const kycOnboarding = z.object({
  providerId: z.string(),
  status: kycStatus,
  reason: z.string().nullable(),
  vendor: z.enum(['manual', 'sumsub']),
  completedSteps: z.array(onboardingStep),
  /** What the provider may do now (from the transition table). */
  actions: z.array(kycAction),
  /** What is still missing before submitting. */
  missing: z.array(z.string()),
  profile: z.object({
    bio: z.string(),
    photoUploadId: z.string().nullable(),
    photoUrl: z.string().nullable(),
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    cityId: z.string().nullable(),
    extraCityIds: z.array(z.string()),
    serviceRadiusKm: z.number().int(),
    yearsExperience: z.number().int(),
    businessNumber: z.string(),
  }),
  documents: z.array(kycDocumentView),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type KycOnboarding = z.infer<typeof kycOnboarding>;

export const kycQueueItem = z.object({
  providerId: z.string(),
  name: z.string(),
  status: kycStatus,
  submittedAt: z.string().nullable(),
  documentTypes: z.array(kycDocumentType),
});
export const kycQueue = z.object({ items: z.array(kycQueueItem) });

export const kycCase = z.object({
  providerId: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  phoneVerified: z.boolean(),
  status: kycStatus,
  reason: z.string().nullable(),
  actions: z.array(kycAction),
  profile: kycOnboarding.shape.profile,
  documents: z.array(kycDocumentView.extend({ link: kycFileLink })),
  submittedAt: z.string().nullable(),
  history: z.array(z.object({ action: z.string(), at: z.string(), actorId: z.string().nullable() })),
});
export type KycCase = z.infer<typeof kycCase>;

export const kycWebhookAnswer = z.object({ received: z.literal(true), duplicate: z.boolean() });
