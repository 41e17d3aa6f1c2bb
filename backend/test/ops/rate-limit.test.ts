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

describe('rate limits counted in leases', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A limit of 100 is counted in leases of 5 units: one Redis call per 5 requests of a client.
    t = await createTestApp({ RATE_LIMIT_MAX: '100', RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it("takes a client's count from Redis a lease at a time, and reports the exact remaining count", async () => {
    const call = () => t.app.inject({ method: 'GET', url: '/api/cities', headers: { 'x-forwarded-for': '198.51.100.20' } });
    const first = await call();
    expect(first.headers['x-ratelimit-remaining']).toBe('99');
    expect(await t.redis.get('rl:198.51.100.20')).toBe('5');
    for (let i = 2; i <= 6; i++) expect((await call()).headers['x-ratelimit-remaining']).toBe(String(100 - i));
    expect(await t.redis.get('rl:198.51.100.20')).toBe('10');
  });

  it('never allows more than the limit, however the requests are spread over processes', async () => {
    const { db, provider } = createDb({ databaseUrl: t.config.database.url });
    const second = await buildApp({ config: t.config, db, dbProvider: provider, redis: t.redis, logger: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 130; i++) {
        const app = i % 3 === 0 ? second : t.app;
        statuses.push(
          (await app.inject({ method: 'GET', url: '/api/cities', headers: { 'x-forwarded-for': '198.51.100.21' } })).statusCode,
        );
      }
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(100);
      // Units leased by one process and not used by it are the only ones lost.
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(100 - 4);
      expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
    } finally {
      await second.close();
      await db.$disconnect();
    }
  });
});
