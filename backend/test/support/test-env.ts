// What the test run is pointed at. Defaults are the embedded ones (SQLite, in-process
// Redis, no ClamAV), so `npm test` works on a fresh clone; CI points every suite at the
// real services through these variables, and then a missing service is a failure.
export const testEnv = {
  /** sqlite (default) or postgresql: which database every suite runs against. */
  dbProvider: (process.env.TEST_DB_PROVIDER ?? 'sqlite') as 'sqlite' | 'postgresql',
  /** Admin connection used to create and drop per-test PostgreSQL databases. */
  postgresAdminUrl: process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.TEST_REDIS_URL || null,
  clamav: process.env.TEST_CLAMAV_HOST ? { host: process.env.TEST_CLAMAV_HOST, port: Number(process.env.TEST_CLAMAV_PORT ?? 3310) } : null,
  /** In CI every service above must be configured: a missing one fails instead of skipping. */
  requireServices: process.env.CI === 'true' || process.env.TEST_REQUIRE_SERVICES === 'true',
};

if (!['sqlite', 'postgresql'].includes(testEnv.dbProvider)) throw new Error('TEST_DB_PROVIDER must be sqlite or postgresql');

export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
