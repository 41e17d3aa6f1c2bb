// `npm run seed:scale -- --services 100000`: fills DATABASE_URL with many published
// services for benchmarks (on top of `npm run seed`'s reference data, which it runs first,
// without the demo photos: benchmarks measure search, not pictures), up to that many: a
// second run on the same database adds only what is missing.
// Bulk inserts in batches; deterministic content, varied enough for text search.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EnvValidationError, loadConfig } from '../src/config/env';
import { indexedFieldsOf } from '../src/modules/search/search-index.service';
import { recordTerms } from '../src/modules/search/search-terms';
import { createDb } from '../src/platform/db/client';
import { generateDemoProviders, prng } from '../src/seed/generated-demo';
import { seedComplete, seedDatabase } from '../src/seed/seed.service';

const SERVICES_PER_PROVIDER = 50;
const BATCH = 1000;

try {
  const { values } = parseArgs({ options: { services: { type: 'string', default: '100000' } } });
  const total = Number(values.services);
  if (!Number.isInteger(total) || total < 1 || total > 2_000_000) throw new Error('--services must be a whole number from 1 to 2,000,000');
  const config = loadConfig();
  if (config.isProduction) throw new Error('seed:scale fills a database with fake services: never in production');
  const { db } = createDb({ databaseUrl: config.database.url });
  try {
    // A database that has them all already (a benchmark run again) is left as it is: seeding
    // again would reindex the whole catalogue (minutes at a million services) for nothing.
    const already = await db.service.count({ where: { slug: { startsWith: 'scale-' } } });
    if (already >= total && (await seedComplete({ db }))) {
      console.log(`${already} benchmark services already there: nothing to add`);
      process.exit(0);
    }
    await seedDatabase({ db, demo: true, generated: false });
    const categories = await db.category.findMany({ where: { parentId: { not: null } }, include: { parent: true } });
    const cities = await db.city.findMany();
    const categoryBySlug = new Map(categories.map((c) => [c.slug, c]));
    const random = prng(100_000);
    const existing = await db.service.count({ where: { slug: { startsWith: 'scale-' } } });
    const wanted = Math.max(total - existing, 0);
    if (existing > 0) console.log(`${existing} benchmark services already there: adding ${wanted}`);
    const providersNeeded = Math.ceil(wanted / SERVICES_PER_PROVIDER);
    // Templates from the generated demo: realistic titles in fr/ar/en for every category.
    const templates = generateDemoProviders({ providers: 54, servicesTotal: 540 }).flatMap((p) => p.services);
    const started = Date.now();
    const runId = Date.now().toString(36);
    let created = 0;
    for (let p = 0; p < providersNeeded; p++) {
      const city = cities[p % cities.length]!;
      const user = await db.user.create({
        data: {
          email: `scale-${runId}-${p}@bench.khadamat.test`,
          name: `Bench Provider ${p}`,
          role: 'provider',
          emailVerifiedAt: new Date(),
          phoneVerifiedAt: new Date(),
          providerProfile: { create: { cityId: city.id, kycStatus: 'verified' } },
        },
        include: { providerProfile: true },
      });
      const rows = [];
      for (let s = 0; s < SERVICES_PER_PROVIDER && created + rows.length < wanted; s++) {
        const template = templates[Math.floor(random() * templates.length)]!;
        const category = categoryBySlug.get(template.category)!;
        const id = randomUUID();
        const base = {
          id,
          providerId: user.providerProfile!.id,
          categoryId: category.id,
          slug: `scale-${runId}-${p}-${s}`,
          title: template.title,
          description: template.description,
          locale: template.locale,
          translations: JSON.stringify(template.translations ?? {}),
          priceModel: template.priceModel,
          priceMinor: template.priceMinor,
          durationMinutes: template.durationMinutes,
          cityId: city.id,
          latitude: city.latitude + (random() - 0.5) * 0.2,
          longitude: city.longitude + (random() - 0.5) * 0.2,
          status: 'published' as const,
          publishedAt: new Date(started - Math.floor(random() * 365 * 24 * 3600_000)),
        };
        // Verified provider, visible category, published: listed at once.
        rows.push({ ...base, ...indexedFieldsOf({ ...base, category, city, provider: { user } }), listed: true });
      }
      for (let i = 0; i < rows.length; i += BATCH) await db.service.createMany({ data: rows.slice(i, i + BATCH) });
      await recordTerms(
        db,
        rows.map((r) => r.searchText),
      );
      created += rows.length;
      if (p % 100 === 99) console.log(`  ${created} services…`);
    }
    // Fresh planner statistics: right after a bulk load PostgreSQL would otherwise pick
    // nested loops over "empty" tables (seen: 78 s for one search instead of 0.3 s).
    await db.$executeRawUnsafe('ANALYZE');
    console.log(`Created ${created} services for ${providersNeeded} providers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  console.error(error instanceof EnvValidationError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
