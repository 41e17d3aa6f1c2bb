import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Counter, Gauge } from 'prom-client';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { redisReady, type RedisClient } from '../../platform/redis/redis';
import { advanceFloor, encodeLiveCursor, LIVE_SETTLE_MS, MAX_SEEN, type LiveCursor } from './live-cursor';
import { liveEventsAfter } from './live.service';
import { publishWakeUps, wakeChannel, type WakeUp } from './live-wake-ups';

/** A comment line this often: proxies (HAProxy's `timeout server`/`tunnel`) and browsers see the stream alive. It also re-reads the database. */
export const HEARTBEAT_MS = 25_000;
/** While the wake-up channel is down, every stream re-reads the database this often. */
export const FALLBACK_POLL_MS = 2_000;
/** Streams one member may hold open on one process (tabs and devices); one more is refused. */
export const MAX_STREAMS_PER_MEMBER = 6;
/** How long a browser waits before reconnecting a stream that ended (the SSE `retry:` field). */
const RECONNECT_MS = 1_000;
const PAGE = 100;
/** What may wait in memory for a slow reader before its stream is ended. */
const MAX_BUFFERED_BYTES = 1_000_000;

interface Stream {
  userId: string;
  out: PassThrough;
  response: ServerResponse;
  cursor: LiveCursor;
  closed: boolean;
  pulling: boolean;
  again: boolean;
  lastId: string;
  timer: NodeJS.Timeout;
}

export interface LiveHub {
  /** Opens a member's stream from `cursor` (or from now); throws TOO_MANY_STREAMS past the limit. */
  open(input: { userId: string; cursor: LiveCursor | null; response: ServerResponse }): Promise<PassThrough>;
  /** Ends every stream (shutdown: browsers reconnect to another process and resume from their cursor). */
  drain(): void;
  close(): Promise<void>;
  readonly size: number;
}

/**
 * The streams of one API process: woken by commits in this process and by Redis pub/sub
 * from the others (and the workers); while the subscriber is down, every stream polls the
 * database, and catches up when it is back.
 */
