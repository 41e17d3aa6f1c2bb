import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createDb } from '../../src/platform/db/client';
import { createRedis } from '../../src/platform/redis/redis';
import { createTestApp, createTestDatabase, testConfig } from '../support/test-app';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while refusing new work', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    const { db, provider } = createDb({ databaseUrl: config.database.url });
    const redis = createRedis(config);
    const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/slow', async () => {
      await gate;
      return { done: true };
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });

    const inFlight = fetch(`${address}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = app.close();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${address}/health/live`)).rejects.toThrow();
    await db.$disconnect();
    redis.disconnect();
    await database.drop();
  });

  it('while draining, fails readiness with SHUTTING_DOWN and still serves every other request', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      t.app.lifecycle.draining = true;
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error.code).toBe('SHUTTING_DOWN');
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/categories' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
