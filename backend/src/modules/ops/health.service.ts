import type { Readiness, ReadinessDetails } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import type { RedisClient } from '../../platform/redis/redis';
import { pingClamd } from '../../platform/antivirus/clamav';

type Check = ReadinessDetails['checks'][string];
type Dependency = ReadinessDetails['failed'][number];

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
    const message = describe(error)
      .split('\n')[0]!
      .replace(/\w+:\/\/\S+/g, '<url>');
    return { status: 'fail', latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

/** A failure's text, for operators: drivers often throw errors with an empty message and a code or cause. */
function describe(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 3) return 'failed';
  const code = (error as { code?: unknown }).code;
  if (error.message) return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0], depth + 1);
  if (error.cause) return describe(error.cause, depth + 1);
  return typeof code === 'string' ? code : error.name;
}

export interface ReadinessDeps {
  db: Db;
  redis: RedisClient;
  config: Pick<Config, 'antivirus'>;
}

/** Checks every dependency the API needs to serve traffic, in parallel (latency and error text included). */
export async function checkReadiness({ db, redis, config }: ReadinessDeps): Promise<ReadinessDetails> {
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

/** What anyone may see of a readiness check: no latency, no error text (it names hosts and ports). */
export function publicReadiness(details: ReadinessDetails): Readiness {
  const checks = Object.fromEntries(Object.entries(details.checks).map(([name, check]) => [name, { status: check.status }]));
  return { status: details.status, checks, failed: details.failed };
}
