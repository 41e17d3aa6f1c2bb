// Background workers, scaled apart from the API (`npm run worker`): same code, same
// configuration, no HTTP. Today: the notification outbox and the jobs it carries.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { EnvValidationError, loadConfig } from './config/env';
import { createChannels } from './modules/notifications/channels';
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
initSentry(config);
const log = pino({ level: config.logLevel, name: 'worker' });
const { db } = createDb({ databaseUrl: config.database.url, poolMax: config.database.poolMax });
const redis = createRedis(config);
const outbox = startOutboxWorker({ db, channels: createChannels({ config, db, redis }), log });
log.info('worker started: notification outbox');

closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'worker stopping after an error');
  else log.info({ signal }, 'worker stopping: finishing the current batch');
  await outbox.stop();
  await Promise.allSettled([db.$disconnect(), redis.quit(), flushSentry()]);
});
