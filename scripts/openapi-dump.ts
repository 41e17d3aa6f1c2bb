// `tsx scripts/openapi-dump.ts <file>`: writes the API's OpenAPI document (what /api/docs/json
// serves) from an app built on the embedded defaults, for `npm run lint:openapi`. Nothing
// connects: the database client and the in-process Redis are created but never queried.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildApp } from '../backend/src/app';
import { validateEnv } from '../backend/src/config/env';
import { createDb } from '../backend/src/platform/db/client';
import { createRedis } from '../backend/src/platform/redis/redis';

const target = process.argv[2];
if (!target) {
  console.error('usage: tsx scripts/openapi-dump.ts <output file>');
  process.exit(2);
}

// Only the embedded defaults: no environment file, no variable of the caller's.
const config = validateEnv({
  NODE_ENV: 'development',
  DATABASE_URL: 'file:./openapi-dump.db',
  MOCK_REDIS: 'true',
  SERVE_FRONTEND: 'false',
});
const { db, provider } = createDb({ databaseUrl: config.database.url });
const redis = createRedis(config);
const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
try {
  await app.ready();
  const file = resolve(target);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(app.swagger(), null, 2)}\n`);
  const paths = Object.values(app.swagger().paths ?? {});
  console.log(`OpenAPI document: ${paths.reduce((n, item) => n + Object.keys(item ?? {}).length, 0)} operations → ${target}`);
} finally {
  await app.close();
  await db.$disconnect();
  redis.disconnect();
}
// Nothing is left to do; do not wait for the loaded modules' timers to let go.
process.exit();
