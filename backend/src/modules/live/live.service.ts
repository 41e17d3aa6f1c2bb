import type { LiveEventName, LiveMessageEvent, LiveNotificationEvent } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { messagesForMember } from '../messages/messages.service';
import { notificationsForMember } from '../notifications/in-app.service';

export type LiveEvent =
  | { name: 'notification'; id: string; at: number; data: LiveNotificationEvent }
  | { name: 'message'; id: string; at: number; data: LiveMessageEvent };

const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What a member's stream shows that was written after `after` and is not in `except`, from
 * the database (the source of truth): their bell and the messages of their conversations,
 * masked for them, oldest first. `more` says a source had more than `limit`: the events are
 * cut where the first source stopped, so that nothing older is left behind for the next page.
 */
export async function liveEventsAfter({
  db,
  userId,
  after,
  except,
  limit,
}: {
  db: Db;
  userId: string;
  after: Date;
  except: string[];
  limit: number;
}): Promise<{ events: LiveEvent[]; more: boolean }> {
  const [notifications, messages] = await Promise.all([
    notificationsForMember({ db, userId, after, except, limit }),
    messagesForMember({ db, userId, after, except, limit }),
  ]);
  const events: LiveEvent[] = [
    ...notifications.map((n) => ({ name: 'notification' as const, id: n.id, at: n.createdAt.getTime(), data: n.view })),
    ...messages.map((m) => ({
      name: 'message' as const,
      id: m.id,
      at: m.createdAt.getTime(),
      data: { bookingId: m.view.bookingId, message: m.view },
    })),
  ].sort(byTime);
  const cutAt = [notifications, messages]
    .filter((rows) => rows.length === limit)
    .map((rows) => ({ at: rows.at(-1)!.createdAt.getTime(), id: rows.at(-1)!.id }))
    .sort(byTime)[0];
  return { events: cutAt ? events.filter((e) => byTime(e, cutAt) <= 0) : events, more: cutAt !== undefined };
}

export const LIVE_EVENT_NAMES: readonly LiveEventName[] = ['notification', 'message'];
