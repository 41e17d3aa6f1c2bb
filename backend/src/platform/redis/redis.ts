import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { Config } from '../../config/env';

export type RedisClient = Redis;

/** A command that gets no answer within this is failed (a hung server, not a closed one). */
const COMMAND_TIMEOUT_MS = 500;

/**
 * A real connection when REDIS_URL is set; an in-process one only when MOCK_REDIS=true,
 * which validateEnv() allows in local environments alone.
 *
 * No request ever waits on an offline Redis: commands are queued only until the first
 * connection (start-up), then a command issued while disconnected fails at once, and one
 * that gets no answer fails after COMMAND_TIMEOUT_MS. Callers degrade (cache bypassed,
 * in-process rate limit) or answer 503 CACHE_UNAVAILABLE. The client reconnects by itself.
 */
export function createRedis(config: Pick<Config, 'redis'>, opts: { keyPrefix?: string } = {}): RedisClient {
  const { url, sentinels, sentinelName } = config.redis;
  if ((url || sentinels.length) && !config.redis.mock) {
    // Through Sentinel, ioredis asks the sentinels for the current primary on every
    // (re)connection, so a failover is followed without a restart.
    const common: RedisOptions = {
      keyPrefix: opts.keyPrefix,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 5_000,
      lazyConnect: false,
      // Reconnect quickly after an outage: the platform recovers without a restart.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      // Commands issued in the same tick (the rate limiter's and the search cache's, across
      // concurrent requests) leave in one write: measured at a quarter of a cached search's
      // CPU when each command was its own socket write.
      enableAutoPipelining: true,
    };
    const redis = sentinels.length
      ? new Redis({
          ...(url ? optionsFromUrl(url) : {}),
          ...common,
          sentinels,
          name: sentinelName!,
          sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
        })
      : new Redis(url!, common);
    redis.once('ready', () => {
      redis.options.enableOfflineQueue = false;
    });
    // Errors are reported by watchRedis once per change of state; without a listener,
    // ioredis would print "Unhandled error event" for every reconnection attempt.
    redis.on('error', () => undefined);
    return redis;
  }
  return new RedisMock({ keyPrefix: opts.keyPrefix }) as unknown as Redis;
}

/** The primary's password, database and TLS from REDIS_URL, for the Sentinel connection. */
function optionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) || 0 } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Is the connection up? Callers that can do without Redis check this first (the circuit). */
export function redisReady(redis: RedisClient): boolean {
  // The in-process client has no connection state: it is always up.
  const status = (redis as { status?: string }).status;
  return status === undefined || status === 'ready';
}

/**
 * The circuit's state changes, each logged once (never once per request) and exposed as
 * the `redis_up` gauge.
 */
export function watchRedis(redis: RedisClient, { log, setUp }: { log: FastifyBaseLogger; setUp: (up: boolean) => void }): () => void {
  let up = redisReady(redis);
  setUp(up);
  let lastError = '';
  const onError = (error: Error) => {
    lastError = error.message;
  };
  const onReady = () => {
    if (up) return;
    up = true;
    setUp(true);
    log.info('redis connection up: cache, shared rate limits and counters back on Redis');
  };
  const onDown = () => {
    if (!up) return;
    up = false;
    setUp(false);
    log.warn({ reason: lastError || 'connection closed' }, 'redis connection down: cache bypassed, rate limits in-process');
  };
  redis.on('error', onError);
  redis.on('ready', onReady);
  redis.on('close', onDown);
  redis.on('end', onDown);
  return () => {
    redis.off('error', onError);
    redis.off('ready', onReady);
    redis.off('close', onDown);
    redis.off('end', onDown);
  };
}
