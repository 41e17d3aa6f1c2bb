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

/**
 * The per-IP limit is shared across API processes through Redis; while Redis is down (or a
 * command fails) each process counts on its own, so the limit still holds per process and
 * no request waits on Redis. Each decision taken in-process is counted (`onFallback`).
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
  class FailoverStore implements Store {
    constructor(
      private readonly remote: Store,
      private readonly local: Store,
    ) {}

    private use(op: 'incr' | 'read', key: string, cb: Callback, timeWindow: number, max: number): void {
      const local = () => {
        onFallback();
        this.local[op]!(key, cb, timeWindow, max);
      };
      // No pre-check of the connection: before the first connect the command waits for it
      // (counting locally then would split a client's count between two stores); after
      // it, a command sent while Redis is down fails at once and is counted here instead.
      this.remote[op]!(key, (error, result) => (error || !result ? local() : cb(null, result)), timeWindow, max);
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.use('incr', key, cb, timeWindow, max);
    }

    read(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.use('read', key, cb, timeWindow, max);
    }

    child(routeOptions: unknown): Store {
      return new FailoverStore(this.remote.child(routeOptions), this.local.child(routeOptions));
    }
  }
  // The plugin instantiates the store with its settings.
  return class extends FailoverStore {
    constructor(options: FastifyRateLimitOptions) {
      const params = options as FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean };
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      super(new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace), new LocalStore(continueExceeding, exponentialBackoff));
    }
  };
}
