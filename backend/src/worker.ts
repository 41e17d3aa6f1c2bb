// Background workers, scaled apart from the API (`npm run worker`): same code, same
// configuration, no HTTP. Today: the job runner (mail, SMS and the modules' jobs), and the
// backups on BACKUP_SCHEDULE when BACKUP_ENABLED=true.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { EnvValidationError, loadConfig } from './config/env';
import { startBackupSchedule } from './modules/backups/backup-schedule';
import { publishWakeUps } from './modules/live/live-wake-ups';
import { createChannels } from './modules/notifications/channels';
import { scheduleRecentReconciliations } from './modules/payments/reconciliation.service';
import { startOutboxWorker } from './modules/notifications/outbox.worker';
import { createDb } from './platform/db/client';
import { createRedis } from './platform/redis/redis';
import { flushSentry, initSentry } from './platform/observability/sentry';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof EnvValidationError ? error.message : error);
  process.exit(1);
}
const report = initSentry(config);
const log = pino({ level: config.logLevel, name: 'worker' });
const { db } = createDb({ databaseUrl: config.database.url, poolMax: config.database.poolMax });
const redis = createRedis(config);
const outbox = startOutboxWorker({ db, channels: createChannels({ config, db, redis }), log });
// Notifications the jobs write (reminders, expiries, reviews) reach the members' open streams.
const stopWakeUps = publishWakeUps({ db, redis });
// The daily reconciliation with Stripe chains itself from day to day; queuing yesterday's
// and today's runs here (once each: the day is the key) restarts a chain that broke.
if (config.stripe.secretKey) {
  scheduleRecentReconciliations(db).catch((err: unknown) => log.error({ err }, 'could not queue the daily reconciliation'));
}
const backups = config.backup.enabled ? startBackupSchedule({ config, redis, log, report }) : null;
log.info(
  backups
    ? `worker started: job runner; backups on "${config.backup.schedule}" (UTC), next at ${backups.nextRun()?.toISOString()}`
    : 'worker started: job runner; backups off (BACKUP_ENABLED=false)',
);

closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'worker stopping after an error');
  else log.info({ signal }, 'worker stopping: finishing the current batch');
  await Promise.all([outbox.stop(), backups?.stop()]);
  stopWakeUps();
  await Promise.allSettled([db.$disconnect(), redis.quit(), flushSentry()]);
});
