// `npm run seed` (also run by `prisma db seed`): upserts the reference catalogue, and
// demo content everywhere but production. `--reference-only` skips the demo content;
// `--no-photos` keeps it but skips the demo services' photos.
import { EnvValidationError, loadConfig } from '../src/config/env';
import { createDb } from '../src/platform/db/client';
import { createLocalStorage } from '../src/platform/storage/storage';
import { seedDatabase } from '../src/seed/seed.service';

try {
  const config = loadConfig();
  const { db } = createDb({ databaseUrl: config.database.url });
  try {
    const demo = !config.isProduction && !process.argv.includes('--reference-only');
    const smokeUser =
      config.smoke.userEmail && config.smoke.userPassword ? { email: config.smoke.userEmail, password: config.smoke.userPassword } : null;
    const photoStorage = demo && !process.argv.includes('--no-photos') ? createLocalStorage({ dir: config.uploads.storageDir }) : null;
    const started = performance.now();
    const result = await seedDatabase({ db, demo, adminEmail: config.admin.email, smokeUser, photoStorage });
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
