import type { Readiness } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import type { RedisClient } from '../../platform/redis/redis';
import { pingClamd } from '../../platform/antivirus/clamav';

type Check = Readiness['checks'][string];
type Dependency = Readiness['failed'][number];

const CHECK_TIMEOUT_MS = 2000;

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The reason is an operator's hint; it never carries a connection string.
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\w+:\/\/\S+/g, '<url>') : 'failed';
    return { status: 'fail', latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessDeps {
  db: Db;
  redis: RedisClient;
  config: Pick<Config, 'antivirus'>;
}

/** Checks every dependency the API needs to serve traffic, in parallel. */
export async function checkReadiness({ db, redis, config }: ReadinessDeps): Promise<Readiness> {
  const { antivirus } = config;
  const [database, redisCheck, clamav] = await Promise.all([
    timed(() => db.$queryRawUnsafe('SELECT 1')),
    timed(() => redis.ping()),
    antivirus.enabled && antivirus.host
      ? timed(() => pingClamd({ host: antivirus.host!, port: antivirus.port, timeoutMs: CHECK_TIMEOUT_MS }))
      : Promise.resolve<Check>({ status: 'disabled' }),
  ]);
  const checks: Record<Dependency, Check> = { database, redis: redisCheck, clamav };
  const failed = (Object.keys(checks) as Dependency[]).filter((k) => checks[k].status === 'fail');
  return { status: failed.length ? 'unavailable' : 'ok', checks, failed };
}
