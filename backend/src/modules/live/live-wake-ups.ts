import { randomUUID } from 'node:crypto';
import { onMembersTouched } from '../../platform/db/after-commit';
import type { Db } from '../../platform/db/client';
import { redisReady, type RedisClient } from '../../platform/redis/redis';

/** The channel that carries "wake member X up", in the Redis client's key space (tests share one server). */
export function wakeChannel(redis: RedisClient): string {
  return `${(redis as { options?: { keyPrefix?: string } }).options?.keyPrefix ?? ''}live:wake`;
}

export interface WakeUp {
  /** The process that published it (it has woken its own streams already). */
  from: string;
  members: string[];
}

/**
 * After a commit that touched members (touchMembers), tells every process to wake their
 * streams: this one directly, the others through Redis pub/sub. The message carries ids
 * only; what to send is read from the database. A lost message costs a delay, never an
 * event: streams re-read on every heartbeat. Workers publish; API processes also listen.
 */
export function publishWakeUps({
  db,
  redis,
  from = randomUUID(),
  local,
}: {
  db: Db;
  redis: RedisClient;
  from?: string;
  local?: (members: string[]) => void;
}): () => void {
  const channel = wakeChannel(redis);
  return onMembersTouched(db, (members) => {
    local?.(members);
    // Redis down: the streams elsewhere are polling the database meanwhile, so nothing is
    // queued for later (a queue would only grow while it is down).
    if (!redisReady(redis)) return;
    const message: WakeUp = { from, members };
    redis.publish(channel, JSON.stringify(message)).catch(() => undefined);
  });
}
