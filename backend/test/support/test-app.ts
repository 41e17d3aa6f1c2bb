import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/app';
import { validateEnv, type Config, type EnvSource } from '../../src/config/env';
import { createDb, type Db } from '../../src/platform/db/client';
import { createRedis, type RedisClient } from '../../src/platform/redis/redis';
import { testEnv, withDatabase } from './test-env';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database copied from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const id = randomBytes(4).toString('hex');
  const template = inject('templateDatabase');
  if (testEnv.dbProvider === 'sqlite') {
    const file = join(inject('tmpDir'), `db-${process.pid}-${id}.db`);
    copyFileSync(template, file);
    return { url: `file:${file}`, drop: async () => rmSync(file, { force: true }) };
  }
  const name = `khadamat_t_${inject('runId')}_${id}`;
  const admin = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(testEnv.postgresAdminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The environment of a test app: embedded or CI services, plus the test's overrides. */
export function testConfig(databaseUrl: string, overrides: EnvSource = {}): Readonly<Config> {
  return validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...(testEnv.redisUrl ? { REDIS_URL: testEnv.redisUrl, MOCK_REDIS: 'false' } : { MOCK_REDIS: 'true' }),
    SERVE_FRONTEND: 'false',
    ...overrides,
  });
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  redis: RedisClient;
  config: Readonly<Config>;
  close: () => Promise<void>;
}

/** A real app on a real, fresh database, driven through app.inject(). */
export async function createTestApp(
  overrides: EnvSource = {},
  opts: { frontendDist?: string; frontendServerDist?: string; sitemapUrlsPerFile?: number } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, overrides);
  const { db, provider } = createDb({ databaseUrl: config.database.url, poolMax: 4 });
  // A key prefix per app keeps parallel test files apart on a shared Redis server.
  const redis = createRedis(config, { keyPrefix: `t:${randomBytes(4).toString('hex')}:` });
  const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false, ...opts });
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
      await database.drop();
    },
  };
}

/**
 * A restart with other settings: a new app on the same database and Redis, configured by
 * `overrides` alone (pass again whatever the first app needed). close() stops this app only.
 */
export async function restartTestApp(t: TestApp, overrides: EnvSource): Promise<TestApp> {
  const config = testConfig(t.config.database.url, overrides);
  const app = await buildApp({ config, db: t.db, dbProvider: t.app.dbProvider, redis: t.redis, logger: false });
  await app.ready();
  return { app, db: t.db, redis: t.redis, config, close: () => app.close() };
}
