import { z } from 'zod';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const timeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM');
const instant = z.iso.datetime({ offset: true });

export const bookingStatus = z.enum([
  'awaiting_payment',
  'requested',
  'accepted',
  'declined',
  'expired',
  'in_progress',
  'completed',
  'confirmed',
  'no_show',
  'cancelled',
  'disputed',
  'resolved',
]);
export type BookingStatus = z.infer<typeof bookingStatus>;

export const bookingAction = z.enum([
  'authorise',
  'accept',
  'decline',
  'expire',
  'checkIn',
  'complete',
  'confirm',
  'noShow',
  'cancel',
  'dispute',
  'proposeReschedule',
  'acceptReschedule',
  'declineReschedule',
  'resolveDispute',
  'cancelUnpaid',
]);
export type BookingAction = z.infer<typeof bookingAction>;

export const weeklyWindow = z.object({ weekday: z.number().int().min(1).max(7), start: timeOfDay, end: timeOfDay });

export const scheduleInput = z.object({
  timeZone: z.string().min(1).max(64),
  weeklyPlan: z.array(weeklyWindow).max(50),
  minNoticeMinutes: z.number().int().min(0).max(10_080),
  horizonDays: z.number().int().min(1).max(365),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  responseHours: z.number().int().min(1).max(168),
  freeCancellationHours: z.number().int().min(0).max(336),
  lateCancellationFeeBps: z.number().int().min(0).max(10_000),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

export const scheduleException = z.object({
  id: z.string(),
  date: localDate,
  kind: z.enum(['off', 'extra']),
  start: timeOfDay.nullable(),
  end: timeOfDay.nullable(),
});
export const scheduleExceptionInput = z.object({
  date: localDate,
  kind: z.enum(['off', 'extra']),
  start: timeOfDay.nullable().optional(),
  end: timeOfDay.nullable().optional(),
});
export type ScheduleExceptionInput = z.input<typeof scheduleExceptionInput>;
/** The secret URL of a provider's calendar feed. */
export const calendarFeed = z.object({ url: z.string() });
export const scheduleView = scheduleInput.extend({ exceptions: z.array(scheduleException) });
export type ScheduleView = z.infer<typeof scheduleView>;

export const slotQuery = z.object({
  from: localDate,
  to: localDate,
  latitude: z.coerce.number().min(-90).max(90).optional(),
  longitude: z.coerce.number().min(-180).max(180).optional(),
});
/**
 * An instant as the provider's wall clock shows it, with its offset ("2026-12-03T13:30+01:00"),
 * computed by the API's time-zone data: pages show these rather than converting the UTC
 * instant with the browser's own data, which may differ (Morocco's offset changes around Ramadan).
 */
const wallClock = z.string().describe('Local date and time with its UTC offset, YYYY-MM-DDTHH:mm±HH:mm');
export const slotList = z.object({
  timeZone: z.string(),
  durationMinutes: z.number().int(),
  slots: z.array(z.string().describe('A bookable start, UTC ISO-8601')),
  /** The same starts, in the same order, on the provider's wall clock. */
  localSlots: z.array(wallClock),
});
export type SlotList = z.infer<typeof slotList>;

/** The most photos of the job a request may carry. */
export const MAX_BOOKING_PHOTOS = 4;

export const bookingInput = z.object({
  serviceId: z.string().min(1).max(40),
  startAt: instant,
  address: z.string().trim().min(5).max(300),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  notes: z.string().trim().max(2000).optional(),
  /** Photos of the job: the client's own uploads of kind booking_photo. */
  photoIds: z.array(z.string().min(1).max(64)).max(MAX_BOOKING_PHOTOS).optional(),
  recurrence: z
    .object({ everyWeeks: z.union([z.literal(1), z.literal(2)]), occurrences: z.number().int().min(2).max(12) })
    .nullable()
    .optional(),
  /** card: the card is authorised before the provider sees the request (single bookings, a few days ahead at most). */
  paymentMethod: z.enum(['cash', 'card']).optional(),
});
export type BookingInput = z.infer<typeof bookingInput>;
export const bookingCreated = z.object({ ids: z.array(z.string()), seriesId: z.string().nullable() });

export const bookingChange = z.object({
  version: z.number().int().min(1),
  reason: z.string().trim().max(1000).optional(),
  proposedStartAt: instant.optional(),
  scope: z.enum(['this', 'following']).optional(),
});
export type BookingChange = z.infer<typeof bookingChange>;

const bookingFields = {
  id: z.string(),
  status: bookingStatus,
  version: z.number().int(),
  service: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  provider: z.object({ id: z.string(), name: z.string() }),
  client: z.object({ name: z.string() }),
  startAt: z.string(),
  endAt: z.string(),
  timeZone: z.string(),
  /** startAt, endAt, proposedStartAt and expiresAt on the wall clock of timeZone. */
  local: z.object({ startAt: wallClock, endAt: wallClock, proposedStartAt: wallClock.nullable(), expiresAt: wallClock.nullable() }),
  address: z.string(),
  notes: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  paymentMethod: z.string(),
  cancellationFeeMinor: z.number().int(),
  cancelledBy: z.string().nullable(),
  reason: z.string(),
  proposedStartAt: z.string().nullable(),
  proposedBy: z.string().nullable(),
  seriesId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  allowedActions: z.array(bookingAction),
};
export const bookingSummary = z.object(bookingFields);
export type BookingSummary = z.infer<typeof bookingSummary>;
export const bookingList = z.object({ bookings: z.array(bookingSummary) });
export const bookingPhoto = z.object({
  id: z.string(),
  url: z.string().describe('Served to the booking’s client and provider only'),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export const bookingView = z.object({
  ...bookingFields,
  viewerRole: z.enum(['client', 'provider', 'admin', 'system']),
  /** What cancelling now would cost the viewer (0: free), so the page can say so before they confirm. */
  cancellationFeeNowMinor: z.number().int(),
  photos: z.array(bookingPhoto),
  timeline: z.array(z.object({ event: z.string(), at: z.string(), localAt: wallClock, by: z.string() })),
  /** An admin's outcome of a dispute: what went back to the client, and why. */
  disputeResolution: z.object({ refundMinor: z.number().int(), currency: z.string(), note: z.string(), at: z.string() }).nullable(),
});
export type BookingView = z.infer<typeof bookingView>;
export const bookingListQuery = z.object({
  as: z.enum(['client', 'provider']).default('client'),
  from: instant.optional(),
  to: instant.optional(),
});
