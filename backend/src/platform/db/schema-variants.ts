import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendRoot } from '../../config/paths';

export type DbProvider = 'sqlite' | 'postgresql';
export const DB_PROVIDERS: readonly DbProvider[] = ['sqlite', 'postgresql'];

export { backendRoot };
export const prismaDir = join(backendRoot, 'prisma');
export const sourceSchemaPath = join(prismaDir, 'schema.prisma');

/** Folder holding the Prisma-format migration history of one provider. */
export function migrationsDir(provider: DbProvider): string {
  return join(prismaDir, 'migrations', provider);
}

/** Folder name of the generated client of one provider (under src/generated). */
export function clientDirName(provider: DbProvider): string {
  return provider === 'sqlite' ? 'sqlite' : 'postgres';
}

/**
 * The source schema is written for SQLite; the PostgreSQL variant changes the datasource
 * provider and the generator output and enables the lines marked `//@postgresql`
 * (indexes, and fields of types the client does not expose: `Unsupported(...)`), so both
 * clients share one data model.
 */
export function schemaFor(provider: DbProvider, source = readFileSync(sourceSchemaPath, 'utf8')): string {
  if (provider === 'sqlite') return source;
  // `//@postgresql <line>`: a PostgreSQL-only attribute (e.g. a trigram index), a comment for SQLite.
  return source
    .replace(/^(\s*)\/\/@postgresql /gm, '$1')
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=\s*"\.\.\/src\/generated\/sqlite"/, 'output$1= "../src/generated/postgres"');
}

export function providerOf(databaseUrl: string): DbProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

/** SQLite paths in `file:` URLs are relative to the backend folder, whatever the cwd. */
export function sqlitePath(databaseUrl: string): string {
  const raw = databaseUrl.slice('file:'.length).split('?')[0]!;
  if (raw === ':memory:' || raw.startsWith('/')) return raw;
  return join(backendRoot, raw);
}
