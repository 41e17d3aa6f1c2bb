// One way to tell a member of something that happened to them (a booking moved, a message,
// a review, a payment, their verification): the bell, a mail and an SMS, each if the member
// wants that event by that channel, queued in the transaction of the change. Mail the member
// may refuse carries a one-click unsubscribe link; SMS that can wait is held through the
// member's quiet hours.
import type { Locale } from '@khadamat/contracts';
import { DateTime } from 'luxon';
import type { DbClient } from '../../platform/db/client';
import { enqueueNotification } from './notifications.service';
import { channelsWanted, quietHoursOf, type NotificationEvent } from './preferences.service';

/** The platform's zone: the member's clock when nothing closer (a booking's zone) is known. */
export const PLATFORM_TIME_ZONE = 'Africa/Casablanca';

export interface NoticeRecipient {
  id: string;
  email: string;
  name: string;
  locale: string;
  phone?: string | null;
  phoneVerifiedAt?: Date | null;
  deletedAt?: Date | null;
}

export interface Notice {
  /** The preference group (which channels the member wants). */
  event: NotificationEvent;
  /** The bell's kind: booking.accepted, payment.captured… */
  kind: string;
  title: string;
  /** Paragraphs separated by a blank line; the bell shows the first. */
  body: string;
  /** The SMS text, for events worth one. */
  sms?: string;
  action?: { label: string; url: string };
  bookingId?: string | null;
  /** The zone of the member's clock for quiet hours (a booking's zone). */
  timeZone?: string;
  /** An SMS no longer useful after this instant (the job starts) is sent even in quiet hours. */
  smsUsefulUntil?: Date;
}

/** Queues the notice in `tx` by every channel the member wants; nothing for a deleted account. */
export async function sendNotice(tx: DbClient, to: NoticeRecipient, notice: Notice, now = new Date()): Promise<void> {
  if (to.deletedAt) return;
  const locale = to.locale as Locale;
  const wanted = await channelsWanted(tx, to.id, notice.event);
  if (wanted.has('in_app')) {
    await enqueueNotification({
      db: tx,
      notification: {
        channel: 'in_app',
        userId: to.id,
        kind: notice.kind,
        title: notice.title,
        body: notice.body.split('\n\n')[0]!,
        bookingId: notice.bookingId ?? null,
      },
    });
  }
  if (wanted.has('email')) {
    await enqueueNotification({
      db: tx,
      notification: {
        channel: 'email',
        recipient: to.email,
        template: 'notice',
        locale,
        payload: {
          name: to.name,
          subject: notice.title,
          body: notice.body,
          ...(notice.action ? { actionLabel: notice.action.label, actionUrl: notice.action.url } : {}),
          // The deliverer turns these into the unsubscribe links (it holds the secret and the base URL).
          unsubscribeUserId: to.id,
          unsubscribeEvent: notice.event,
        },
      },
    });
  }
  if (notice.sms && wanted.has('sms') && to.phone && to.phoneVerifiedAt) {
    const sendAt = await smsSendAt(tx, to.id, { now, timeZone: notice.timeZone, usefulUntil: notice.smsUsefulUntil });
    await enqueueNotification({
      db: tx,
      notification: { channel: 'sms', recipient: to.phone, template: 'notice', locale, payload: { text: notice.sms }, notBefore: sendAt },
    });
  }
}

/**
 * When an SMS may go: now, or the end of the member's quiet hours on their clock. An SMS
 * that would arrive too late to help (after `usefulUntil`) goes now.
 */
export async function smsSendAt(
  db: DbClient,
  userId: string,
  { now, timeZone = PLATFORM_TIME_ZONE, usefulUntil }: { now: Date; timeZone?: string; usefulUntil?: Date },
): Promise<Date> {
  const hours = await quietHoursOf(db, userId);
  if (!hours) return now;
  const end = quietHoursEnd(now, timeZone, hours);
  if (!end || (usefulUntil && end > usefulUntil)) return now;
  return end;
}

/** The end of the quiet hours `now` falls in, on the clock of `timeZone`, or null outside them. */
export function quietHoursEnd(
  now: Date,
  timeZone: string,
  { startMinute, endMinute }: { startMinute: number; endMinute: number },
): Date | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const wraps = startMinute > endMinute; // 21:00–08:00 crosses midnight
  const quiet = wraps ? minute >= startMinute || minute < endMinute : minute >= startMinute && minute < endMinute;
  if (!quiet) return null;
  const endDay = wraps && minute >= startMinute ? local.plus({ days: 1 }) : local;
  // Luxon resolves a wall-clock time skipped by a clock change forward to a real instant.
  return endDay.set({ hour: Math.floor(endMinute / 60), minute: endMinute % 60, second: 0, millisecond: 0 }).toJSDate();
}
