import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createDb } from '../../src/platform/db/client';
import { createTestApp, type TestApp } from '../support/test-app';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  const call = (ip: string) => t.app.inject({ method: 'GET', url: '/api/cities', headers: { 'x-forwarded-for': ip } });

  it('answers 429 with a stable code past the limit, per client IP', async () => {
    for (let i = 0; i < 3; i++) expect((await call('198.51.100.1')).statusCode).toBe(200);
    const limited = await call('198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await call('198.51.100.2')).statusCode).toBe(200);
  });

  it('never limits health checks', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-forwarded-for': '198.51.100.1' } });
      expect(res.statusCode).toBe(200);
    }
  });

  it('shares counters between API processes through Redis', async () => {
    // A second app on the same database and the same Redis keyspace: a second process.
    const { db, provider } = createDb({ databaseUrl: t.config.database.url });
    const second = await buildApp({ config: t.config, db, dbProvider: provider, redis: t.redis, logger: false });
    try {
      const res = await second.inject({ method: 'GET', url: '/api/cities', headers: { 'x-forwarded-for': '198.51.100.1' } });
      expect(res.statusCode).toBe(429);
    } finally {
      await second.close();
      await db.$disconnect();
    }
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const direct = await createTestApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: '0' });
    try {
      const statuses = [];
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await direct.app.inject({ method: 'GET', url: '/api/cities', headers: { 'x-forwarded-for': ip } })).statusCode);
      }
      // A spoofed header does not give each call a new identity.
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
  });
});
