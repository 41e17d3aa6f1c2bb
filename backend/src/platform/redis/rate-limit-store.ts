import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions } from '@fastify/rate-limit';
import type { RedisClient } from './redis';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
type StoreClass<A extends unknown[]> = new (...args: A) => Store;

// @fastify/rate-limit's own stores (no type declarations of their own).
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore') as StoreClass<[boolean, boolean, RedisClient, string]>;
const LocalStore = require('@fastify/rate-limit/store/LocalStore') as StoreClass<[boolean, boolean, number?]>;

// Takes `size` units of a client's count for the window at once, starting the window if new.
const LEASE_SCRIPT = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;
type LeaseCommand = (key: string, windowMs: number, size: number, cb: (error: Error | null, result?: [number, number]) => void) => void;

/** How many units of the count one Redis call takes: 1 (exact and shared) up to 20, a twentieth of the limit. */
export function leaseSize(max: number): number {
  return Math.max(1, Math.min(20, Math.floor(max / 20)));
}

/** Clients whose units are kept in a process at most; past it the oldest lease is dropped (its units unused). */
const MAX_LEASES = 10_000;

/**
 * A local token bucket in front of Redis: a process takes a client's count in leases of
 * `leaseSize(max)` units (one INCRBY), and answers the next requests of that client from the
 * lease without a round trip. Every unit has one number in the shared count, so no more than
 * `max` requests are ever allowed in a window, whatever the number of processes. The cost is
 * on the client's side: units leased by a process it stops using are lost for the window, so a
 * client spread over P processes may be refused up to (P − 1) × (lease − 1) requests early
 * (decision record 0019).
 */
class LeasedCounter {
  private readonly leases = new Map<string, { next: number; last: number; endsAt: number }>();
  /** Requests of a client waiting for the lease in flight: one Redis call serves them all. */
  private readonly waiting = new Map<string, Callback[]>();

  constructor(
    private readonly lease: LeaseCommand,
    private readonly prefix: string,
  ) {}

  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    const now = Date.now();
    const held = this.leases.get(key);
    if (held && held.next <= held.last && now < held.endsAt) {
      cb(null, { current: held.next++, ttl: held.endsAt - now });
      return;
    }
    const size = leaseSize(max);
    if (size === 1) {
      // Exact counting: one unit per call, in parallel, as the plain Redis store does.
      this.lease(this.prefix + key, timeWindow, 1, (error, result) =>
        error || !result ? cb(error ?? new Error('rate-limit lease: no answer')) : cb(null, { current: result[0], ttl: result[1] }),
      );
      return;
    }
    // A burst arriving before the lease does must not take a lease each (each would take
    // `size` units of the count and refuse the client early): the first asks, the rest wait.
    const queue = this.waiting.get(key);
    if (queue) {
      queue.push(cb);
      return;
    }
    this.waiting.set(key, [cb]);
    this.takeLease(key, timeWindow, size);
  }

  private takeLease(key: string, timeWindow: number, size: number): void {
    this.lease(this.prefix + key, timeWindow, size, (error, result) => {
      const waiters = this.waiting.get(key) ?? [];
      this.waiting.delete(key);
      if (error || !result) {
        for (const waiter of waiters) waiter(error ?? new Error('rate-limit lease: no answer'));
        return;
      }
      const [last, ttl] = result;
      let next = last - size + 1;
      for (const waiter of waiters.splice(0, size)) waiter(null, { current: next++, ttl });
      this.leases.delete(key);
      if (this.leases.size >= MAX_LEASES) this.leases.delete(this.leases.keys().next().value!);
      if (next <= last) this.leases.set(key, { next, last, endsAt: Date.now() + ttl });
      if (waiters.length > 0) {
        // More requests than one lease holds: the rest wait for the next one.
        this.waiting.set(key, waiters);
        this.takeLease(key, timeWindow, size);
      }
    });
  }
}

/**
 * The per-IP limit is shared across API processes through Redis, counted in leases (above);
 * while Redis is down (or a command fails) each process counts on its own, so the limit still
 * holds per process and no request waits on Redis. Each decision taken in-process is counted
 * (`onFallback`).
 */
export function failoverRateLimitStore({
  redis,
  nameSpace,
  onFallback,
}: {
  redis: RedisClient;
  nameSpace: string;
  onFallback: () => void;
}) {
  const commands = redis as unknown as { rateLimitLease?: LeaseCommand };
  if (!commands.rateLimitLease) redis.defineCommand('rateLimitLease', { numberOfKeys: 1, lua: LEASE_SCRIPT });
  const lease: LeaseCommand = (...args) => commands.rateLimitLease!(...args);

  class FailoverStore implements Store {
    constructor(
      private readonly remote: Store,
      private readonly leased: LeasedCounter,
      private readonly local: Store,
    ) {}

    private fallback(op: 'incr' | 'read', key: string, cb: Callback, timeWindow: number, max: number) {
      return (error: Error | null, result?: Result) => {
        if (!error && result) return cb(null, result);
        onFallback();
        this.local[op]!(key, cb, timeWindow, max);
      };
    }

    // No pre-check of the connection: before the first connect the command waits for it
    // (counting locally then would split a client's count between two stores); after
    // it, a command sent while Redis is down fails at once and is counted here instead.
    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.leased.incr(key, this.fallback('incr', key, cb, timeWindow, max), timeWindow, max);
    }

    read(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.remote.read!(key, this.fallback('read', key, cb, timeWindow, max), timeWindow, max);
    }

    child(routeOptions: unknown): Store {
      const route = (routeOptions as { routeInfo: { method: string; url: string } }).routeInfo;
      const prefix = `${nameSpace}${route.method}${route.url}-`;
      return new FailoverStore(this.remote.child(routeOptions), new LeasedCounter(lease, prefix), this.local.child(routeOptions));
    }
  }
  // The plugin instantiates the store with its settings.
  return class extends FailoverStore {
    constructor(options: FastifyRateLimitOptions) {
      const params = options as FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean };
      // Leases count each request once in a fixed window; these options change the window per request.
      if (params.continueExceeding || params.exponentialBackoff)
        throw new Error('continueExceeding and exponentialBackoff need exact counts');
      super(new RedisStore(false, false, redis, nameSpace), new LeasedCounter(lease, nameSpace), new LocalStore(false, false));
    }
  };
}
