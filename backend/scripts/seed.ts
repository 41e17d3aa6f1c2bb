// `npm run seed` (also run by `prisma db seed`): upserts the reference catalogue, and
// demo content everywhere but production. `--reference-only` skips the demo content;
// `--no-photos` keeps it but skips the demo services' photos.
import { EnvValidationError, loadConfig } from '../src/config/env';
import { createDb } from '../src/platform/db/client';
import { seedDatabase, seedOptionsFor } from '../src/seed/seed.service';

try {
  const config = loadConfig();
  const { db } = createDb({ databaseUrl: config.database.url });
  try {
    // The same options as the first local start (seedOptionsFor), so both leave the same state.
    const options = seedOptionsFor(config, {
      referenceOnly: process.argv.includes('--reference-only'),
      photos: !process.argv.includes('--no-photos'),
    });
    const { demo, smokeUser } = options;
    const started = performance.now();
    const result = await seedDatabase({ db, ...options });
    console.log(
      `Seeded ${result.cities} cities, ${result.categories} categories` +
        (demo ? `, ${result.users} demo users, ${result.services} demo services with ${result.photos} photos` : ' (reference data only)') +
        (smokeUser ? `; smoke account ${smokeUser.email} ready` : '') +
        ` in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  console.error(error instanceof EnvValidationError ? error.message : error);
  process.exitCode = 1;
}
