import { z } from 'zod';
import { inAppNotification, message } from './messages';

// Live delivery: `GET /api/me/events` is a server-sent events stream (text/event-stream).
// Each event has an SSE `id:` — a cursor to resume from (EventSource sends it back as
// `Last-Event-ID` when it reconnects; `?after=<id>` does the same) — and JSON `data:`.
// Comment lines (`: ping`) are heartbeats; a block with an `id:` and no data only moves the
// cursor forward. A client that reconnects with its last id gets exactly what it missed.

/** `event: notification` — one item of `GET /api/me/notifications`. */
export const liveNotificationEvent = inAppNotification;
export type LiveNotificationEvent = z.infer<typeof liveNotificationEvent>;

/** `event: message` — one item of `GET /api/bookings/:id/messages`, masked for this reader (their own messages too, for their other tabs). */
export const liveMessageEvent = z.object({ bookingId: z.string(), message });
export type LiveMessageEvent = z.infer<typeof liveMessageEvent>;

/** The event names of the stream and the shape of each one's data. */
export const liveEvents = { notification: liveNotificationEvent, message: liveMessageEvent } as const;
export type LiveEventName = keyof typeof liveEvents;

export const liveEventsQuery = z.object({
  /** The last event id received, when the client cannot send `Last-Event-ID` itself. */
  after: z.string().max(4000).optional(),
});
