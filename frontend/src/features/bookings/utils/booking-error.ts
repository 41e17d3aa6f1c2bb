import type { TFunction } from 'i18next';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError, type FormError } from '@/lib/api-error-message';

const BOOKING_MESSAGES = {
  BOOKING_STALE: 'bookings.errors.stale',
  BOOKING_TRANSITION_NOT_ALLOWED: 'bookings.errors.notAllowed',
  SLOT_UNAVAILABLE: 'bookings.errors.slot',
  BOOKING_CONFLICT: 'bookings.errors.slot',
  OWN_SERVICE: 'bookings.errors.ownService',
  BOOKING_PHOTO_INVALID: 'bookings.errors.photos',
} as const;

/**
 * A refused booking change said for people. `reload`: the booking moved on, so the page must
 * show it as it is now; `slotTaken`: the time is no longer free, another must be chosen.
 */
export function describeBookingError(t: TFunction, error: unknown): FormError & { reload: boolean; slotTaken: boolean } {
  const code = error instanceof ApiClientError ? error.code : '';
  if (code in BOOKING_MESSAGES) {
    return {
      message: t(BOOKING_MESSAGES[code as keyof typeof BOOKING_MESSAGES]),
      reload: code === 'BOOKING_STALE' || code === 'BOOKING_TRANSITION_NOT_ALLOWED',
      slotTaken: code === 'SLOT_UNAVAILABLE' || code === 'BOOKING_CONFLICT',
    };
  }
  return { ...describeApiError(t, error), reload: false, slotTaken: false };
}
