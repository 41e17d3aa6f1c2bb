import type { Db } from '../../platform/db/client';
import { beforeCursor, decodeTimeCursor, pageOf } from '../../platform/db/time-cursor';

/** The member's bell, newest first, a page at a time, with how many are unread in all. */
export async function listNotifications({
  db,
  userId,
  unread,
  before,
  limit,
}: {
  db: Db;
  userId: string;
  unread?: 'true' | 'false';
  before?: string;
  limit: number;
}) {
  const cursor = before ? decodeTimeCursor(before) : null;
  const rows = await db.inAppNotification.findMany({
    where: {
      userId,
      ...(unread === 'true' ? { readAt: null } : unread === 'false' ? { readAt: { not: null } } : {}),
      ...(cursor ? beforeCursor(cursor) : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return {
    notifications: page.map(toNotificationView),
    unreadCount: await db.inAppNotification.count({ where: { userId, readAt: null } }),
    nextCursor,
  };
}

type NotificationRow = Awaited<ReturnType<Db['inAppNotification']['findMany']>>[number];

function toNotificationView(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    bookingId: row.bookingId,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The member's notifications written after `after`, except those in `except`, oldest first (live delivery). */
export async function notificationsForMember({
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
}) {
  const rows = await db.inAppNotification.findMany({
    where: { userId, createdAt: { gt: after }, ...(except.length ? { id: { notIn: except } } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return rows.map((row) => ({ id: row.id, createdAt: row.createdAt, view: toNotificationView(row) }));
}

/** Marks the member's notifications read: the ones named, or all; another member's ids are ignored. */
export async function markNotificationsRead({ db, userId, ids }: { db: Db; userId: string; ids?: string[] }) {
  const { count } = await db.inAppNotification.updateMany({
    where: { userId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}
