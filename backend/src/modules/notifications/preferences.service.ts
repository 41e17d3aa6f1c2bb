import type { Config } from '../../config/env';
import { openToken, signToken } from '../../platform/crypto/signed-token';
import type { DbClient, Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { appLink } from '../../platform/mail/templates';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import type { UnsubscribeLinks } from './notifications.service';

export const NOTIFICATION_EVENTS = ['bookings', 'reminders', 'messages', 'reviews', 'payments'] as const;
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'in_app'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

interface Preference {
  event: NotificationEvent;
  channel: NotificationChannel;
  enabled: boolean;
}

/** The channels by which a member wants to hear of an event: all, but those they turned off. */
export async function channelsWanted(db: DbClient, userId: string, event: NotificationEvent): Promise<Set<NotificationChannel>> {
  const off = await db.notificationPreference.findMany({ where: { userId, event, enabled: false }, select: { channel: true } });
  const refused = new Set(off.map((row) => row.channel));
  return new Set(NOTIFICATION_CHANNELS.filter((channel) => !refused.has(channel)));
}

/** 21:00–08:00 unless the member chose other hours (or none). */
export const DEFAULT_QUIET_HOURS = { startMinute: 21 * 60, endMinute: 8 * 60 } as const;

/** The member's quiet hours (minutes after local midnight), or null for none. */
export async function quietHoursOf(db: DbClient, userId: string): Promise<{ startMinute: number; endMinute: number } | null> {
  const row = await db.smsQuietHours.findUnique({ where: { userId } });
  const hours = row ?? DEFAULT_QUIET_HOURS;
  return hours.startMinute === hours.endMinute ? null : { startMinute: hours.startMinute, endMinute: hours.endMinute };
}

interface QuietHours {
  start: string;
  end: string;
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Every event × channel pair with the member's choice, and their SMS quiet hours. */
export async function getPreferences({
  db,
  userId,
}: {
  db: DbClient;
  userId: string;
}): Promise<{ preferences: Preference[]; quietHours: QuietHours | null }> {
  const rows = await db.notificationPreference.findMany({ where: { userId } });
  const chosen = new Map(rows.map((row) => [`${row.event}:${row.channel}`, row.enabled]));
  const quiet = await quietHoursOf(db, userId);
  return {
    preferences: NOTIFICATION_EVENTS.flatMap((event) =>
      NOTIFICATION_CHANNELS.map((channel) => ({ event, channel, enabled: chosen.get(`${event}:${channel}`) ?? true })),
    ),
    quietHours: quiet ? { start: clock(quiet.startMinute), end: clock(quiet.endMinute) } : null,
  };
}

/** Changes some of the member's choices (the others stay) and/or their quiet hours, with an audit event. */
export async function setPreferences({
  db,
  userId,
  preferences = [],
  quietHours,
  origin,
  action = 'notifications.preferences_changed',
}: {
  db: Db;
  userId: string;
  preferences?: Preference[];
  /** null: none; undefined: unchanged. */
  quietHours?: QuietHours | null;
  origin: RequestOrigin;
  action?: string;
}) {
  await db.$transaction(async (tx) => {
    if (quietHours !== undefined) {
      // No quiet hours is kept as a window of no length, so the default does not come back.
      const startMinute = quietHours ? minuteOf(quietHours.start) : 0;
      const endMinute = quietHours ? minuteOf(quietHours.end) : 0;
      await tx.smsQuietHours.upsert({ where: { userId }, create: { userId, startMinute, endMinute }, update: { startMinute, endMinute } });
    }
    for (const { event, channel, enabled } of preferences) {
      await tx.notificationPreference.upsert({
        where: { userId_event_channel: { userId, event, channel } },
        create: { userId, event, channel, enabled },
        update: { enabled },
      });
    }
    await recordAudit({
      db: tx,
      action,
      actorId: userId,
      subjectId: userId,
      origin,
      detail: { preferences, ...(quietHours !== undefined ? { quietHours } : {}) },
    });
  });
  return getPreferences({ db, userId });
}

// ─── One-click unsubscribe (RFC 8058) ────────────────────────────────────────────────

const UNSUBSCRIBE_PURPOSE = 'unsubscribe';

/** The links of a member's mail of one event: the web page, and the address mail apps POST to. */
export function unsubscribeLinks(config: Pick<Config, 'sessionSecret' | 'frontendUrl' | 'appBaseUrl'>): UnsubscribeLinks {
  return (userId, event, locale) => {
    const token = signToken(config.sessionSecret, UNSUBSCRIBE_PURPOSE, { u: userId, e: event });
    return {
      page: appLink({ baseUrl: config.frontendUrl, path: `/${locale}/unsubscribe`, query: { token } }),
      oneClick: appLink({ baseUrl: config.appBaseUrl, path: '/api/unsubscribe', query: { token } }),
    };
  };
}

function openUnsubscribeToken(config: Pick<Config, 'sessionSecret'>, token: string): { userId: string; event: NotificationEvent } {
  const claims = openToken<{ u?: unknown; e?: unknown }>(config.sessionSecret, UNSUBSCRIBE_PURPOSE, token);
  const event = claims?.e as NotificationEvent;
  if (!claims || typeof claims.u !== 'string' || !NOTIFICATION_EVENTS.includes(event)) {
    throw new AppError('UNSUBSCRIBE_LINK_INVALID', 400, 'This unsubscribe link is not valid');
  }
  return { userId: claims.u, event };
}

/** What a link turns off, and whether it is still on (the page asks before the click; a GET changes nothing). */
export async function unsubscribeState({ db, config, token }: { db: DbClient; config: Pick<Config, 'sessionSecret'>; token: string }) {
  const { userId, event } = openUnsubscribeToken(config, token);
  const wanted = await channelsWanted(db, userId, event);
  return { event, subscribed: wanted.has('email') };
}

/** Turns the mail of the link's event off for its member (idempotent), audited like a change of preferences. */
export async function unsubscribe({
  db,
  config,
  token,
  origin,
}: {
  db: Db;
  config: Pick<Config, 'sessionSecret'>;
  token: string;
  origin: RequestOrigin;
}) {
  const { userId, event } = openUnsubscribeToken(config, token);
  // A deleted account has nothing left to send to: the link answers as if it worked.
  const user = await db.user.findUnique({ where: { id: userId }, select: { deletedAt: true } });
  if (user && !user.deletedAt) {
    await setPreferences({
      db,
      userId,
      preferences: [{ event, channel: 'email', enabled: false }],
      origin,
      action: 'notifications.unsubscribed',
    });
  }
  return { event, subscribed: false };
}
