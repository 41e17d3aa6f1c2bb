import type { TFunction } from 'i18next';
import { ApiClientError } from './api-client';
import type { Messages } from './i18n/fr';

export type ApiErrorKey = keyof Messages['apiErrors'];

// The API's stable codes we have words for (WRONG_PASSWORD and fallback are ours).
const KNOWN_CODES: ReadonlySet<string> = new Set<ApiErrorKey>([
  'VALIDATION_FAILED',
  'KYC_INCOMPLETE',
  'KYC_TRANSITION_NOT_ALLOWED',
  'KYC_DOCUMENTS_LOCKED',
  'DELIVERY_NOT_FAILED',
  'UPLOAD_TYPE_NOT_ALLOWED',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_INFECTED',
  'PASSWORD_REJECTED',
  'PHONE_TAKEN',
  'INVALID_CREDENTIALS',
  'SIGN_IN_LOCKED',
  'TOKEN_INVALID',
  'CODE_INVALID',
  'CODE_EXPIRED',
  'TOO_MANY_ATTEMPTS',
  'SMS_RATE_LIMITED',
  'TOO_MANY_REQUESTS',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'CSRF_TOKEN_INVALID',
  'ADMIN_NETWORK_FORBIDDEN',
  'MFA_REQUIRED',
  'MFA_ENROLMENT_REQUIRED',
  'MFA_CODE_INVALID',
  'MFA_LOCKED',
  'MFA_SECRET_UNREADABLE',
  'PHONE_MISSING',
  'PHONE_ALREADY_VERIFIED',
  'FORBIDDEN',
  'NETWORK_ERROR',
  'DATABASE_UNAVAILABLE',
  'CACHE_UNAVAILABLE',
  'STORAGE_FULL',
]);

function isApiErrorKey(code: string): code is ApiErrorKey {
  return KNOWN_CODES.has(code);
}

/** A failure said for people: the message of its stable code, and the request id when we have nothing better to say. */
export interface FormError {
  message: string;
  requestId?: string | undefined;
}

export function describeApiError(t: TFunction, error: unknown): FormError {
  const code = error instanceof ApiClientError ? error.code : '';
  if (isApiErrorKey(code)) return { message: t(`apiErrors.${code}`) };
  return { message: t('apiErrors.fallback'), requestId: error instanceof ApiClientError ? error.requestId : undefined };
}
