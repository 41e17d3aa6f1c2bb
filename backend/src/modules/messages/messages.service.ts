import type { Locale } from '@khadamat/contracts';
import { touchMembers } from '../../platform/db/after-commit';
import type { Db, DbClient } from '../../platform/db/client';
import { afterCursor, beforeCursor, decodeTimeCursor, encodeTimeCursor, pageOf } from '../../platform/db/time-cursor';
import { isUniqueViolation } from '../../platform/db/unique-violation';
import { AppError, notFound } from '../../platform/errors/app-error';
import type { ObjectStorage } from '../../platform/storage/storage';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { ACTIVE_STATUSES } from '../bookings/booking.transitions';
import { partyOf } from '../bookings/bookings.service';
import { sendNotice } from '../notifications/notices';
import { openAttachedUpload } from '../uploads/uploads.service';
import { maskContactDetails, type MaskedKind } from './contact-masking';
import { conversationNotice, type ConversationEvent } from './message-notices';

const member = { select: { id: true, name: true, email: true, locale: true } } as const;

/** What a conversation needs of its booking: the parties and whether contact details are revealed. */
const conversationSelect = {
  id: true,
  clientId: true,
  status: true,
  acceptedAt: true,
  completedAt: true,
  confirmedAt: true,
  service: { select: { title: true } },
  client: member,
  provider: { select: { id: true, userId: true, user: member } },
} as const;

export type ConversationBooking = NonNullable<Awaited<ReturnType<typeof findConversation>>>;
type Member = ConversationBooking['client'];

/** A booking as its conversation and reviews need it, or null. */
export function findConversation(db: DbClient, bookingId: string) {
  return db.booking.findUnique({ where: { id: bookingId }, select: conversationSelect });
}

/** Contact details show once the provider has accepted the booking, and stay shown whatever follows. */
export const contactsRevealed = (booking: { acceptedAt: Date | null }) => booking.acceptedAt !== null;

/**
 * A booking and the caller's place in it: its client, its provider, or (reading only) an
 * admin. Anyone else is told it does not exist.
 */
export async function conversationFor({ db, bookingId, userId, role }: { db: DbClient; bookingId: string; userId: string; role: string }) {
  const booking = await findConversation(db, bookingId);
  const party = booking && partyOf(booking, userId, role);
  if (!booking || !party || party === 'system') throw new AppError('NOT_FOUND', 404, 'No such booking');
  return { booking, party };
}

/** The parties of a booking who may write in it: the client or the provider, never an admin. */
async function partyFor(input: { db: DbClient; bookingId: string; userId: string; role: string }) {
  const { booking, party } = await conversationFor(input);
  if (party === 'admin') throw new AppError('NOT_FOUND', 404, 'No such booking');
  const other: Member = party === 'client' ? booking.provider.user : booking.client;
  const self: Member = party === 'client' ? booking.client : booking.provider.user;
  return { booking, party, self, other };
}

/**
 * Tells a member of something in their booking: the bell and a mail, queued in the
 * transaction `tx` of the change.
 */
export async function notifyMember(
  tx: DbClient,
  {
    to,
    event,
    booking,
    other,
    preview,
  }: { to: Member; event: ConversationEvent; booking: ConversationBooking; other: Member; preview?: string },
) {
  const notice = conversationNotice(event, to.locale as Locale, { other: other.name, service: booking.service.title, preview });
  // Conversations and reviews are told by the bell and mail, never by SMS.
  await sendNotice(tx, to, {
    event: event === 'message_received' ? 'messages' : 'reviews',
    kind: event.replace('_', '.'),
    title: notice.title,
    body: notice.body,
    bookingId: booking.id,
  });
}

type MessageRow = Awaited<ReturnType<typeof loadMessages>>[number];

function loadMessages(db: DbClient, where: object, order: 'asc' | 'desc', take: number) {
  return db.message.findMany({
    where,
    orderBy: [{ createdAt: order }, { id: order }],
    take,
    include: { attachment: { select: { id: true, mimeType: true, sizeBytes: true } } },
  });
}

