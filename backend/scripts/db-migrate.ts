// Prisma-style migrations without the native schema engine (see platform/db/migrations):
//   tsx scripts/db-migrate.ts deploy | create --name <name> | status | check
// DATABASE_URL picks the database and provider for deploy/status; create and check work
// on both providers' histories and replay the PostgreSQL one in SHADOW_DATABASE_URL,
// which they wipe.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyMigrations, checkHistories, createMigration, migrationStatus } from '../src/platform/db/migrations';
import { backendRoot, providerOf } from '../src/platform/db/schema-variants';

function readEnv() {
  return {
    databaseUrl: process.env.DATABASE_URL || 'file:./dev.db',
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/khadamat_shadow',
  };
}

const USAGE = 'usage: tsx scripts/db-migrate.ts deploy | create --name <name> | status | check';

/** Returns the process exit code. */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options: { name: { type: 'string' } }, allowPositionals: true });
  const { databaseUrl, shadowDatabaseUrl } = readEnv();
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new Error(USAGE);

  switch (command) {
    case 'deploy': {
      const { applied } = await applyMigrations({ databaseUrl });
      const where = `${providerOf(databaseUrl)} ${redact(databaseUrl)}`;
      console.log(applied.length ? `Applied to ${where}: ${applied.join(', ')}` : `No pending migrations for ${where}.`);
      return 0;
    }
    case 'create': {
      if (!values.name) throw new Error('create needs --name <name>');
      await ensureShadowDatabase(shadowDatabaseUrl, databaseUrl);
      const { created } = await createMigration({ name: values.name, shadowDatabaseUrl });
      if (created.length === 0) console.log('No schema changes: no migration created.');
      for (const { provider, dir } of created) console.log(`Created ${provider} migration ${relative(dir)}/migration.sql`);
      return 0;
    }
    case 'status': {
      const { applied, pending, failed } = await migrationStatus({ databaseUrl });
      console.log(
        `${providerOf(databaseUrl)} ${redact(databaseUrl)}: ${applied.length} applied, ${pending.length} pending, ${failed.length} failed`,
      );
      if (pending.length) console.log(`Pending: ${pending.join(', ')}`);
      if (failed.length) console.log(`Failed (resolve before deploying): ${failed.join(', ')}`);
      return failed.length ? 1 : 0;
    }
    case 'check': {
      await ensureShadowDatabase(shadowDatabaseUrl, databaseUrl);
      const checks = await checkHistories({ shadowDatabaseUrl });
      for (const { provider, inSync, detail } of checks) {
        console.log(inSync ? `${provider}: history matches the schema.` : `${provider}: DRIFT, the history is missing:\n${detail}`);
      }
      if (checks.some((check) => !check.inSync)) console.log('Run `npm run db:migrate:create -- --name <name>`.');
      return checks.every((check) => check.inSync) ? 0 : 1;
    }
    default:
      throw new Error(USAGE);
  }
}

/**
 * The PostgreSQL diff replays the history in a shadow database; create it when it is
 * missing on a local server, so a fresh checkout works without manual setup.
 */
async function ensureShadowDatabase(url: string, databaseUrl: string): Promise<void> {
  if (url === databaseUrl) throw new Error('SHADOW_DATABASE_URL must differ from DATABASE_URL: the shadow database gets wiped.');
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const unusable = (reason: string) =>
    new Error(
      `Shadow database ${redact(url)} is not usable (${reason}); set SHADOW_DATABASE_URL to a PostgreSQL database that may be wiped.`,
    );
  try {
    await query(url, 'SELECT 1');
    return;
  } catch (error) {
    const missing = (error as { code?: string }).code === '3D000'; // invalid_catalog_name
    if (!missing || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw unusable(messageOf(error));
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  try {
    await query(admin.href, `CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    console.log(`Created shadow database ${database}.`);
  } catch (error) {
    throw unusable(`cannot create it: ${messageOf(error)}`);
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Hides credentials when echoing a URL. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function relative(path: string): string {
  return path.startsWith(`${backendRoot}/`) ? path.slice(backendRoot.length + 1) : path;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Engine errors end with a Rust span trace ("   0: schema_engine…"), noise for a CLI user.
    console.error(`db-migrate: ${messageOf(error).replace(/\n\s+0: [\s\S]*$/, '')}`);
    process.exitCode = 1;
  },
);
