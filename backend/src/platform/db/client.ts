import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '../../generated/postgres/client';
import { PrismaClient as SqliteClient, type Prisma } from '../../generated/sqlite/client';
import { runHooksAfterCommit } from './after-commit';
import { providerOf, sqlitePath, type DbProvider } from './schema-variants';

/**
 * One typed client for the whole backend. Both generated clients come from the same
 * data model, so the SQLite client's type describes the PostgreSQL one too.
 */
export type Db = SqliteClient;

/**
 * The client or the client of a transaction (`db.$transaction(async (tx) => …)`): what a
 * function that only reads and writes rows takes, so that its caller decides whether its
 * writes commit together with others. The Db client is one too.
 */
export type DbClient = Prisma.TransactionClient;
export type { DbProvider };

export interface CreateDbInput {
  databaseUrl: string;
  /** Pool size per process for PostgreSQL. */
  poolMax?: number;
}

const providers = new WeakMap<Db, DbProvider>();

/** The database behind a client made by createDb, for the few queries that differ (row locks). */
export function providerOfDb(db: Db): DbProvider {
  const provider = providers.get(db);
  if (!provider) throw new Error('not a client made by createDb');
  return provider;
}

export function createDb({ databaseUrl, poolMax = 10 }: CreateDbInput): { db: Db; provider: DbProvider } {
  const provider = providerOf(databaseUrl);
  const db =
    provider === 'sqlite'
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: sqlitePath(databaseUrl) }) })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolMax }) }) as unknown as Db);
  providers.set(db, provider);
  runHooksAfterCommit(db);
  return { db, provider };
}
