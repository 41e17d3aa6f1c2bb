import type { DbClient, Db } from '../../platform/db/client';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';

export const NOTIFICATION_EVENTS = ['bookings', 'reminders', 'messages', 'reviews'] as const;
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

/** Every event × channel pair with the member's choice. */
export async function getPreferences({ db, userId }: { db: DbClient; userId: string }): Promise<{ preferences: Preference[] }> {
  const rows = await db.notificationPreference.findMany({ where: { userId } });
  const chosen = new Map(rows.map((row) => [`${row.event}:${row.channel}`, row.enabled]));
  return {
    preferences: NOTIFICATION_EVENTS.flatMap((event) =>
      NOTIFICATION_CHANNELS.map((channel) => ({ event, channel, enabled: chosen.get(`${event}:${channel}`) ?? true })),
    ),
  };
}

/** Changes some of the member's choices (the others stay), with an audit event. */
export async function setPreferences({
  db,
  userId,
  preferences,
  origin,
}: {
  db: Db;
  userId: string;
  preferences: Preference[];
  origin: RequestOrigin;
}) {
  await db.$transaction(async (tx) => {
    for (const { event, channel, enabled } of preferences) {
      await tx.notificationPreference.upsert({
        where: { userId_event_channel: { userId, event, channel } },
        create: { userId, event, channel, enabled },
        update: { enabled },
      });
    }
    await recordAudit({
      db: tx,
      action: 'notifications.preferences_changed',
      actorId: userId,
      subjectId: userId,
      origin,
      detail: { preferences },
    });
  });
  return getPreferences({ db, userId });
}