export function createLiveHub({
  db,
  redis,
  log,
  metrics,
}: {
  db: Db;
  redis: RedisClient;
  log: FastifyBaseLogger;
  metrics: { liveStreams: Gauge; liveEventsSent: Counter<'event'> };
}): LiveHub {
  const instance = randomUUID();
  const streams = new Map<string, Set<Stream>>();
  let size = 0;
  let closing = false;

  const wake = (members: string[]) => {
    for (const member of members) for (const stream of streams.get(member) ?? []) void pull(stream);
  };
  const wakeAll = () => {
    for (const set of streams.values()) for (const stream of set) void pull(stream);
  };
  const stopPublishing = publishWakeUps({ db, redis, from: instance, local: wake });

  // A connection of its own: a subscribed client can do nothing else. It subscribes on each
  // connection (ready); its commands wait for the connection, with no time limit, instead of
  // failing fast like the API client's.
  const subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
  subscriber.on('error', () => undefined);
  const channel = wakeChannel(redis);
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    try {
      const message = JSON.parse(text) as WakeUp;
      if (message.from !== instance && Array.isArray(message.members)) wake(message.members.filter((m) => typeof m === 'string'));
    } catch {
      // not a wake-up
    }
  });
  let subscribed = false;
  let wasDown = false;
  const subscribe = () =>
    subscriber
      .subscribe(channel)
      .then(() => {
        if (subscribed) return;
        subscribed = true;
        if (!wasDown) return;
        log.info('live: wake-ups back on Redis; streams catch up from the database');
        // What was written while the channel was down is read now, and once more a moment later.
        wakeAll();
        setTimeout(wakeAll, FALLBACK_POLL_MS).unref();
      })
      .catch((err: Error) => log.warn({ err }, 'live: subscribing to wake-ups failed; streams poll the database'));
  // The in-process client (local mode) has no connection events: it is up from the start.
  if (redisReady(subscriber)) void subscribe();
  subscriber.on('ready', () => void subscribe());
  subscriber.on('close', () => {
    if (!subscribed) return;
    subscribed = false;
    wasDown = true;
    log.warn('live: wake-up channel down; streams poll the database every %d ms', FALLBACK_POLL_MS);
  });
  const fallback = setInterval(() => {
    if (!subscribed || !redisReady(subscriber)) wakeAll();
  }, FALLBACK_POLL_MS);
  fallback.unref();

  const write = (stream: Stream, chunk: string) => {
    if (stream.closed) return;
    stream.out.write(chunk);
    // A reader that does not keep up is let go rather than buffered for: it reconnects and resumes from its last id.
    if (stream.out.writableLength > MAX_BUFFERED_BYTES) {
      remove(stream);
      stream.out.end();
    }
  };

  /** Sends what the database has for the stream past its cursor; one read at a time per stream. */
  async function pull(stream: Stream): Promise<void> {
    if (stream.closed) return;
    if (stream.pulling) {
      stream.again = true;
      return;
    }
    stream.pulling = true;
    try {
      do {
        stream.again = false;
        // Every row written before started − LIVE_SETTLE_MS has committed by now, so these reads see it.
        const started = Date.now();
        for (;;) {
          const { events, more } = await liveEventsAfter({
            db,
            userId: stream.userId,
            after: new Date(stream.cursor.floor),
            except: [...stream.cursor.seen.keys()],
            limit: PAGE,
          });
          for (const event of events) {
            if (stream.closed || stream.cursor.seen.has(event.id) || event.at <= stream.cursor.floor) continue;
            stream.cursor.seen.set(event.id, event.at);
            // The id stays within what a resume accepts (MAX_SEEN), even within a long page.
            if (stream.cursor.seen.size > MAX_SEEN) advanceFloor(stream.cursor, stream.cursor.floor);
            stream.lastId = encodeLiveCursor(stream.cursor);
            write(stream, `id: ${stream.lastId}\nevent: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`);
            metrics.liveEventsSent.inc({ event: event.name });
          }
          if (!more || stream.closed) break;
        }
        advanceFloor(stream.cursor, started - LIVE_SETTLE_MS);
      } while (stream.again && !stream.closed);
    } catch (err) {
      // The database is down or slow: the next heartbeat or wake-up tries again.
      log.warn({ err, userId: stream.userId }, 'live: reading events failed');
    } finally {
      stream.pulling = false;
    }
  }

  /** A new stream starts at "now": what was written before is what the page has just read. */
  async function freshCursor(userId: string): Promise<LiveCursor> {
    const cursor: LiveCursor = { floor: Date.now() - LIVE_SETTLE_MS, seen: new Map() };
    for (;;) {
      const { events, more } = await liveEventsAfter({
        db,
        userId,
        after: new Date(cursor.floor),
        except: [...cursor.seen.keys()],
        limit: PAGE,
      });
      for (const event of events) cursor.seen.set(event.id, event.at);
      if (!more) break;
    }
    advanceFloor(cursor, cursor.floor);
    return cursor;
  }

  const remove = (stream: Stream) => {
    if (stream.closed) return;
    stream.closed = true;
    clearInterval(stream.timer);
    const set = streams.get(stream.userId);
    set?.delete(stream);
    if (set?.size === 0) streams.delete(stream.userId);
    size -= 1;
    metrics.liveStreams.set(size);
  };

  return {
    get size() {
      return size;
    },
    async open({ userId, cursor, response }) {
      if (closing) throw new AppError('SHUTTING_DOWN', 503, 'The server is shutting down; try again');
      if ((streams.get(userId)?.size ?? 0) >= MAX_STREAMS_PER_MEMBER) {
        throw new AppError('TOO_MANY_STREAMS', 429, `At most ${MAX_STREAMS_PER_MEMBER} live streams per member; close another tab`);
      }
      const start = cursor ?? (await freshCursor(userId));
      const out = new PassThrough();
      const stream: Stream = {
        userId,
        out,
        response,
        cursor: start,
        closed: false,
        pulling: false,
        again: false,
        lastId: encodeLiveCursor(start),
        timer: setInterval(() => {
          // The heartbeat also moves the client's cursor forward, so its id stays short.
          const id = encodeLiveCursor(stream.cursor);
          write(stream, id === stream.lastId ? ': ping\n\n' : `: ping\nid: ${id}\n\n`);
          stream.lastId = id;
          void pull(stream);
        }, HEARTBEAT_MS),
      };
      stream.timer.unref();
      let set = streams.get(userId);
      if (!set) streams.set(userId, (set = new Set()));
      set.add(stream);
      size += 1;
      metrics.liveStreams.set(size);
      // A stream's connection is never reused: gone with the stream, it leaves nothing for a
      // shutdown to wait on (the response lets go of its socket when it closes).
      const socket = response.socket;
      response.once('close', () => {
        remove(stream);
        socket?.destroy();
      });
      out.on('close', () => remove(stream));
      // The id block gives the client a cursor before any event (a block without data dispatches nothing).
      write(stream, `retry: ${RECONNECT_MS}\nid: ${stream.lastId}\n\n`);
      if (cursor) void pull(stream);
      return out;
    },
    drain() {
      closing = true;
      for (const set of [...streams.values()]) {
        for (const stream of [...set]) {
          remove(stream);
          stream.out.end();
        }
      }
    },
    async close() {
      this.drain();
      clearInterval(fallback);
      stopPublishing();
      subscriber.disconnect();
    },
  };
}
