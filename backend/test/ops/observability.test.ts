import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/app';
import { createDb } from '../../src/platform/db/client';
import { flushSentry } from '../../src/platform/observability/sentry';
import { createRedis } from '../../src/platform/redis/redis';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-app';

/** A local server speaking Sentry's envelope endpoint, standing in for sentry.io. */
function startSentryStandIn() {
  const envelopes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, envelopes };
}

/** An app whose log lines are kept (parsed), with a route that throws `message`. */
async function appWithLogs(config: ReturnType<typeof testConfig>, message: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const { db, provider } = createDb({ databaseUrl: config.database.url });
  const redis = createRedis(config);
  const app = await buildApp({ config, db, dbProvider: provider, redis, logger: loggerOptions(config, stream) });
  app.get('/boom', async () => {
    throw new Error(message);
  });
  const close = async () => {
    await app.close();
    await db.$disconnect();
    redis.disconnect();
  };
  return { app, lines, close };
}

describe('logs and error reporting', () => {
  let database: TestDatabase;
  let sentry: { server: Server; envelopes: string[] };
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    sentry = startSentryStandIn();
    await new Promise<void>((resolve) => sentry.server.listen(0, '127.0.0.1', resolve));
    port = (sentry.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => sentry.server.close(resolve));
    await database.drop();
  });

  it('writes the request id on every line, redacts secrets, reports 5xx to Sentry and hides the cause from the client', async () => {
    const config = testConfig(database.url, { LOG_LEVEL: 'info', SENTRY_DSN: `http://publickey@127.0.0.1:${port}/42` });
    const { app, lines, close } = await appWithLogs(config, 'database password is hunter2');
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/boom',
        headers: { authorization: 'Bearer very-secret-token', cookie: 'session=abc123', 'x-request-id': 'req-observability-1' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'req-observability-1' } });
      expect(res.body).not.toContain('hunter2');

      const mine = lines.filter((l) => l.requestId === 'req-observability-1');
      // The error handler's line with the cause, then the request's one line
      expect(mine.map((l) => [l.level, l.msg])).toEqual([
        [50, 'unhandled error'],
        [30, 'request completed'],
      ]);
      expect(mine.at(-1)).toMatchObject({ statusCode: 500 });
      const all = JSON.stringify(lines);
      expect(all).not.toContain('very-secret-token');
      expect(all).not.toContain('abc123');

      await flushSentry();
      const events = sentry.envelopes.join('\n');
      expect(events).toContain('database password is hunter2');
      expect(events).toContain('req-observability-1');
    } finally {
      await close();
    }
  });

  it('logs one line per answered request at REQUEST_LOG_LEVEL, and server errors whatever it is', async () => {
    const run = async (requestLogLevel: string) => {
      const config = testConfig(database.url, { LOG_LEVEL: 'info', REQUEST_LOG_LEVEL: requestLogLevel });
      const { app, lines, close } = await appWithLogs(config, 'boom');
      try {
        await app.inject({ method: 'GET', url: '/health/live?probe=1', headers: { 'x-request-id': 'req-ok-12345678' } });
        await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-boom-12345678' } });
      } finally {
        await close();
      }
      return { ok: lines.filter((l) => l.requestId === 'req-ok-12345678'), boom: lines.filter((l) => l.requestId === 'req-boom-12345678') };
    };

    const info = await run('info');
    expect(info.ok).toHaveLength(1);
    expect(info.ok[0]).toMatchObject({ level: 30, msg: 'request completed', method: 'GET', url: '/health/live?probe=1', statusCode: 200 });
    expect(info.ok[0]!.responseTime).toEqual(expect.any(Number));
    expect(info.boom.map((l) => l.msg)).toEqual(['unhandled error', 'request completed']);

    // Below LOG_LEVEL, or silent: no line for an answered request; a server error is still logged.
    const debug = await run('debug');
    expect(debug.ok).toHaveLength(0);
    expect(debug.boom.map((l) => l.msg)).toEqual(['unhandled error']);
    const silent = await run('silent');
    expect(silent.ok).toHaveLength(0);
    expect(silent.boom.map((l) => l.msg)).toEqual(['unhandled error']);
  });
});