/** A message as `viewerId` may see it: masked for the other party until contact details are revealed; admins read it as written. */
function toMessageView(row: MessageRow, booking: { clientId: string; acceptedAt: Date | null }, viewer: { id: string; party: string }) {
  const mine = row.senderId === viewer.id;
  const mask = !mine && viewer.party !== 'admin' && !contactsRevealed(booking);
  const { text, masked } = mask ? maskContactDetails(row.body) : { text: row.body, masked: [] as MaskedKind[] };
  return {
    id: row.id,
    bookingId: row.bookingId,
    senderId: row.senderId,
    senderRole: row.senderId === booking.clientId ? ('client' as const) : ('provider' as const),
    mine,
    body: text,
    masked,
    attachment: row.attachment ? { ...row.attachment, url: `/api/bookings/${row.bookingId}/messages/${row.id}/attachment` } : null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface SendMessageInput {
  db: Db;
  bookingId: string;
  userId: string;
  role: string;
  body: string;
  attachmentId?: string;
  origin: RequestOrigin;
}

/**
 * A party writes in the booking's conversation. The message, its audit event and the
 * other party's notifications (bell and mail) are written in one transaction.
 */
export async function sendMessage({ db, bookingId, userId, role, body, attachmentId, origin }: SendMessageInput) {
  const { booking, party, other } = await partyFor({ db, bookingId, userId, role });
  try {
    const row = await db.$transaction(async (tx) => {
      if (attachmentId) {
        const upload = await tx.upload.findUnique({
          where: { id: attachmentId },
          select: { ownerId: true, kind: true, message: { select: { id: true } } },
        });
        if (!upload || upload.ownerId !== userId || upload.kind !== 'chat_attachment') {
          throw new AppError('ATTACHMENT_NOT_FOUND', 404, 'No such attachment among your uploads (upload it with kind=chat_attachment)');
        }
        if (upload.message) throw attachmentInUse();
      }
      const created = await tx.message.create({
        data: { bookingId, senderId: userId, body, attachmentId: attachmentId ?? null },
        include: { attachment: { select: { id: true, mimeType: true, sizeBytes: true } } },
      });
      // A message is activity on its booking: the inbox lists conversations by it.
      await tx.booking.update({ where: { id: bookingId }, data: { updatedAt: created.createdAt } });
      // Both parties' streams show it (the sender's other tabs too), once committed.
      touchMembers(tx, [booking.clientId, booking.provider.userId]);
      await recordAudit({
        db: tx,
        action: 'message.sent',
        actorId: userId,
        subjectId: created.id,
        origin,
        detail: { bookingId, by: party },
      });
      // The preview is what the recipient may read of it now.
      const preview = contactsRevealed(booking) ? body : maskContactDetails(body).text;
      await notifyMember(tx, {
        to: other,
        event: 'message_received',
        booking,
        other: party === 'client' ? booking.client : booking.provider.user,
        preview,
      });
      return created;
    });
    return toMessageView(row, booking, { id: userId, party });
  } catch (error) {
    // Two messages racing for one attachment: the unique index lets one through.
    if (isUniqueViolation(error)) throw attachmentInUse();
    throw error;
  }
}

const attachmentInUse = () => new AppError('ATTACHMENT_IN_USE', 409, 'This file is already attached to a message');

/**
 * A page of the conversation: `before` a cursor (newest first, to scroll back) or `after`
 * one (oldest first, to catch up after a reconnection); without either, the newest page.
 */
export async function listMessages({
  db,
  bookingId,
  userId,
  role,
  before,
  after,
  limit,
}: {
  db: Db;
  bookingId: string;
  userId: string;
  role: string;
  before?: string;
  after?: string;
  limit: number;
}) {
  const { booking, party } = await conversationFor({ db, bookingId, userId, role });
  if (before && after) throw new AppError('VALIDATION_FAILED', 400, 'Give `before` or `after`, not both');
  const viewer = { id: userId, party };
  let page: MessageRow[];
  let nextCursor: string | null;
  if (after) {
    const rows = await loadMessages(db, { bookingId, ...afterCursor(decodeTimeCursor(after)) }, 'asc', limit + 1);
    ({ page, nextCursor } = pageOf(rows, limit));
  } else {
    const cursor = before ? decodeTimeCursor(before) : null;
    const rows = await loadMessages(db, { bookingId, ...(cursor ? beforeCursor(cursor) : {}) }, 'desc', limit + 1);
    ({ page, nextCursor } = pageOf(rows, limit));
  }
  // Pages after a cursor run oldest first, the others newest first.
  const latest = after ? page.at(-1) : page[0];
  return {
    messages: page.map((row) => toMessageView(row, booking, viewer)),
    nextCursor,
    latestCursor: latest ? encodeTimeCursor({ at: latest.createdAt, id: latest.id }) : (after ?? null),
    revealed: contactsRevealed(booking),
  };
}

/**
 * The messages of all the member's conversations (as client or as provider) written after
 * `after`, except those in `except`, oldest first, each as this member may read it (live
 * delivery; see modules/live).
 */
export async function messagesForMember({
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
  const rows = await db.message.findMany({
    where: {
      createdAt: { gt: after },
      ...(except.length ? { id: { notIn: except } } : {}),
      booking: { OR: [{ clientId: userId }, { provider: { userId } }] },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: {
      attachment: { select: { id: true, mimeType: true, sizeBytes: true } },
      booking: { select: { clientId: true, acceptedAt: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    view: toMessageView(row, row.booking, { id: userId, party: row.booking.clientId === userId ? 'client' : 'provider' }),
  }));
}

/** Read receipts: the caller has read what the other party sent up to `upTo` (inclusive). */
export async function markRead({
  db,
  bookingId,
  userId,
  role,
  upTo,
}: {
  db: Db;
  bookingId: string;
  userId: string;
  role: string;
  upTo: string;
}) {
  await partyFor({ db, bookingId, userId, role });
  const target = await db.message.findFirst({ where: { id: upTo, bookingId }, select: { createdAt: true, id: true } });
  if (!target) throw notFound('Message');
  const { count } = await db.message.updateMany({
    where: {
      bookingId,
      senderId: { not: userId },
      readAt: null,
      OR: [{ createdAt: { lt: target.createdAt } }, { createdAt: target.createdAt, id: { lte: target.id } }],
    },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

/** A message's attachment, for the booking's parties (and admins reading a report). */
export async function openMessageAttachment({
  db,
  storage,
  bookingId,
  messageId,
  userId,
  role,
}: {
  db: Db;
  storage: ObjectStorage;
  bookingId: string;
  messageId: string;
  userId: string;
  role: string;
}) {
  await conversationFor({ db, bookingId, userId, role });
  const message = await db.message.findFirst({ where: { id: messageId, bookingId }, select: { attachmentId: true } });
  if (!message?.attachmentId) throw notFound('Attachment');
  return openAttachedUpload({ db, storage, uploadId: message.attachmentId, kind: 'chat_attachment' });
}

/** A party reports a message the other party wrote; a second report by the same member is the first one. */
export async function reportMessage({
  db,
  bookingId,
  messageId,
  userId,
  role,
  reason,
  origin,
}: {
  db: Db;
  bookingId: string;
  messageId: string;
  userId: string;
  role: string;
  reason: string;
  origin: RequestOrigin;
}) {
  await partyFor({ db, bookingId, userId, role });
  const message = await db.message.findFirst({ where: { id: messageId, bookingId }, select: { id: true, senderId: true } });
  if (!message) throw notFound('Message');
  if (message.senderId === userId) throw new AppError('REPORT_OWN_CONTENT', 409, 'You cannot report your own message');
  return fileReport({ db, subjectType: 'message', subjectId: message.id, reporterId: userId, reason, origin });
}

/** Stores a report once per member and subject, with its audit event. */
export async function fileReport({
  db,
  subjectType,
  subjectId,
  reporterId,
  reason,
  origin,
}: {
  db: Db;
  subjectType: 'message' | 'review';
  subjectId: string;
  reporterId: string;
  reason: string;
  origin: RequestOrigin;
}) {
  const key = { subjectType_subjectId_reporterId: { subjectType, subjectId, reporterId } };
  const existing = await db.contentReport.findUnique({ where: key, select: { id: true } });
  if (existing) return existing;
  try {
    return await db.$transaction(async (tx) => {
      const report = await tx.contentReport.create({ data: { subjectType, subjectId, reporterId, reason }, select: { id: true } });
      await recordAudit({
        db: tx,
        action: `${subjectType}.reported`,
        actorId: reporterId,
        subjectId,
        origin,
        detail: { reportId: report.id },
      });
      return report;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return db.contentReport.findUniqueOrThrow({ where: key, select: { id: true } });
    throw error;
  }
}

/** Reports for admins, newest first, with the reported text as written. */
export async function listReports({
  db,
  subjectType,
  before,
  limit,
}: {
  db: Db;
  subjectType?: 'message' | 'review';
  before?: string;
  limit: number;
}) {
  const cursor = before ? decodeTimeCursor(before) : null;
  const rows = await db.contentReport.findMany({
    where: { ...(subjectType ? { subjectType } : {}), ...(cursor ? beforeCursor(cursor) : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  const ids = (type: string) => page.filter((r) => r.subjectType === type).map((r) => r.subjectId);
  const messages = new Map(
    (await db.message.findMany({ where: { id: { in: ids('message') } }, select: { id: true, body: true, bookingId: true } })).map((m) => [
      m.id,
      { text: m.body, bookingId: m.bookingId },
    ]),
  );
  const reviews = new Map(
    (await db.review.findMany({ where: { id: { in: ids('review') } }, select: { id: true, text: true, bookingId: true } })).map((r) => [
      r.id,
      { text: r.text, bookingId: r.bookingId },
    ]),
  );
  return {
    reports: page.map((r) => {
      const subject = (r.subjectType === 'message' ? messages : reviews).get(r.subjectId);
      return {
        id: r.id,
        subjectType: r.subjectType as 'message' | 'review',
        subjectId: r.subjectId,
        reporterId: r.reporterId,
        reason: r.reason,
        createdAt: r.createdAt.toISOString(),
        text: subject?.text ?? null,
        bookingId: subject?.bookingId ?? null,
      };
    }),
    nextCursor,
  };
}

/**
 * The caller's inbox: the bookings they are a party of that have messages or are still
 * under way, most recent activity first (a booking's `updatedAt` moves with its changes,
 * messages and reviews), each with the other party, the newest message as the caller may
 * read it, and how many of the other party's messages are unread.
 */
export async function listConversations({ db, userId, before, limit }: { db: Db; userId: string; before?: string; limit: number }) {
  const cursor = before ? decodeTimeCursor(before) : null;
  const rows = await db.booking.findMany({
    where: {
      AND: [
        // A provider learns of a card booking once the card is authorised (as partyOf says).
        { OR: [{ clientId: userId }, { provider: { userId }, status: { not: 'awaiting_payment' } }] },
        { OR: [{ messages: { some: {} } }, { status: { in: [...ACTIVE_STATUSES] } }] },
        ...(cursor ? [{ OR: [{ updatedAt: { lt: cursor.at } }, { updatedAt: cursor.at, id: { lt: cursor.id } }] }] : []),
      ],
    },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: {
      ...conversationSelect,
      startAt: true,
      updatedAt: true,
      service: { select: { id: true, title: true, slug: true } },
      messages: {
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        include: { attachment: { select: { id: true, mimeType: true, sizeBytes: true } } },
      },
      _count: { select: { messages: { where: { senderId: { not: userId }, readAt: null } } } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    conversations: page.map((booking) => {
      const party = booking.clientId === userId ? ('client' as const) : ('provider' as const);
      const latest = booking.messages[0];
      const view = latest ? toMessageView(latest, booking, { id: userId, party }) : null;
      const other = party === 'client' ? booking.provider.user : booking.client;
      return {
        bookingId: booking.id,
        status: booking.status,
        viewerRole: party,
        service: booking.service,
        other: { id: other.id, name: other.name },
        startAt: booking.startAt.toISOString(),
        lastMessage: view
          ? {
              id: view.id,
              mine: view.mine,
              body: view.body,
              masked: view.masked,
              hasAttachment: view.attachment !== null,
              createdAt: view.createdAt,
            }
          : null,
        unreadCount: booking._count.messages,
        updatedAt: booking.updatedAt.toISOString(),
      };
    }),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.updatedAt, id: last.id }) : null,
  };
}
