import type { RedisClient } from '../../platform/redis/redis';

// Attempt counters shared by every API process. A limit is enforced on the value that the
// increment itself returns, before the expensive or secret check it guards: N parallel
// requests get the values 1..N, so exactly `limit` of them are let through, whatever the
// parallelism (reading the count first and writing it after lets a burst past the limit).

/**
 * Adds one to each counter, atomically (one MULTI), and returns the new values. A counter
 * is born with a fixed window of `windowSeconds` (SET NX EX, then INCR, in the same MULTI:
 * a crash can never leave a counter without expiry).
 */
export async function countAttempts(redis: RedisClient, keys: readonly string[], windowSeconds: number): Promise<number[]> {
  const multi = redis.multi();
  for (const key of keys) multi.set(key, '0', 'EX', windowSeconds, 'NX').incr(key);
  const results = await multi.exec();
  if (!results) throw new Error('attempt counter transaction was aborted');
  return keys.map((_, i) => {
    const [error, value] = results[i * 2 + 1]!;
    if (error) throw error;
    return Number(value);
  });
}

/** countAttempts for one counter. */
export async function countAttempt(redis: RedisClient, key: string, windowSeconds: number): Promise<number> {
  const [count] = await countAttempts(redis, [key], windowSeconds);
  return count!;
}

// Only an existing, positive counter is decremented: a give-back never creates a key
// (which would have no expiry) nor goes below zero.
const GIVE_BACK = "local n = tonumber(redis.call('GET', KEYS[1])) if n and n > 0 then return redis.call('DECR', KEYS[1]) end return 0";

/** Returns the attempt a request took once it turned out not to be a failure (a right password). */
export async function giveBackAttempt(redis: RedisClient, key: string): Promise<void> {
  await redis.eval(GIVE_BACK, 1, key);
}
