// Runs Prisma's schema engine (its WebAssembly build) in-process over driver adapters:
// the native schema-engine binary that `prisma migrate` needs cannot be downloaded here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { sqlitePath, type DbProvider } from './schema-variants';

export interface EngineTarget {
  provider: DbProvider;
  /** Datamodel text for `provider` (see schemaFor). */
  schema: string;
  /**
   * Main database. Omit for pure diffs, which work in the shadow database: SQLite then
   * connects to an in-memory database, PostgreSQL to the shadow database (the engine
   * insists on a live main connection).
   */
  databaseUrl?: string;
  /** PostgreSQL shadow database; it is emptied each time the engine connects to it. */
  shadowDatabaseUrl?: string;
}

/** Name the engine reports schema errors against. */
export const SCHEMA_FILE = 'schema.prisma';

/**
 * Creates one engine for `target`, runs `work`, then frees the engine and closes every
 * connection it opened (the engine does not always dispose them, and an open pg pool
 * keeps the process alive).
 */
export async function withSchemaEngine<T>(target: EngineTarget, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const Engine = await loadSchemaEngine();
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const tracked = disposeOnce(adapter);
    opened.push(tracked);
    return tracked;
  };
  const factory = bindMigrationAwareSqlAdapterFactory(
    target.provider === 'sqlite' ? sqliteFactory(target, track) : postgresFactory(target, track),
  );
  // A Rust panic reports its message through this global, then traps. The Prisma client
  // installs its own registry, so ours is only in place for the duration of this call.
  let panic: string | undefined;
  const clientRegistry = globals.PRISMA_WASM_PANIC_REGISTRY;
  globals.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => void (panic = message) };
  try {
    const engine = await Engine.new(
      { datamodels: [[SCHEMA_FILE, target.schema]] },
      // Engine tracing lines; failures reach us as rejected promises instead.
      () => {},
      factory,
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    if (panic === undefined) throw adapterError(error, factory.errorRegistry);
    engineClass = undefined; // a trapped instance is unusable; the next call loads a fresh one
    throw new Error(`Schema engine panicked: ${panic}`);
  } finally {
    globals.PRISMA_WASM_PANIC_REGISTRY = clientRegistry;
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };

// The backend's lib setting (ES2023, no DOM) has no WebAssembly typings; Node has the API.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// The wasm-bindgen glue keeps the instance in module state, so instantiate once per process.
let engineClass: Promise<typeof bindings.SchemaEngine> | undefined;

function loadSchemaEngine(): Promise<typeof bindings.SchemaEngine> {
  engineClass ??= (async () => {
    // The package's default entry imports the .wasm file as an ES module, which Node refuses.
    const glue = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(dirname(glue), 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return engineClass;
}

/**
 * Errors thrown by our own adapter code reach the engine as "External error id#N", with
 * the original kept in the factory's registry.
 */
function adapterError(error: unknown, registry: ErrorRegistry): unknown {
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  return (id && registry.consumeError(Number(id))?.error) || error;
}

type Track = (adapter: SqlDriverAdapter) => SqlDriverAdapter;

function sqliteFactory(target: EngineTarget, track: Track): SqlMigrationAwareDriverAdapterFactory {
  const url = target.databaseUrl ? sqlitePath(target.databaseUrl) : ':memory:';
  // The adapter's default shadow database is an in-memory one.
  const base = new PrismaBetterSqlite3({ url });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => track(runScriptsWhole(await base.connect())),
    connectToShadowDb: async () => track(runScriptsWhole(await base.connectToShadowDb())),
  };
}

/**
 * The engine sends whole migration scripts (several statements, no parameters) through
 * `executeRaw`, which better-sqlite3 prepares as a single statement and rejects; such
 * calls go to `executeScript`. Parameterless statements thereby report 0 changed rows,
 * which the engine does not use.
 */
function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

function postgresFactory(target: EngineTarget, track: Track): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => {
      const url = target.databaseUrl ?? target.shadowDatabaseUrl;
      if (!url) throw new Error('A PostgreSQL database URL or shadow database URL is required.');
      return track(runPgScriptsWhole(readCharAsText(await new PrismaPg({ connectionString: url }).connect())));
    },
    // The adapter's own shadow database (created then dropped per use) cannot be dropped
    // while its pool is open; use the configured one and start from an empty schema.
    connectToShadowDb: async () => {
      const { shadowDatabaseUrl, databaseUrl } = target;
      if (!shadowDatabaseUrl) throw new Error('This PostgreSQL operation needs a shadow database URL.');
      if (shadowDatabaseUrl === databaseUrl) throw new Error('The shadow database must differ from the main database.');
      const shadow = track(runPgScriptsWhole(readCharAsText(await new PrismaPg({ connectionString: shadowDatabaseUrl }).connect())));
      await shadow.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
      return shadow;
    },
  };
}

/**
 * @prisma/adapter-pg runs a script by splitting it on every ";", which cuts a PL/pgSQL
 * function body (or a comment) in pieces. PostgreSQL runs a parameterless multi-statement
 * query itself, in one implicit transaction, so the script goes whole to the pool.
 */
function runPgScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const pool = (adapter as unknown as { client?: { query: (sql: string) => Promise<unknown> } }).client;
  if (!pool?.query) throw new Error('@prisma/adapter-pg no longer exposes its pool; revisit runPgScriptsWhole.');
  return delegate(adapter, {
    executeScript: async (script) => {
      await pool.query(script);
    },
  });
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgResult {
  fields: { dataTypeID: number }[];
}
interface PgQueryable {
  performIO?: (query: SqlQuery) => Promise<PgResult>;
}

/**
 * The engine's schema describer selects catalog columns of Postgres' internal "char"
 * type, which @prisma/adapter-pg refuses to map; their values are single letters, so
 * reading them as text is exact. Applies to the connection and its transactions.
 */
function readCharAsText<T extends object>(queryable: T): T {
  const target = queryable as PgQueryable;
  const performIO = target.performIO?.bind(queryable);
  if (!performIO) throw new Error('@prisma/adapter-pg no longer has performIO; revisit readCharAsText.');
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  const adapter = queryable as Partial<SqlDriverAdapter>;
  const startTransaction = adapter.startTransaction?.bind(queryable);
  if (startTransaction) adapter.startTransaction = async (level) => readCharAsText(await startTransaction(level));
  return queryable;
}

/** Closing twice throws in pg ("Called end on pool more than once"). */
function disposeOnce(adapter: SqlDriverAdapter): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  return delegate(adapter, { dispose: () => (disposed ??= adapter.dispose()) });
}

/** A plain object forwarding to `adapter` (adapters use #private fields, so no prototype tricks). */
function delegate(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (level) => adapter.startTransaction(level),
    dispose: () => adapter.dispose(),
    ...(adapter.getConnectionInfo && { getConnectionInfo: () => adapter.getConnectionInfo!() }),
    ...overrides,
  };
}
