import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateSearch } from '../../src/modules/search/search-index.service';
import { redisReady } from '../../src/platform/redis/redis';
import { signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

// A Redis server of this test's own on a spare loopback port, stopped and started again
// while the app runs: public reads keep answering, Redis-only features answer 503 with a
// code at once, the per-IP limit holds in-process, and all of it recovers without a restart.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasRedisServer && !testEnv.requireServices)('a Redis outage', () => {
  let t: TestApp;
  let port: number;
  let server: ChildProcess | undefined;
  const startRedis = () => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  };
  const stopRedis = async () => {
    const s = server;
    if (!s || s.exitCode !== null || s.signalCode !== null) return;
    await new Promise((resolve) => {
      s.once('exit', resolve);
      s.kill('SIGKILL');
    });
  };

  beforeAll(async () => {
    port = await freePort();
    startRedis();
    t = await createTestApp({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      MOCK_REDIS: 'false',
      RATE_LIMIT_MAX: '40',
      METRICS_TOKEN: 'metrics-token-for-the-outage-test',
    });
    await until(() => redisReady(t.redis), 'Redis to be up');
  });
  afterAll(async () => {
    await t?.close();
    await stopRedis();
  });

  const ip = (n: number) => `198.51.100.${n}`;
  const get = (url: string, n = 1) => t.app.inject({ method: 'GET', url, remoteAddress: ip(n) });

  it('keeps public reads answering, refuses Redis-only work with 503 CACHE_UNAVAILABLE, and recovers by itself', async () => {
    const account = await signUp(t);
    expect((await get('/api/categories')).statusCode).toBe(200);

    await stopRedis();
    await until(() => !redisReady(t.redis), 'the client to see Redis down');

    for (const url of ['/api/categories', '/api/cities', '/api/search/services?q=plombier', '/api/search/suggestions?q=pl']) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
    }
    // A catalogue change is recorded without Redis (and reaches it once it is back).
    await expect(invalidateSearch(t.redis)).resolves.toBeUndefined();

    // Sign-in counts attempts in Redis: without it, a clear "try again", never a 500.
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: account.email, password: account.password },
      remoteAddress: ip(2),
    });
    expect([signIn.statusCode, signIn.json().error.code]).toEqual([503, 'CACHE_UNAVAILABLE']);
    expect(signIn.headers['retry-after']).toBeDefined();

    // The per-IP limit still holds, counted in this process.
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await get('/api/cities', 3)).statusCode);
    expect(statuses.filter((s) => s === 429).length).toBe(5);

    const metrics = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-for-the-outage-test' },
    });
    expect(metrics.body).toMatch(/^redis_up 0$/m);
    expect(metrics.body).toMatch(/^rate_limit_fallback_total [1-9]/m);
    expect(metrics.body).toMatch(/^dependency_unavailable_total\{dependency="redis"\} [1-9]/m);

    startRedis();
    await until(() => redisReady(t.redis), 'the client to reconnect');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: account.email, password: account.password },
      remoteAddress: ip(4),
    });
    expect(again.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-for-the-outage-test' } })).body,
    ).toMatch(/^redis_up 1$/m);
  });
});
