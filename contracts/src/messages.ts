import { z } from 'zod';
import { bookingStatus } from './bookings';

const instant = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(40);

export const maskedKind = z.enum(['phone', 'email', 'link', 'handle']);

export const messageAttachment = z.object({
  id: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  /** Downloaded through the conversation: both parties may fetch it. */
  url: z.string(),
});

export const message = z.object({
  id: z.string(),
  bookingId: z.string(),
  senderId: z.string(),
  /** client | provider: who wrote it, in this booking. */
  senderRole: z.enum(['client', 'provider']),
  mine: z.boolean(),
  /** As the reader may see it: contact details masked until the booking is accepted. */
  body: z.string(),
  masked: z.array(maskedKind).describe('What was hidden from this reader (empty once the booking is accepted)'),
  attachment: messageAttachment.nullable(),
  readAt: instant.nullable(),
  createdAt: instant,
});
export type Message = z.infer<typeof message>;

export const sendMessageInput = z
  .object({
    body: z.string().trim().max(4000).default(''),
    /** A chat_attachment the sender uploaded (POST /api/uploads?kind=chat_attachment). */
    attachmentId: id.optional(),
  })
  .refine((input) => input.body.length > 0 || input.attachmentId !== undefined, {
    message: 'A message needs text or an attachment',
    path: ['body'],
  });

export const messageListQuery = z.object({
  /** Older messages than this cursor (the page's `nextCursor`), newest first. */
  before: z.string().max(200).optional(),
  /** Newer messages than this cursor (a client catching up), oldest first. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const messageList = z.object({
  messages: z.array(message),
  /** For `before`: the next older page; null when there is none. */
  nextCursor: z.string().nullable(),
  /** A cursor on the newest message returned, for `after`. */
  latestCursor: z.string().nullable(),
  revealed: z.boolean().describe('Contact details are shown (the booking has been accepted)'),
});

export const markReadInput = z.object({
  /** Everything the other party sent up to this message (inclusive) is marked read. */
  upTo: id,
});
export const markReadResult = z.object({ marked: z.number().int() });

export const reportInput = z.object({ reason: z.string().trim().min(3).max(1000) });
export const reportCreated = z.object({ id: z.string() });

export const contentReport = z.object({
  id: z.string(),
  subjectType: z.enum(['message', 'review']),
  subjectId: z.string(),
  reporterId: z.string(),
  reason: z.string(),
  createdAt: instant,
  /** The reported text as written (admins see it unmasked). */
  text: z.string().nullable(),
  bookingId: z.string().nullable(),
});
export const contentReportList = z.object({ reports: z.array(contentReport), nextCursor: z.string().nullable() });
export const contentReportQuery = z.object({
  subjectType: z.enum(['message', 'review']).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

// ── the inbox ──

export const conversationListQuery = z.object({
  /** The next page (`nextCursor` of the previous one). */
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const conversationSummary = z.object({
  bookingId: z.string(),
  status: bookingStatus,
  /** The caller's side in this booking. */
  viewerRole: z.enum(['client', 'provider']),
  service: z.object({ id: z.string(), title: z.string(), slug: z.string() }),
  other: z.object({ id: z.string(), name: z.string() }),
  startAt: instant,
  /** The newest message, as the caller may read it (masked until the booking is accepted); null before any. */
  lastMessage: z
    .object({
      id: z.string(),
      mine: z.boolean(),
      body: z.string(),
      masked: z.array(maskedKind),
      hasAttachment: z.boolean(),
      createdAt: instant,
    })
    .nullable(),
  /** Messages of the other party the caller has not read. */
  unreadCount: z.number().int(),
  /** The booking's last activity (a change, a message, a review): the list's order. */
  updatedAt: instant,
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const conversationList = z.object({
  conversations: z.array(conversationSummary),
  nextCursor: z.string().nullable(),
});

// ── reviews ──

const stars = z.number().int().min(1).max(5);

export const reviewInput = z.object({
  quality: stars,
  punctuality: stars,
  value: stars,
  text: z.string().trim().max(2000).default(''),
});

export const review = z.object({
  id: z.string(),
  bookingId: z.string(),
  authorRole: z.enum(['client', 'provider']),
  authorName: z.string(),
  quality: stars,
  punctuality: stars,
  value: stars,
  text: z.string(),
  reply: z.string().nullable(),
  repliedAt: instant.nullable(),
  /** Null while blind: only its author sees it then. */
  publishedAt: instant.nullable(),
  createdAt: instant,
});
export type Review = z.infer<typeof review>;

export const bookingReviews = z.object({
  /** What the caller may read: their own review, and the other party's once published. */
  reviews: z.array(review),
  /** May the caller write their review now? */
  canReview: z.boolean(),
  /** When the blind period ends if the other party has not written (null before any review). */
  blindUntil: instant.nullable(),
});

export const replyInput = z.object({ reply: z.string().trim().min(1).max(2000) });

export const providerReviewsQuery = z.object({
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const ratingSummary = z.object({
  average: z.number().nullable(),
  count: z.number().int(),
  quality: z.number().nullable(),
  punctuality: z.number().nullable(),
  value: z.number().nullable(),
});
export const providerReviews = z.object({ rating: ratingSummary, reviews: z.array(review), nextCursor: z.string().nullable() });

// ── in-app notifications ──

export const inAppNotification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  bookingId: z.string().nullable(),
  readAt: instant.nullable(),
  createdAt: instant,
});
export const notificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const notificationList = z.object({
  notifications: z.array(inAppNotification),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
});
export const markNotificationsReadInput = z.object({
  /** These notifications; without ids, all of the caller's. */
  ids: z.array(id).max(200).optional(),
});

/** What a member can choose to hear of, and how. Account mail (verification, password) is not optional. */
export const notificationEvent = z.enum(['bookings', 'reminders', 'messages', 'reviews', 'payments']);
export const notificationChannel = z.enum(['email', 'sms', 'in_app']);
export const notificationPreference = z.object({ event: notificationEvent, channel: notificationChannel, enabled: z.boolean() });
/** Local wall-clock time, HH:MM (24 h). */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00 to 23:59');
/** SMS that can wait are held from `start` to `end` on the member's clock (across midnight when start > end). */
export const quietHours = z
  .object({ start: clockTime, end: clockTime })
  .refine((hours) => hours.start !== hours.end, { message: 'start and end must differ (null turns quiet hours off)', path: ['end'] });
export const notificationPreferences = z.object({
  /** Every event × channel pair; all enabled until the member says otherwise. */
  preferences: z.array(notificationPreference),
  /** 21:00–08:00 until the member changes them; null: none. */
  quietHours: quietHours.nullable(),
});
export const notificationPreferencesInput = z
  .object({
    preferences: z.array(notificationPreference).max(15).optional(),
    quietHours: quietHours.nullable().optional(),
  })
  .refine((input) => (input.preferences?.length ?? 0) > 0 || input.quietHours !== undefined, {
    message: 'Give preferences, quietHours or both',
  });

/** A mail's unsubscribe link: what it turns off (the web page shows it before the click). */
export const unsubscribeQuery = z.object({ token: z.string().min(10).max(500) });
export const unsubscribeState = z.object({ event: notificationEvent, subscribed: z.boolean() });
