import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { backendRoot } from '../../src/config/paths';
import { applyMigrations } from '../../src/platform/db/migrations';
import { testEnv, withDatabase } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

export const TMP_DIR = join(backendRoot, '.tmp', 'test');

/** Migrates one template database per run; each test file copies it. */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  project.provide('runId', runId);
  if (testEnv.requireServices && (!testEnv.redisUrl || !testEnv.clamav)) {
    throw new Error('CI runs need TEST_REDIS_URL and TEST_CLAMAV_HOST: a missing service is a failure, not a skip');
  }

  if (testEnv.dbProvider === 'sqlite') {
    mkdirSync(TMP_DIR, { recursive: true });
    const template = join(TMP_DIR, `template-${runId}.db`);
    await applyMigrations({ databaseUrl: `file:${template}` });
    project.provide('templateDatabase', template);
    return () => rmSync(TMP_DIR, { recursive: true, force: true });
  }

  const admin = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
  await admin.connect();
  // Leftovers of an interrupted run would otherwise pile up.
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'khadamat_t_%'");
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  const template = `khadamat_t_${runId}_template`;
  await admin.query(`CREATE DATABASE "${template}"`);
  await applyMigrations({ databaseUrl: withDatabase(testEnv.postgresAdminUrl, template) });
  project.provide('templateDatabase', template);
  return async () => {
    const rows = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`khadamat_t_${runId}_%`]);
    for (const { datname } of rows.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
