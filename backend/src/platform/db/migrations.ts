// `prisma migrate` equivalents (deploy, create, status, drift check) over the in-process
// schema engine. Each provider keeps its own history in Prisma's folder format, so
// `prisma migrate deploy` on a machine with the native engine reads the same folders.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { SCHEMA_FILE, withSchemaEngine, type EngineTarget } from './schema-engine';
import { DB_PROVIDERS, migrationsDir, providerOf, schemaFor, sqlitePath, type DbProvider } from './schema-variants';

/** Test hooks: a source schema text instead of prisma/schema.prisma, another migrations root. */
export interface MigrationOverrides {
  /** Source (SQLite-form) schema text; each provider's variant is derived from it. */
  schema?: string;
  /** Folder holding one `<provider>/` history per provider (default prisma/migrations). */
  migrationsRoot?: string;
}

export interface ApplyMigrationsInput extends MigrationOverrides {
  databaseUrl: string;
  shadowDatabaseUrl?: string;
}

export interface CreateMigrationInput extends MigrationOverrides {
  name: string;
  /** PostgreSQL database the history is replayed in; it gets emptied. */
  shadowDatabaseUrl: string;
}

export interface MigrationStatusInput extends MigrationOverrides {
  databaseUrl: string;
}

export interface CheckHistoriesInput extends MigrationOverrides {
  /** PostgreSQL database the history is replayed in; it gets emptied. */
  shadowDatabaseUrl: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
}

export interface HistoryCheck {
  provider: DbProvider;
  inSync: boolean;
  /** The engine's summary: "No difference detected." or the changes missing from the history. */
  detail: string;
}

/** Full-text search tables Prisma cannot model (created by hand in the search_index
 *  migration): the FTS5 table and its shadow tables are left out of drift checks. */
const FTS_TABLES = ['ServiceFts', ...['config', 'content', 'data', 'docsize', 'idx'].map((part) => `ServiceFts_${part}`)];
function filtersFor(provider: DbProvider): SchemaFilter {
  return { externalTables: provider === 'sqlite' ? FTS_TABLES : [], externalEnums: [] };
}
const LOCK_FILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';

/** `prisma migrate deploy`: applies the pending migrations of the URL's provider. */
export async function applyMigrations(input: ApplyMigrationsInput): Promise<{ applied: string[] }> {
  const { databaseUrl, shadowDatabaseUrl } = input;
  const provider = providerOf(databaseUrl);
  if (provider === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  }
  const migrationsList = await readHistory(historyDir(provider, input));
  const target = { ...engineTarget(provider, input), databaseUrl, shadowDatabaseUrl };
  const { appliedMigrationNames } = await withSchemaEngine(target, (engine) =>
    engine.applyMigrations({ migrationsList, filters: filtersFor(provider) }),
  );
  return { applied: appliedMigrationNames };
}

/**
 * `prisma migrate dev --create-only` for both providers at once: diffs each history
 * against the schema and writes the difference as `<timestamp>_<name>/migration.sql`
 * (one timestamp for both). Nothing is written when no provider has a difference.
 */
export async function createMigration(input: CreateMigrationInput): Promise<{ created: { provider: DbProvider; dir: string }[] }> {
  const folder = `${timestamp(new Date())}_${snakeCase(input.name)}`;
  const scripts: { provider: DbProvider; historyDir: string; sql: string }[] = [];
  // Diff both before writing anything, so a failing provider leaves no half-created migration.
  for (const provider of DB_PROVIDERS) {
    const dir = historyDir(provider, input);
    const result = await diffHistory(provider, dir, input, true);
    if (result.exitCode !== 0) scripts.push({ provider, historyDir: dir, sql: result.stdout ?? '' });
  }
  const created: { provider: DbProvider; dir: string }[] = [];
  for (const { provider, historyDir: root, sql } of scripts) {
    const dir = join(root, folder);
    await mkdir(root, { recursive: true });
    await mkdir(dir); // not recursive: never overwrite an existing migration
    await writeFile(join(dir, MIGRATION_FILE), sql);
    await writeFile(join(root, LOCK_FILE), lockFile(provider));
    created.push({ provider, dir });
  }
  return { created };
}

