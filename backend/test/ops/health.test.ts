import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createDb } from '../../src/platform/db/client';
import { createRedis } from '../../src/platform/redis/redis';
import { createTestApp, testConfig, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

describe('readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is ready when the database and Redis answer, with ClamAV disabled', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.checks.database.status).toBe('ok');
    expect(body.checks.redis.status).toBe('ok');
    expect(body.checks.clamav.status).toBe('disabled');
    expect(body.failed).toEqual([]);
  });

  it('answers 503 naming the database and Redis when they do not answer', async () => {
    // Unreachable on purpose: a SQLite file in a folder that does not exist, a closed port for Redis.
    const config = testConfig('file:/nonexistent-folder/khadamat.db', { MOCK_REDIS: 'false', REDIS_URL: 'redis://127.0.0.1:1' });
    const { db, provider } = createDb({ databaseUrl: config.database.url });
    const redis = createRedis(config);
    redis.on('error', () => {});
    const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.status).toBe('unavailable');
      expect(body.failed).toEqual(['database', 'redis']);
      expect(JSON.stringify(body)).not.toContain('nonexistent-folder');
    } finally {
      await app.close();
      redis.disconnect();
    }
  });

  it('answers 503 naming PostgreSQL when its server is down, with the error text only for operators', async () => {
    const token = 'metrics-token-for-the-health-details';
    const config = testConfig('postgresql://postgres:secret-pw@127.0.0.1:1/khadamat', { METRICS_TOKEN: token });
    const { db, provider } = createDb({ databaseUrl: config.database.url });
    const redis = createRedis(config);
    const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().failed).toContain('database');
      expect(res.json().checks.database).toEqual({ status: 'fail' });
      expect(res.body).not.toContain('secret-pw');
      // Public: no host, port or error text (ECONNREFUSED 127.0.0.1:1 is for operators).
      expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|latency/i);
      expect((await app.inject({ method: 'GET', url: '/health/details' })).statusCode).toBe(401);
      const details = await app.inject({ method: 'GET', url: '/health/details', headers: { authorization: `Bearer ${token}` } });
      expect(details.statusCode).toBe(503);
      expect(details.json().checks.database.error).toMatch(/\S/);
      expect(details.body).not.toContain('secret-pw');
    } finally {
      await app.close();
      redis.disconnect();
    }
  });
});

describe('readiness with antivirus on', () => {
  let dead: Server;
  let deadPort: number;
  beforeAll(async () => {
    // A port that accepts and closes without answering: clamd "not answering".
    dead = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    deadPort = (dead.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => dead.close(() => resolve())));

  it('answers 503 naming clamav when clamd does not answer', async () => {
    const t = await createTestApp({ UPLOAD_ANTIVIRUS: 'true', CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(deadPort) });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().failed).toEqual(['clamav']);
      expect(res.json().checks.database.status).toBe('ok');
    } finally {
      await t.close();
    }
  });

  it.runIf(testEnv.clamav !== null)('is ready against a real clamd', async () => {
    const t = await createTestApp({
      UPLOAD_ANTIVIRUS: 'true',
      CLAMAV_HOST: testEnv.clamav!.host,
      CLAMAV_PORT: String(testEnv.clamav!.port),
    });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.json().checks.clamav.status).toBe('ok');
      expect(res.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
