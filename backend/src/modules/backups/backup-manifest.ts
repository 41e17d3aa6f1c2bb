// What a backup holds, measured the same way on the source and on a restored copy: every
// table found in the database's own catalogue (so tables added later are covered without
// an edit), its row count, and the sum of each money column (integer minor units, named
// `…Minor` or `…Cents` by the house convention); the upload files with size and SHA-256.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type pg from 'pg';

export const MANIFEST_FORMAT = 1;
/** Money columns by convention: integer minor units (`priceMinor`, `amountCents`, `fee_minor`). */
export const MONEY_COLUMN = /(Minor|Cents|_minor|_cents)$/;

export interface TableStats {
  name: string;
  rows: number;
  /** Column name → sum as a decimal string (bigint-safe), for every money column. */
  money: Record<string, string>;
}

export interface FileStats {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: number;
  createdAt: string;
  provider: 'sqlite' | 'postgresql';
  /** The newest applied migration, or null when the database has no migration table. */
  migration: string | null;
  tables: TableStats[];
  files: { count: number; bytes: number; entries: FileStats[] };
}

const PG_INTEGER_TYPES = ['smallint', 'integer', 'bigint', 'numeric'];

/** Table statistics inside the caller's PostgreSQL client (run it in the dump's snapshot). */
export async function postgresTableStats(client: pg.ClientBase): Promise<{ tables: TableStats[]; migration: string | null }> {
  const columns = await client.query<{ table_schema: string; table_name: string; column_name: string | null; data_type: string | null }>(
    `SELECT t.table_schema, t.table_name, c.column_name, c.data_type
       FROM information_schema.tables t
       LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY t.table_schema, t.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, { schema: string; table: string; money: string[] }>();
  for (const row of columns.rows) {
    const key = row.table_schema === 'public' ? row.table_name : `${row.table_schema}.${row.table_name}`;
    const entry = byTable.get(key) ?? { schema: row.table_schema, table: row.table_name, money: [] };
    if (row.column_name && MONEY_COLUMN.test(row.column_name) && PG_INTEGER_TYPES.includes(row.data_type ?? ''))
      entry.money.push(row.column_name);
    byTable.set(key, entry);
  }
  const tables: TableStats[] = [];
  for (const [name, { schema, table, money }] of byTable) {
    const sums = money.map((c, i) => `COALESCE(SUM(${pgIdent(c)}), 0)::text AS m${i}`);
    const { rows } = await client.query<Record<string, string>>(
      `SELECT COUNT(*)::text AS n${sums.length ? `, ${sums.join(', ')}` : ''} FROM ${pgIdent(schema)}.${pgIdent(table)}`,
    );
    tables.push({ name, rows: Number(rows[0]!.n), money: Object.fromEntries(money.map((c, i) => [c, rows[0]![`m${i}`]!])) });
  }
  let migration: string | null = null;
  if (byTable.has('_prisma_migrations')) {
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1',
    );
    migration = rows[0]?.migration_name ?? null;
  }
  return { tables, migration };
}

/** Table statistics of a SQLite database file (a backup copy or a restored file: never one being written). */
export function sqliteTableStats(file: string): { tables: TableStats[]; migration: string | null } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const tables = names.map((name): TableStats => {
      const columns = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(name) as { name: string; type: string }[];
      const money = columns.filter((c) => MONEY_COLUMN.test(c.name) && /INT|NUMERIC|DECIMAL/i.test(c.type)).map((c) => c.name);
      const sums = money.map((c, i) => `CAST(COALESCE(SUM(${sqliteIdent(c)}), 0) AS TEXT) AS m${i}`);
      const row = db.prepare(`SELECT COUNT(*) AS n${sums.length ? `, ${sums.join(', ')}` : ''} FROM ${sqliteIdent(name)}`).get() as Record<
        string,
        string | number
      >;
      return { name, rows: Number(row.n), money: Object.fromEntries(money.map((c, i) => [c, String(row[`m${i}`])])) };
    });
    const migration = names.includes('_prisma_migrations')
      ? ((db
          .prepare(
            'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1',
          )
          .pluck()
          .get() as string | undefined) ?? null)
      : null;
    return { tables, migration };
  } finally {
    db.close();
  }
}

/**
 * Every regular file under `dir` (recursively), with its size and SHA-256. Files whose
 * name starts with a dot (uploads being written: `.tmp-…`) are left out. A missing
 * folder is an empty one.
 */
export async function listFiles(dir: string): Promise<FileStats[]> {
  const out: FileStats[] = [];
  const walk = async (current: string) => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const hash = createHash('sha256');
        await pipeline(createReadStream(path), hash);
        out.push({ path: relative(dir, path).split(sep).join('/'), bytes: (await stat(path)).size, sha256: hash.digest('hex') });
      }
    }
  };
  await walk(dir);
  return out;
}

export function fileSummary(entries: FileStats[]): BackupManifest['files'] {
  return { count: entries.length, bytes: entries.reduce((sum, f) => sum + f.bytes, 0), entries };
}

export interface Comparison {
  ok: boolean;
  /** One line per table and for the files: `ok` or what differs. */
  lines: string[];
}

/** Compares what was restored with what the manifest says was backed up. */
export function compareWithManifest(manifest: BackupManifest, restored: { tables: TableStats[]; files: FileStats[] | null }): Comparison {
  const lines: string[] = [];
  let ok = true;
  const found = new Map(restored.tables.map((t) => [t.name, t]));
  for (const expected of manifest.tables) {
    const actual = found.get(expected.name);
    found.delete(expected.name);
    const problems: string[] = [];
    if (!actual) problems.push('missing');
    else {
      if (actual.rows !== expected.rows) problems.push(`rows ${actual.rows} ≠ ${expected.rows}`);
      for (const [column, sum] of Object.entries(expected.money)) {
        if (actual.money[column] !== sum) problems.push(`${column} sum ${actual.money[column] ?? 'missing'} ≠ ${sum}`);
      }
    }
    if (problems.length) ok = false;
    const money = Object.entries(expected.money)
      .map(([c, s]) => ` ${c}=${s}`)
      .join('');
    lines.push(
      `${problems.length ? 'DIFF' : 'ok  '} ${expected.name}: ${expected.rows} rows${money}${problems.length ? ` (${problems.join('; ')})` : ''}`,
    );
  }
  for (const extra of found.keys()) {
    ok = false;
    lines.push(`DIFF ${extra}: in the restored database, not in the manifest`);
  }
  if (restored.files) {
    const expected = new Map(manifest.files.entries.map((f) => [f.path, f]));
    const problems: string[] = [];
    for (const file of restored.files) {
      const want = expected.get(file.path);
      expected.delete(file.path);
      if (!want) problems.push(`${file.path} not in the manifest`);
      else if (want.sha256 !== file.sha256 || want.bytes !== file.bytes) problems.push(`${file.path} differs`);
    }
    for (const missing of expected.keys()) problems.push(`${missing} missing`);
    if (problems.length) ok = false;
    const bytes = restored.files.reduce((s, f) => s + f.bytes, 0);
    lines.push(
      `${problems.length ? 'DIFF' : 'ok  '} uploads: ${restored.files.length}/${manifest.files.count} files, ${bytes}/${manifest.files.bytes} bytes${
        problems.length ? ` (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; ${problems.length - 5} more` : ''})` : ''
      }`,
    );
  }
  return { ok, lines };
}

export function pgIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function sqliteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
