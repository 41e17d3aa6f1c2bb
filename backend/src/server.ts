import closeWithGrace from 'close-with-grace';
import { bufferedStdout, buildApp, loggerOptions } from './app';
import { EnvValidationError, loadConfig, type Config } from './config/env';
import { createChannels } from './modules/notifications/channels';
import { startOutboxWorker } from './modules/notifications/outbox.worker';
import { schedulePayoutRun } from './modules/payouts/payouts.jobs';
import { createDb } from './platform/db/client';
import { flushSentry } from './platform/observability/sentry';
import { createRedis } from './platform/redis/redis';
import { seedComplete, seedDatabase, seedOptionsFor } from './seed/seed.service';

function readConfig(): Readonly<Config> {
  try {
    return loadConfig();
  } catch (error) {
    // Stop before listening: one message naming every problem, never a value.
    console.error(error instanceof EnvValidationError ? error.message : error);
    process.exit(1);
  }
}

const config = readConfig();

if (config.database.autoMigrate) {
  // Local convenience: the embedded database is created, migrated and seeded on first
  // start. Staging/production apply migrations in `npm run deploy`, never at boot.
  const { applyMigrations } = await import('./platform/db/migrations');
  const { applied } = await applyMigrations({ databaseUrl: config.database.url });
  if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
}

// Opened after migrations: SQLite connections must see the file the migrator created.
const { db, provider } = createDb({ databaseUrl: config.database.url, poolMax: config.database.poolMax });
if (config.database.autoMigrate) {
  // The very seed `npm run seed` does, until one has run to its end.
  if (!(await seedComplete({ db }))) {
    const seeded = await seedDatabase({ db, ...seedOptionsFor(config) });
    console.log(`Seeded reference data (${seeded.categories} categories, ${seeded.services} demo services, ${seeded.photos} photos)`);
  }
}

const redis = createRedis(config);
const app = await buildApp({ config, db, dbProvider: provider, redis, logger: loggerOptions(config, bufferedStdout()) });
// On one machine the API process also sends the outbox; `npm run worker` scales it apart.
const outbox = startOutboxWorker({ db, channels: createChannels({ config, db, redis }), log: app.log });
// The daily payout run: today's exists once (keyed), whichever process queues it.
schedulePayoutRun(db, new Date()).catch((err: unknown) => app.log.error({ err }, 'could not queue the daily payout run'));

closeWithGrace({ delay: config.shutdownDrainMs + 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else if (config.shutdownDrainMs > 0) {
    // Still serving, but no longer ready: the load balancer moves new work elsewhere.
    app.lifecycle.draining = true;
    app.log.info({ signal, drainMs: config.shutdownDrainMs }, 'draining: readiness fails, then the server stops accepting');
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
  }
  if (!err) app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  // app.close() stops accepting connections and waits for in-flight requests.
  await app.close();
  await outbox.stop();
  await Promise.allSettled([db.$disconnect(), redis.quit(), flushSentry()]);
});

const address = await app.listen({ host: config.host, port: config.port });
const local = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
console.log(
  [
    `KhadamatPlatform API (${config.nodeEnv}) listening on ${local}`,
    `  database: ${provider}${provider === 'sqlite' ? ` (${config.database.url})` : ''} · redis: ${config.redis.mock ? 'in-process' : 'server'} · antivirus: ${config.antivirus.enabled ? 'on' : 'off'}`,
    `  health:   ${local}/health/ready`,
    ...(config.apiDocs === 'off' ? [] : [`  API docs: ${local}/api/docs${config.apiDocs === 'admin' ? ' (admin networks only)' : ''}`]),
  ].join('\n'),
);
