// The migration tool against real databases: a temporary SQLite file and scratch
// PostgreSQL databases (always, whatever TEST_DB_PROVIDER says, since both histories ship).
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  checkHistories,
  createMigration,
  migrationStatus,
} from '../../src/platform/db/migrations';
import { migrationsDir, prismaDir, sourceSchemaPath, type DbProvider } from '../../src/platform/db/schema-variants';
import { testEnv, withDatabase } from '../support/test-env';

const runId = `${process.pid}_${Date.now().toString(36)}`;
const pgDatabase = `mig_test_${runId}`;
const pgShadow = `mig_shadow_${runId}`;
const shadowDatabaseUrl = withDatabase(testEnv.postgresAdminUrl, pgShadow);
let tmp = '';

const databases: { provider: DbProvider; url: () => string }[] = [
  // A missing folder on the way: applying creates it.
  { provider: 'sqlite', url: () => `file:${join(tmp, 'nested', 'test.db')}` },
  { provider: 'postgresql', url: () => withDatabase(testEnv.postgresAdminUrl, pgDatabase) },
];

/** A schema change for the drift tests: one new optional column. */
const changedSchema = async () =>
  (await readFile(sourceSchemaPath, 'utf8')).replace(/model User \{\n/, '$&  nickname String?\n');

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function columnsOf(provider: DbProvider, url: string, table: string): Promise<string[]> {
  if (provider === 'sqlite') {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((row) => row.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      ['public', table],
    );
    return rows.map((row) => row.column_name);
  } finally {
    await client.end();
  }
}

async function tablesOf(provider: DbProvider, url: string): Promise<string[]> {
  if (provider === 'sqlite') {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      return rows.map((row) => row.name).sort();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    return rows.map((row) => row.tablename).sort();
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'khadamat-migrations-'));
  await adminQuery(`CREATE DATABASE "${pgDatabase}"`);
  await adminQuery(`CREATE DATABASE "${pgShadow}"`);
});

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`);
  await adminQuery(`DROP DATABASE IF EXISTS "${pgShadow}" WITH (FORCE)`);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// The steps build on each other (apply, then status, then a new migration on top).
describe.each(databases)('migrations on $provider', ({ provider, url }) => {
  it('lists every committed migration as pending on a new database', async () => {
    const committed = await migrationNames(migrationsDir(provider));
    expect(committed.length).toBeGreaterThan(0);
    expect(await migrationStatus({ databaseUrl: url() })).toEqual({ applied: [], pending: committed, failed: [] });
  });

  it('applies the committed history once, creating the tables', async () => {
    const committed = await migrationNames(migrationsDir(provider));
    expect(await applyMigrations({ databaseUrl: url() })).toEqual({ applied: committed });
    expect(await tablesOf(provider, url())).toEqual(
      expect.arrayContaining(['Category', 'City', 'ProviderProfile', 'Service', 'User', '_prisma_migrations']),
    );
    expect(await applyMigrations({ databaseUrl: url() })).toEqual({ applied: [] });
    expect(await migrationStatus({ databaseUrl: url() })).toEqual({ applied: committed, pending: [], failed: [] });
  });
});

describe('history checks and new migrations', () => {
  it('reports the committed histories in sync with the schema', async () => {
    const checks = await checkHistories({ shadowDatabaseUrl });
    expect(checks).toEqual([
      { provider: 'sqlite', inSync: true, detail: 'No difference detected.' },
      { provider: 'postgresql', inSync: true, detail: 'No difference detected.' },
    ]);
  });

  it('starts a new history with a lock file per provider', async () => {
    const root = join(tmp, 'fresh-history');
    const { created } = await createMigration({ name: 'init', shadowDatabaseUrl, migrationsRoot: root });
    expect(created.map((entry) => entry.provider)).toEqual(['sqlite', 'postgresql']);
    for (const { provider, dir } of created) {
      expect(basename(dir)).toMatch(/^\d{14}_init$/);
      expect(await readFile(join(root, provider, 'migration_lock.toml'), 'utf8')).toContain(`provider = "${provider}"`);
      expect(await readFile(join(dir, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "User"');
    }
  });

  it('detects a schema change as drift and turns it into a migration that applies', async () => {
    const schema = await changedSchema();
    const drift = await checkHistories({ shadowDatabaseUrl, schema });
    for (const check of drift) {
      expect(check.inSync).toBe(false);
      expect(check.detail).toContain('nickname');
    }

    const root = join(tmp, 'history');
    await cp(join(prismaDir, 'migrations'), root, { recursive: true });
    const { created } = await createMigration({ name: 'Add user nickname', shadowDatabaseUrl, schema, migrationsRoot: root });
    expect(created.map((entry) => entry.provider)).toEqual(['sqlite', 'postgresql']);
    const [folder, ...others] = new Set(created.map((entry) => basename(entry.dir)));
    expect(others).toEqual([]);
    expect(folder).toMatch(/^\d{14}_add_user_nickname$/);

    for (const { provider, url } of databases) {
      const sql = await readFile(join(root, provider, folder!, 'migration.sql'), 'utf8');
      expect(sql).toContain('"nickname"');
      expect(await migrationStatus({ databaseUrl: url(), migrationsRoot: root })).toMatchObject({ pending: [folder] });
      expect(await applyMigrations({ databaseUrl: url(), schema, migrationsRoot: root })).toEqual({ applied: [folder] });
      expect(await columnsOf(provider, url(), 'User')).toContain('nickname');
    }

    expect((await checkHistories({ shadowDatabaseUrl, schema, migrationsRoot: root })).every((c) => c.inSync)).toBe(true);
    expect(await createMigration({ name: 'nothing', shadowDatabaseUrl, schema, migrationsRoot: root })).toEqual({ created: [] });
    expect(await migrationNames(join(root, 'sqlite'))).not.toContainEqual(expect.stringContaining('nothing'));
  });
});
