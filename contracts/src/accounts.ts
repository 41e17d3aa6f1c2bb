import { z } from 'zod';
import { locale } from './locale';

export const role = z.enum(['client', 'provider', 'admin']);
export type Role = z.infer<typeof role>;

/** E.164: a plus, a country code, up to 15 digits. */
export const phoneE164 = z.string().regex(/^\+[1-9]\d{7,14}$/, 'Phone number must be in international format, e.g. +212612345678');
export const email = z
  .string()
  .trim()
  .max(254)
  .email()
  .transform((value) => value.toLowerCase());
// Length bounds here; the policy (common passwords…) is checked by the service.
export const newPassword = z.string().min(8, 'Use at least 8 characters').max(128, 'Use at most 128 characters');
const personName = z.string().trim().min(1).max(100);

export const publicUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  role,
  locale,
  emailVerified: z.boolean(),
  phoneVerified: z.boolean(),
  mfaEnabled: z.boolean(),
  createdAt: z.string(),
});
export type PublicUser = z.infer<typeof publicUser>;

export const sessionState = z.object({
  user: publicUser,
  /** Sent back in the X-CSRF-Token header on every state-changing request. */
  csrfToken: z.string(),
  /** Admins must pass (or enrol) their second factor before anything else. */
  mfa: z.enum(['not-required', 'enrolment-required', 'verification-required', 'verified']),
});
export type SessionState = z.infer<typeof sessionState>;

/** The session check of the web client: always 200, `session: null` when signed out (no failing request on anonymous pages). */
export const currentSession = z.object({ session: sessionState.nullable() });
export type CurrentSession = z.infer<typeof currentSession>;

// Unknown fields (role: 'admin', emailVerified…) are stripped by zod: never written.
export const signUpInput = z.object({
  role: z.enum(['client', 'provider']),
  name: personName,
  email,
  phone: phoneE164,
  password: newPassword,
  locale: locale.default('fr'),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({ email, password: z.string().min(1).max(1024) });
export const verifyEmailInput = z.object({ token: z.string().min(20).max(200) });
export const verifyPhoneInput = z.object({ code: z.string().regex(/^\d{6}$/, 'The code has 6 digits') });
export const forgotPasswordInput = z.object({ email });
export const resetPasswordInput = z.object({ token: z.string().min(20).max(200), password: newPassword });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(1024), newPassword });

export const updateProfileInput = z
  .object({ name: personName, phone: phoneE164, locale })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export const deleteAccountInput = z.object({ password: z.string().min(1).max(1024) });

export const sessionSummary = z.object({
  id: z.string(),
  current: z.boolean(),
  ip: z.string(),
  userAgent: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});
export const sessionList = z.object({ sessions: z.array(sessionSummary) });

export const mfaEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() });
export const mfaCodeInput = z.object({ code: z.string().regex(/^\d{6}$/) });
export const mfaVerifyInput = z.union([
  z.object({ code: z.string().regex(/^\d{6}$/) }),
  z.object({ recoveryCode: z.string().min(8).max(40) }),
]);
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

export const accepted = z.object({ status: z.literal('accepted') });

/**
 * Sign-up's one answer (202), whether the address and phone are new or not: the address
 * gets a mail (its verification link, or a note that it already has an account).
 */
export const signUpAccepted = z.object({ status: z.literal('verification_sent') });
export type SignUpAccepted = z.infer<typeof signUpAccepted>;

/**
 * The verification link's answer: the member is signed in (200, the session state and its
 * cookie); an admin's address is verified without signing in (202, accepted).
 */
export const verifyEmailResult = z.union([sessionState, accepted]);
export type VerifyEmailResult = z.infer<typeof verifyEmailResult>;

export const auditEvent = z.object({
  id: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  subjectId: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string(),
  createdAt: z.string(),
});
export const auditEventList = z.object({ events: z.array(auditEvent) });
export const auditQuery = z.object({ actorId: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
