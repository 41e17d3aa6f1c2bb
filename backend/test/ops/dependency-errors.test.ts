import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { dependencyFailure } from '../../src/platform/errors/dependency-errors';
import { createDb, type Db } from '../../src/platform/db/client';
import { createRedis, type RedisClient } from '../../src/platform/redis/redis';
import { testConfig } from '../support/test-app';

// "Try again" is not "bug": a dependency that is down answers with its own code and a
// Retry-After, never 500 INTERNAL_ERROR.
describe('dependency errors', () => {
  let app: FastifyInstance;
  let db: Db;
  let redis: RedisClient;
  beforeAll(async () => {
    // Nothing listens on port 1: PostgreSQL is unreachable from the first request.
    const config = testConfig('postgresql://postgres@127.0.0.1:1/khadamat', {
      MOCK_REDIS: 'true',
      METRICS_TOKEN: 'metrics-token-dependency-test',
    });
    ({ db } = createDb({ databaseUrl: config.database.url }));
    redis = createRedis(config);
    app = await buildApp({ config, db, dbProvider: 'postgresql', redis, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.$disconnect();
    redis.disconnect();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After when PostgreSQL is unreachable, and counts it', async () => {
    for (const url of ['/api/categories', '/api/services/0123456789abcdef', '/api/search/services?q=plombier']) {
      const res = await app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 503, 'DATABASE_UNAVAILABLE']);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|prisma/i);
    }
    const metrics = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-dependency-test' },
    });
    expect(metrics.body).toMatch(/^dependency_unavailable_total\{dependency="database"\} 3$/m);
  });

  it('recognises a full disk, Redis out of retries, and leaves other errors alone', () => {
    expect(dependencyFailure(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toMatchObject({
      status: 507,
      code: 'STORAGE_FULL',
    });
    const redisDown = Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' });
    expect(dependencyFailure(redisDown)).toMatchObject({ status: 503, code: 'CACHE_UNAVAILABLE' });
    expect(dependencyFailure(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toMatchObject({
      code: 'CACHE_UNAVAILABLE',
    });
    expect(dependencyFailure(new Error('write failed', { cause: Object.assign(new Error('disk'), { code: 'ENOSPC' }) }))).toMatchObject({
      code: 'STORAGE_FULL',
    });
    // node-postgres' own errors when a failover cuts the connection mid-query.
    expect(dependencyFailure(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(dependencyFailure(new Error('Client has encountered a connection error and is not queryable'))).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(dependencyFailure(new TypeError('x is undefined'))).toBeNull();
  });
});
