import type { Db, DbClient } from '../../platform/db/client';
import { beforeCursor, decodeTimeCursor, pageOf } from '../../platform/db/time-cursor';
import { isUniqueViolation } from '../../platform/db/unique-violation';
import { AppError, notFound } from '../../platform/errors/app-error';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/jobs';
import type { RedisClient } from '../../platform/redis/redis';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { sellerWhere } from '../catalogue/visibility';
import { conversationFor, fileReport, findConversation, notifyMember, type ConversationBooking } from '../messages/messages.service';
import { invalidateSearch } from '../search/search-index.service';

/** A review stays hidden from the other party this long after it is written, unless they write theirs. */
export const BLIND_DAYS = 14;
const BLIND_MS = BLIND_DAYS * 86_400_000;
/** Reviews are for jobs that were done: completed by the provider, or confirmed since. */
export const REVIEWABLE_STATUSES: readonly string[] = ['completed', 'confirmed'];

export const REVIEW_JOBS = { publish: 'reviews.publish' } as const;

export interface ReviewInput {
  quality: number;
  punctuality: number;
  value: number;
  text: string;
}

const reviewInclude = { author: { select: { name: true } } } as const;
type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

function findReview(db: DbClient, id: string) {
  return db.review.findUnique({ where: { id }, include: reviewInclude });
}

