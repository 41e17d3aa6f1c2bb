// The database half of a backup, with each engine's own tools: PostgreSQL's pg_dump
// (custom format, inside an exported snapshot so the manifest counts exactly what was
// dumped) and pg_restore; SQLite's online backup API (never a copy of a live file).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { childProcessEnv } from '../../config/env';
import { providerOf, sqlitePath } from '../../platform/db/schema-variants';
import { BackupError } from './backup-archive';
import { postgresTableStats, sqliteTableStats, pgIdent, type TableStats } from './backup-manifest';

const execFileAsync = promisify(execFile);

/** The newest PostgreSQL client tools installed (pg_dump must be at least the server's major version). */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? join(base, versions[0]!, 'bin', name) : name;
}

// libpq refuses URI parameters it does not know (Prisma's `schema`, `connection_limit`…).
const LIBPQ_PARAMS = new Set(['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout', 'options']);

/** A URL for the PostgreSQL tools, without its password (passed in PGPASSWORD, never on a command line). */
function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  for (const key of [...url.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) url.searchParams.delete(key);
  return { dbname: url.toString(), env: childProcessEnv(password ? { PGPASSWORD: password } : {}) };
}

async function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await execFileAsync(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string; code?: string };
    if (e.code === 'ENOENT') throw new BackupError('BACKUP_TOOL_MISSING', `${tool} not found: install the PostgreSQL client tools`);
    throw new Error(`${tool.split('/').pop()} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/** Writes the database to `file` and returns the statistics of exactly what was written. */
export async function dumpDatabase({
  databaseUrl,
  file,
}: {
  databaseUrl: string;
  file: string;
}): Promise<{ tables: TableStats[]; migration: string | null }> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const source = new Database(sqlitePath(databaseUrl), { fileMustExist: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    return sqliteTableStats(file);
  }
  // One read-only snapshot for both the dump and the counts: writes that land meanwhile
  // are in neither, so the manifest describes the dump exactly.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const { dbname, env } = libpqTarget(databaseUrl);
    const [, stats] = await Promise.all([
      runTool(pgTool('pg_dump'), ['--format=custom', `--snapshot=${rows[0]!.id}`, `--file=${file}`, `--dbname=${dbname}`], env),
      postgresTableStats(client),
    ]);
    await client.query('COMMIT');
    return stats;
  } finally {
    await client.end();
  }
}

/** Whether the target database holds any table (a restore refuses it unless forced). */
export async function databaseTableCount(databaseUrl: string): Promise<number> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (!existsSync(path)) return 0;
    const db = new Database(path, { readonly: true });
    try {
      return Number(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().get());
    } finally {
      db.close();
    }
  }
  return withPg(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      "SELECT COUNT(*)::text AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    return Number(rows[0]!.n);
  });
}

/**
 * Restores a dump made by dumpDatabase into `targetUrl`. PostgreSQL: one transaction
 * (all or nothing); `force` first drops the public schema. SQLite: the file is written
 * beside the target and renamed over it.
 */
export async function restoreDatabase({
  dumpFile,
  targetUrl,
  force,
}: {
  dumpFile: string;
  targetUrl: string;
  force: boolean;
}): Promise<void> {
  if (providerOf(targetUrl) === 'sqlite') {
    const path = sqlitePath(targetUrl);
    const partial = `${path}.restore-partial`;
    await copyFile(dumpFile, partial);
    if (force) await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(`${path}${s}`, { force: true })));
    await rename(partial, path);
    return;
  }
  if (force) {
    await withPg(targetUrl, async (client) => {
      const { rows } = await client.query<{ nspname: string }>(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'",
      );
      for (const { nspname } of rows) await client.query(`DROP SCHEMA ${pgIdent(nspname)} CASCADE`);
      await client.query('CREATE SCHEMA IF NOT EXISTS public');
    });
  }
  const { dbname, env } = libpqTarget(targetUrl);
  await runTool(
    pgTool('pg_restore'),
    ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${dbname}`, dumpFile],
    env,
  );
}

/** Statistics of a database as it is now (a restored copy). */
export async function databaseStats(databaseUrl: string): Promise<{ tables: TableStats[]; migration: string | null }> {
  if (providerOf(databaseUrl) === 'sqlite') return sqliteTableStats(sqlitePath(databaseUrl));
  return withPg(databaseUrl, (client) => postgresTableStats(client));
}

/** A scratch database beside `databaseUrl` (same server, or a temporary SQLite file) for --verify. */
export async function createScratchDatabase(databaseUrl: string, scratchDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const suffix = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = join(scratchDir, `verify-${suffix}.db`);
    return { url: `file:${file}`, drop: () => rm(file, { force: true }) };
  }
  const name = `khadamat_verify_${suffix}`;
  await withPg(databaseUrl, (client) => client.query(`CREATE DATABASE ${pgIdent(name)}`));
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withPg(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pgIdent(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withPg<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
