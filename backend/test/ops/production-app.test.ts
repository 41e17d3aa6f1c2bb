import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { validateEnv } from '../../src/config/env';
import { createDb, type Db } from '../../src/platform/db/client';
import { createRedis, type RedisClient } from '../../src/platform/redis/redis';
import { deployedEnv } from '../support/env-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-app';

// The production configuration (placeholders), served by the test database: what a
// production process exposes and what it hides.
describe('an app in production mode', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let db: Db;
  let redis: RedisClient;
  beforeAll(async () => {
    database = await createTestDatabase();
    const config = validateEnv(deployedEnv('production'));
    ({ db } = createDb({ databaseUrl: database.url }));
    redis = createRedis({ redis: { url: null, mock: true, sentinels: [], sentinelName: null } });
    app = await buildApp({ config, db, dbProvider: 'sqlite', redis, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    redis.disconnect();
    await database.drop();
  });

  it('has no OpenAPI document or UI', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(404);
  });

  it('has no smoke helper routes', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/smoke/status' })).statusCode).toBe(404);
  });

  it('sends HSTS and serves the catalogue', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/categories' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('believes X-Forwarded-For only from a proxy on the private network', async () => {
    const viaProxy = await app.inject({
      method: 'GET',
      url: '/api/cities',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    const direct = await app.inject({
      method: 'GET',
      url: '/api/cities',
      remoteAddress: '203.0.113.50',
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    expect(viaProxy.statusCode).toBe(200);
    expect(direct.statusCode).toBe(200);
    // Rate-limit keys are per client IP: one from the forwarded address, one from the direct peer.
    const keys = await redis.keys('rl:*');
    expect(keys).toContain('rl:198.51.100.9');
    expect(keys).toContain('rl:203.0.113.50');
    expect(keys).not.toContain('rl:10.0.0.5');
  });
});