/** `prisma migrate status` for the URL's provider. */
export async function migrationStatus(input: MigrationStatusInput): Promise<MigrationStatus> {
  const { databaseUrl } = input;
  const provider = providerOf(databaseUrl);
  const migrationsList = await readHistory(historyDir(provider, input));
  const onDisk = migrationsList.migrationDirectories.map((m) => m.path);
  // Opening a missing SQLite file would create it; a status query should not.
  const path = provider === 'sqlite' ? sqlitePath(databaseUrl) : undefined;
  if (path && path !== ':memory:' && !existsSync(path)) return { applied: [], pending: onDisk, failed: [] };

  const diagnosis = await withSchemaEngine({ ...engineTarget(provider, input), databaseUrl }, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: filtersFor(provider) }),
  );
  const { history, failedMigrationNames: failed } = diagnosis;
  const pending = history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [];
  // Migrations recorded in the database but missing from the folder are applied too.
  const unpersisted = history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [];
  const applied = [...new Set([...onDisk, ...unpersisted])].filter((name) => !pending.includes(name) && !failed.includes(name)).sort();
  return { applied, pending, failed };
}

/** Drift between each provider's history and the schema (`prisma migrate diff --exit-code`). */
export async function checkHistories(input: CheckHistoriesInput): Promise<HistoryCheck[]> {
  const checks: HistoryCheck[] = [];
  for (const provider of DB_PROVIDERS) {
    const { exitCode, stdout } = await diffHistory(provider, historyDir(provider, input), input, false);
    checks.push({ provider, inSync: exitCode === 0, detail: (stdout ?? '').trim() });
  }
  return checks;
}

/** Engine diff from a replayed history (in the shadow database) to the schema; exitCode 2 = difference. */
async function diffHistory(provider: DbProvider, dir: string, input: MigrationOverrides & { shadowDatabaseUrl: string }, script: boolean) {
  const { lockfile, ...history } = await readHistory(dir);
  const target = { ...engineTarget(provider, input), shadowDatabaseUrl: input.shadowDatabaseUrl };
  // A new history has no lock file yet, and the engine reads the connector from it.
  const lock = { ...lockfile, content: lockfile.content ?? lockFile(provider) };
  return withSchemaEngine(target, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...history, lockfile: lock },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE, content: target.schema }] },
      script,
      exitCode: true,
      filters: filtersFor(provider),
    }),
  );
}

function engineTarget(provider: DbProvider, { schema }: MigrationOverrides): EngineTarget {
  return { provider, schema: schemaFor(provider, schema) };
}

function historyDir(provider: DbProvider, { migrationsRoot }: MigrationOverrides): string {
  return migrationsRoot ? join(migrationsRoot, provider) : migrationsDir(provider);
}

/** Loads a history folder the way the Prisma CLI hands it to the engine. */
async function readHistory(dir: string): Promise<MigrationList> {
  const lockContent = await readFile(join(dir, LOCK_FILE), 'utf8').catch(ifMissing(null));
  const entries = await readdir(dir, { withFileTypes: true }).catch(ifMissing([]));
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_FILE,
        content: await readFile(join(dir, name, MIGRATION_FILE), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  return { baseDir: dir, lockfile: { path: LOCK_FILE, content: lockContent }, shadowDbInitScript: '', migrationDirectories };
}

function ifMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}

/** Same text as the Prisma CLI writes. */
function lockFile(provider: DbProvider): string {
  return [
    '# Please do not edit this file manually',
    '# It should be added in your version-control system (e.g., Git)',
    `provider = "${provider}"`,
    '',
  ].join('\n');
}

/** UTC YYYYMMDDHHMMSS, like Prisma's migration folder names. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function snakeCase(name: string): string {
  const snake = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!snake) throw new Error(`Migration name "${name}" needs at least one letter or digit.`);
  return snake;
}