function toReviewView(row: ReviewRow) {
  return {
    id: row.id,
    bookingId: row.bookingId,
    authorRole: row.authorRole as 'client' | 'provider',
    authorName: row.author.name,
    quality: row.quality,
    punctuality: row.punctuality,
    value: row.value,
    text: row.text,
    reply: row.reply,
    repliedAt: row.repliedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const blindEnd = (first: { createdAt: Date }) => new Date(first.createdAt.getTime() + BLIND_MS);

/**
 * Publishes the reviews of a booking still hidden, each once (a conditional update), adds
 * the clients' ones to their provider's rating and tells both parties. Returns how many
 * were published: zero when another run or request did it first.
 */
async function publishReviews(tx: DbClient, booking: ConversationBooking, at: Date): Promise<number> {
  const hidden = await tx.review.findMany({ where: { bookingId: booking.id, publishedAt: null } });
  let published = 0;
  for (const review of hidden) {
    const { count } = await tx.review.updateMany({ where: { id: review.id, publishedAt: null }, data: { publishedAt: at } });
    if (count === 0) continue;
    published += 1;
    if (review.authorRole === 'client') await addToRating(tx, booking.provider.id, review);
  }
  if (published > 0) {
    await notifyMember(tx, { to: booking.client, event: 'reviews_published', booking, other: booking.provider.user });
    await notifyMember(tx, { to: booking.provider.user, event: 'reviews_published', booking, other: booking.client });
  }
  return published;
}

/** One more published review in a provider's sums, and the mean recomputed from them. */
async function addToRating(tx: DbClient, providerId: string, review: ReviewInput) {
  const sums = await tx.providerRating.upsert({
    where: { providerId },
    create: { providerId, count: 1, qualitySum: review.quality, punctualitySum: review.punctuality, valueSum: review.value },
    update: {
      count: { increment: 1 },
      qualitySum: { increment: review.quality },
      punctualitySum: { increment: review.punctuality },
      valueSum: { increment: review.value },
    },
  });
  // The upsert holds the row's lock until commit: a concurrent publication waits and reads these sums.
  const average = Math.round(((sums.qualitySum + sums.punctualitySum + sums.valueSum) / (3 * sums.count)) * 100) / 100;
  await tx.providerRating.update({ where: { providerId }, data: { average } });
  // Search keeps candidate sets per service and refreshes those whose row changed.
  await tx.service.updateMany({ where: { providerId }, data: { updatedAt: new Date() } });
}

/**
 * A party reviews the other after the job. The first review of a booking is hidden from
 * the other party until they write theirs or BLIND_DAYS pass (a durable job); the second
 * publishes both at once. Each party reviews once.
 */
export async function writeReview({
  db,
  redis,
  bookingId,
  userId,
  role,
  input,
  origin,
  now = () => new Date(),
}: {
  db: Db;
  redis: RedisClient;
  bookingId: string;
  userId: string;
  role: string;
  input: ReviewInput;
  origin: RequestOrigin;
  now?: () => Date;
}) {
  const { booking, party } = await conversationFor({ db, bookingId, userId, role });
  if (party !== 'client' && party !== 'provider') throw new AppError('NOT_FOUND', 404, 'No such booking');
  if (!REVIEWABLE_STATUSES.includes(booking.status)) {
    throw new AppError('REVIEW_NOT_ALLOWED', 409, 'A booking is reviewed once the job is done', { status: booking.status });
  }
  const at = now();
  let published = 0;
  let id: string;
  try {
    ({ id, published } = await db.$transaction(async (tx) => {
      // Both parties submitting at once: the booking row's lock makes the second wait, then
      // see the first review and publish both, instead of each hiding theirs for 14 days.
      await tx.booking.update({ where: { id: bookingId }, data: { updatedAt: at } });
      const existing = await tx.review.findMany({ where: { bookingId }, select: { authorId: true, publishedAt: true, createdAt: true } });
      if (existing.some((r) => r.authorId === userId)) throw reviewExists();
      const other = existing[0];
      // The other party's review went public when the blind period ended: the window is closed.
      if (other?.publishedAt) throw new AppError('REVIEW_WINDOW_CLOSED', 409, 'The time to review this booking is over');
      const created = await tx.review.create({ data: { bookingId, authorId: userId, authorRole: party, ...input } });
      await recordAudit({
        db: tx,
        action: 'review.written',
        actorId: userId,
        subjectId: created.id,
        origin,
        detail: { bookingId, by: party },
      });
      if (other) return { id: created.id, published: await publishReviews(tx, booking, at) };
      await enqueueJob({
        db: tx,
        job: { kind: REVIEW_JOBS.publish, payload: { bookingId } },
        runAt: blindEnd({ createdAt: created.createdAt }),
        key: `booking:${bookingId}:reviews:publish`,
      });
      const to = party === 'client' ? booking.provider.user : booking.client;
      await notifyMember(tx, { to, event: 'review_received', booking, other: party === 'client' ? booking.client : booking.provider.user });
      return { id: created.id, published: 0 };
    }));
  } catch (error) {
    // Two tabs submitting at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw reviewExists();
    throw error;
  }
  if (published > 0) await invalidateSearch(redis);
  return toReviewView((await findReview(db, id))!);
}

const reviewExists = () => new AppError('REVIEW_EXISTS', 409, 'You have already reviewed this booking');

/**
 * The reviews of a booking the caller may read: their own, and the other party's once
 * published. Admins read published ones only: the blind period holds for everyone.
 */
export async function bookingReviews({ db, bookingId, userId, role }: { db: Db; bookingId: string; userId: string; role: string }) {
  const { booking, party } = await conversationFor({ db, bookingId, userId, role });
  const rows = await db.review.findMany({ where: { bookingId }, include: reviewInclude, orderBy: { createdAt: 'asc' } });
  const first = rows[0];
  const own = rows.find((r) => r.authorId === userId);
  return {
    reviews: rows.filter((r) => r.authorId === userId || r.publishedAt !== null).map(toReviewView),
    canReview:
      (party === 'client' || party === 'provider') &&
      REVIEWABLE_STATUSES.includes(booking.status) &&
      !own &&
      !rows.some((r) => r.publishedAt),
    blindUntil: first && !first.publishedAt ? blindEnd(first).toISOString() : null,
  };
}

/** The reviewed provider answers a client's published review, once. */
export async function replyToReview({
  db,
  reviewId,
  userId,
  reply,
  origin,
  now = () => new Date(),
}: {
  db: Db;
  reviewId: string;
  userId: string;
  reply: string;
  origin: RequestOrigin;
  now?: () => Date;
}) {
  const review = await db.review.findUnique({
    where: { id: reviewId },
    include: { booking: { select: { provider: { select: { userId: true } } } } },
  });
  if (!review || review.authorRole !== 'client' || review.booking.provider.userId !== userId || !review.publishedAt)
    throw notFound('Review');
  await db.$transaction(async (tx) => {
    const { count } = await tx.review.updateMany({ where: { id: reviewId, reply: null }, data: { reply, repliedAt: now() } });
    if (count === 0) throw new AppError('REVIEW_REPLY_EXISTS', 409, 'This review already has your answer');
    await recordAudit({ db: tx, action: 'review.replied', actorId: userId, subjectId: reviewId, origin });
  });
  return toReviewView((await findReview(db, reviewId))!);
}

/** Any member may report a published review; a hidden one does not exist for anyone but its author. */
export async function reportReview({
  db,
  reviewId,
  userId,
  reason,
  origin,
}: {
  db: Db;
  reviewId: string;
  userId: string;
  reason: string;
  origin: RequestOrigin;
}) {
  const review = await db.review.findUnique({ where: { id: reviewId }, select: { id: true, authorId: true, publishedAt: true } });
  if (!review || !review.publishedAt) throw notFound('Review');
  if (review.authorId === userId) throw new AppError('REPORT_OWN_CONTENT', 409, 'You cannot report your own review');
  return fileReport({ db, subjectType: 'review', subjectId: review.id, reporterId: userId, reason, origin });
}

/** The rating a provider's page and cards show: the mean of the published clients' reviews. */
export async function providerRating({ db, providerId }: { db: DbClient; providerId: string }) {
  const row = await db.providerRating.findUnique({ where: { providerId } });
  if (!row || row.count === 0) return { average: null, count: 0, quality: null, punctuality: null, value: null };
  const mean = (sum: number) => Math.round((sum / row.count) * 100) / 100;
  return {
    average: row.average,
    count: row.count,
    quality: mean(row.qualitySum),
    punctuality: mean(row.punctualitySum),
    value: mean(row.valueSum),
  };
}

/** A provider's published reviews by clients, newest first, with their rating; public. */
export async function providerReviews({ db, providerId, before, limit }: { db: Db; providerId: string; before?: string; limit: number }) {
  const provider = await db.providerProfile.findFirst({ where: { id: providerId, ...sellerWhere }, select: { id: true } });
  if (!provider) throw notFound('Provider');
  const cursor = before ? decodeTimeCursor(before) : null;
  const rows = await db.review.findMany({
    where: { authorRole: 'client', publishedAt: { not: null }, booking: { providerId }, ...(cursor ? beforeCursor(cursor) : {}) },
    include: reviewInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { rating: await providerRating({ db, providerId }), reviews: page.map(toReviewView), nextCursor };
}

/**
 * The end of a blind period: whatever is still hidden is published. Not a transactional
 * handler, so that search hears of the new rating after the commit; running it twice is
 * harmless (each review is published once, and a second run finds nothing to do). If the
 * process dies between the commit and the cache bump, cached results age out on their TTL.
 */
export function reviewJobs({ db, redis }: { db: Db; redis?: RedisClient }): JobHandlers {
  return {
    [REVIEW_JOBS.publish]: async ({ bookingId }) => {
      const published = await db.$transaction(async (tx) => {
        const booking = await findConversation(tx, bookingId!);
        return booking ? publishReviews(tx, booking, new Date()) : 0;
      });
      if (published > 0 && redis) await invalidateSearch(redis);
    },
  };
}
