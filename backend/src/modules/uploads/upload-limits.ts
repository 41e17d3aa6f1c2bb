import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';

const RATE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Counts one upload attempt of a member in a fixed one-hour window shared by every API
 * process, and refuses (429 UPLOAD_RATE_LIMITED, Retry-After: until the window ends) past
 * `perHour`. Every attempt counts, refused ones included: each costs a body read and a
 * scan. The window starts and the count rises in one transaction, so a key can never be
 * left without its expiry.
 */
export async function countUploadAttempt({ redis, ownerId, perHour }: { redis: RedisClient; ownerId: string; perHour: number }) {
  const key = `upload:rate:${ownerId}`;
  const replies = await redis.multi().set(key, '0', 'PX', RATE_WINDOW_MS, 'NX').incr(key).pttl(key).exec();
  const [incrError, count] = replies?.[1] ?? [new Error('no reply')];
  const [, ttlMs] = replies?.[2] ?? [];
  if (incrError) throw incrError;
  if (Number(count) > perHour) {
    const retryAfter = Math.max(1, Math.ceil(Number(ttlMs) / 1000));
    throw new AppError(
      'UPLOAD_RATE_LIMITED',
      429,
      `At most ${perHour} uploads per hour; try again in ${Math.ceil(retryAfter / 60)} min`,
      { limit: perHour, retryAfterSeconds: retryAfter },
      { headers: { 'retry-after': String(retryAfter) } },
    );
  }
}

/** Bytes a member keeps stored: the sum over the uploads they own (the main files; variants are small derived copies). */
export async function storedBytesOf({ db, ownerId }: { db: Db; ownerId: string }): Promise<number> {
  const { _sum } = await db.upload.aggregate({ where: { ownerId }, _sum: { sizeBytes: true } });
  return _sum.sizeBytes ?? 0;
}

/**
 * Refuses (409 UPLOAD_QUOTA_EXCEEDED) when `adding` more bytes would take the member past
 * their quota; `adding: 0` asks whether there is room left at all.
 */
export async function assertQuota({ db, ownerId, quotaBytes, adding }: { db: Db; ownerId: string; quotaBytes: number; adding: number }) {
  const used = await storedBytesOf({ db, ownerId });
  if (used + Math.max(adding, 1) > quotaBytes) {
    throw new AppError(
      'UPLOAD_QUOTA_EXCEEDED',
      409,
      `Your files may take at most ${formatMiB(quotaBytes)} in all (${formatMiB(used)} used); delete some to upload more`,
      { quotaBytes, usedBytes: used },
    );
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
