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

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's scratch folder: concurrent runs in one checkout never share files. */
    tmpDir: string;
  }
}

/** Migrates one template database per run; each test file copies it. */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  project.provide('runId', runId);
  if (testEnv.requireServices && (!testEnv.redisUrl || !testEnv.clamav)) {
    throw new Error('CI runs need TEST_REDIS_URL and TEST_CLAMAV_HOST: a missing service is a failure, not a skip');
  }

  const tmpDir = join(backendRoot, '.tmp', 'test', runId);
  mkdirSync(tmpDir, { recursive: true });
  project.provide('tmpDir', tmpDir);
  const removeTmp = () => rmSync(tmpDir, { recursive: true, force: true });

  if (testEnv.dbProvider === 'sqlite') {
    const template = join(tmpDir, 'template.db');
    await applyMigrations({ databaseUrl: `file:${template}` });
    project.provide('templateDatabase', template);
    return removeTmp;
  }

  const admin = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
  await admin.connect();
  // Leftovers of an interrupted run would otherwise pile up.
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'khadamat_t_%'");
  for (const { datname } of stale.rows) {
    // Names carry the pid of the run that made them: only a dead run's databases are dropped.
    const pid = Number(/^khadamat_t_(\d+)_/.exec(datname)?.[1]);
    if (pid && !processAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const template = `khadamat_t_${runId}_template`;
  await admin.query(`CREATE DATABASE "${template}"`);
  await applyMigrations({ databaseUrl: withDatabase(testEnv.postgresAdminUrl, template) });
  project.provide('templateDatabase', template);
  return async () => {
    const rows = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`khadamat_t_${runId}_%`]);
    for (const { datname } of rows.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
    removeTmp();
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
