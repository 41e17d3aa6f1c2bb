// The migration tool against real databases: a temporary SQLite file and scratch
// PostgreSQL databases (always, whatever TEST_DB_PROVIDER says, since both histories ship).
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, checkHistories, createMigration, migrationStatus } from '../../src/platform/db/migrations';
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
const changedSchema = async () => (await readFile(sourceSchemaPath, 'utf8')).replace(/model User \{\n/, '$&  nickname String?\n');

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
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** First column of a catalog query, per provider. */
async function names(provider: DbProvider, url: string, sql: Record<DbProvider, string>): Promise<string[]> {
  if (provider === 'sqlite') {
    const db = new Database(url.slice('file:'.length), { readonly: true });
    try {
      return db.prepare(sql.sqlite).pluck().all() as string[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<string[]>({ text: sql.postgresql, rowMode: 'array' })).rows.map(([name]) => name!);
  } finally {
    await client.end();
  }
}

const tablesOf = (provider: DbProvider, url: string) =>
  names(provider, url, {
    sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
    postgresql: "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  });

const userColumnsOf = (provider: DbProvider, url: string) =>
  names(provider, url, {
    sqlite: "SELECT name FROM pragma_table_info('User')",
    postgresql: "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'User'",
  });

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

// The steps build on each other: the last test adds a migration on top of the applied history.
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
      expect(await userColumnsOf(provider, url())).toContain('nickname');
    }

    expect((await checkHistories({ shadowDatabaseUrl, schema, migrationsRoot: root })).every((c) => c.inSync)).toBe(true);
    const history = await migrationNames(join(root, 'sqlite'));
    expect(await createMigration({ name: 'nothing', shadowDatabaseUrl, schema, migrationsRoot: root })).toEqual({ created: [] });
    expect(await migrationNames(join(root, 'sqlite'))).toEqual(history);
  });
});
