import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app';
import { backendRoot } from '../../src/config/paths';
import { enqueueNotification } from '../../src/modules/notifications/notifications.service';
import { createDb } from '../../src/platform/db/client';
import { createRedis, redisReady } from '../../src/platform/redis/redis';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { SseClient, type SseEvent } from '../support/sse';
import { createTestApp, testConfig, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

// Live delivery across real processes on one database and one Redis server: a message sent
// through one API process reaches a stream held by another, and a notification written by a
// worker process (a job) reaches a stream too. Needs a real Redis server (TEST_REDIS_URL).
const TSX = join(backendRoot, '../node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `tsx src/<script>` in a bare environment; resolves once its output matches `ready`. */
async function startProcess(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(TSX, [script], { cwd: backendRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let output = '';
  const started = new Promise<void>((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
  });
  await Promise.race([
    started,
    once(child, 'exit').then(([code]) => {
      throw new Error(`${script} exited (${String(code)}): ${output}`);
    }),
  ]);
  return child;
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const hasRedis = testEnv.redisUrl !== null || testEnv.requireServices;

describe.skipIf(!hasRedis)('live delivery across processes', () => {
  let t: TestApp;
  let client: TestSession;
  let provider: TestSession;
  let serviceId: string;
  const children: ChildProcess[] = [];
  const streams: SseClient[] = [];
  const env = (extra: Record<string, string>) => ({
    NODE_ENV: 'test',
    DATABASE_URL: t.config.database.url,
    REDIS_URL: testEnv.redisUrl!,
    MOCK_REDIS: 'false',
    AUTO_MIGRATE: 'false',
    SERVE_FRONTEND: 'false',
    UPLOAD_STORAGE_DIR: join(inject('tmpDir'), `live-uploads-${process.pid}`),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    const bookable = await bookableService(t);
    provider = bookable.provider;
    serviceId = bookable.service.id;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all(children.map(stop));
    await t.close();
  });

  const book = async () => {
    const slots = await nextSlots(t, serviceId, 20);
    const taken = new Set((await t.db.booking.findMany({ select: { startAt: true } })).map((b) => b.startAt.toISOString()));
    const slot = slots.find((s) => !taken.has(new Date(s).toISOString()))!;
    const res = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slot) });
    expect(res.statusCode).toBe(201);
    return res.json().ids[0] as string;
  };
  const api = async () => {
    const port = await freePort();
    children.push(await startProcess('src/server.ts', env({ PORT: String(port), HOST: '127.0.0.1' }), /listening on/));
    return `http://127.0.0.1:${port}`;
  };
  const open = async (base: string, session: TestSession) => {
    const s = await SseClient.open(`${base}/api/me/events`, { cookie: session.cookie });
    expect(s.status).toBe(200);
    streams.push(s);
    return s;
  };
  it('a message sent through one API process reaches a stream held by the other', async () => {
    const bookingId = await book();
    const [api1, api2] = [await api(), await api()];
    const onApi2 = await open(api2, provider);
    const clientOnApi1 = await open(api1, client);
    const sent = await fetch(`${api1}/api/bookings/${bookingId}/messages`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Bonjour depuis le processus 1' }),
    });
    expect(sent.status).toBe(201);
    const { id } = (await sent.json()) as { id: string };
    // The provider's stream on api2: the message (and its notice), woken through Redis.
    const events = await onApi2.waitFor(2);
    expect(messages(events)).toEqual([id]);
    expect(events.find((e) => e.event === 'notification')?.data).toMatchObject({ kind: 'message.received', bookingId });
    expect(messages(await clientOnApi1.waitFor(1))).toEqual([id]);
  }, 120_000);

  it('a notification written by a worker process (a job) reaches the member’s stream', async () => {
    const bookingId = await book();
    const base = await api();
    const stream = await open(base, client);
    // The provider never answered: the expiry job is due now.
    await t.db.outboxMessage.update({ where: { idempotencyKey: `booking:${bookingId}:expire` }, data: { nextAttemptAt: new Date() } });
    children.push(await startProcess('src/worker.ts', env({ LOG_LEVEL: 'info' }), /worker started/));
    const [notice] = await stream.waitFor(1);
    expect(notice).toMatchObject({ event: 'notification', data: { kind: 'booking.expired', bookingId } });
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('expired');
  }, 120_000);
});

// A Redis server of this test's own, stopped for 30 s while members write: the streams of
// a process that cannot hear wake-ups read the database on a short interval meanwhile, and
// once Redis is back nothing is lost and nothing comes twice.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
describe.skipIf(!hasRedisServer && !testEnv.requireServices)('live delivery while Redis is down', () => {
  let t: TestApp;
  let other: TestApp;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let stream: SseClient | undefined;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (
        await new Promise<boolean>((resolve) => {
          const probe = createConnection(redisPort);
          probe.once('connect', () => {
            probe.destroy();
            resolve(true);
          });
          probe.once('error', () => resolve(false));
        })
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stopRedis = async () => {
    const s = redis;
    if (!s || s.exitCode !== null || s.signalCode !== null) return;
    const exited = once(s, 'exit');
    s.kill('SIGKILL');
    await exited;
  };

  beforeAll(async () => {
    redisPort = await freePort();
    await startRedis();
    const overrides = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, MOCK_REDIS: 'false' };
    t = await createTestApp(overrides);
    // A second API process's view: its own connections to the same database and Redis (same key space).
    other = await secondApp(t, overrides);
  });
  afterAll(async () => {
    stream?.close();
    await other?.close();
    await t?.close();
    await stopRedis();
  });

  it('delivers every message written during a 30 s outage, and none twice', async () => {
    await seedReference(t);
    const client = await signUp(t);
    const bookable = await bookableService(t);
    const [slot] = await nextSlots(t, bookable.service.id);
    const bookingId = (
      await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })
    ).json().ids[0];
    const base = await other.app.listen({ host: '127.0.0.1', port: 0 });
    stream = await SseClient.open(`${base}/api/me/events`, { cookie: bookable.provider.cookie });
    expect(stream.status).toBe(200);
    const sent: string[] = [];
    const write = async (body: string, from: TestSession) => {
      const res = await as(t, from)({ method: 'POST', url: `/api/bookings/${bookingId}/messages`, payload: { body } });
      expect(res.statusCode).toBe(201);
      sent.push(res.json().id);
    };

    await write('avant la panne', client);
    // Each message of the client comes with its notice; the provider's own come alone.
    let expected = 2;
    await stream.waitFor(expected);
    await stopRedis();
    const outageEnds = Date.now() + 30_000;
    for (let n = 1; Date.now() < outageEnds; n++) {
      const fromClient = n % 3 !== 0;
      await write(`pendant la panne ${n}`, fromClient ? client : bookable.provider);
      expected += fromClient ? 2 : 1;
      await new Promise((r) => setTimeout(r, 2_500));
    }
    // All of it reaches the stream while Redis is still down: its process reads the database on an interval.
    expect(redis?.exitCode ?? redis?.signalCode).not.toBeNull();
    await stream.waitFor(expected);
    expect(messages(stream.events)).toEqual(sent);

    await startRedis();
    await until(() => redisReady(other.redis) && redisReady(t.redis));
    await write('après la panne', client);
    expected += 2;
    await stream.waitFor(expected);
    await enqueueNotification({
      db: t.db,
      notification: { channel: 'in_app', userId: bookable.provider.userId, kind: 'test.marker', title: 'fin', body: '' },
    });
    await stream.waitFor(expected + 1);
    // Everything once, in the order written, the marker last.
    expect(messages(stream.events)).toEqual(sent);
    expect(stream.events).toHaveLength(expected + 1);
    expect(stream.events.at(-1)).toMatchObject({ event: 'notification', data: { title: 'fin' } });
    const ids = stream.events.map(
      (e) => (e.data as { id?: string; message?: { id: string } }).message?.id ?? (e.data as { id: string }).id,
    );
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});

const messages = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'message').map((e) => (e.data as { message: { id: string } }).message.id);

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setTimeout(r, 50));
}

/** Another API process's app: its own database and Redis connections, the same database and key space as `t`. */
async function secondApp(t: TestApp, overrides: Record<string, string>): Promise<TestApp> {
  const config = testConfig(t.config.database.url, overrides);
  const { db, provider } = createDb({ databaseUrl: config.database.url, poolMax: 4 });
  const redis = createRedis(config, { keyPrefix: t.redis.options.keyPrefix });
  const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
  await app.ready();
  return {
    app,
    db,
    redis,
    config,
    close: async () => {
      await app.close();
      await db.$disconnect();
      redis.disconnect();
    },
  };
}
