import { hashPassword } from '../modules/accounts/passwords';
import { reindexServices, searchTextOf } from '../modules/search/search-index.service';
import type { Db } from '../platform/db/client';
import type { Config } from '../config/env';
import { createLocalStorage, type ObjectStorage } from '../platform/storage/storage';
import { DEMO_PROVIDERS } from './demo-data';
import { attachDemoPhotos, ensureDemoPhotos } from './demo-photos';
import { generateDemoProviders } from './generated-demo';
import { CATEGORIES, CITIES } from './reference-data';

export interface SeedInput {
  db: Db;
  /** Demo admin, providers and services (local and staging); production seeds reference data only. */
  demo: boolean;
  adminEmail?: string | null;
  /** The verified account `npm run smoke:all` signs in with where smoke routes are off (SMOKE_USER_*). */
  smokeUser?: { email: string; password: string } | null;
  /** The generated providers and services on top of the hand-written ones (default true). */
  generated?: boolean;
  /** Where the demo services' photos are stored (UPLOAD_STORAGE_DIR); without it they get none (seed:scale, most tests). */
  photoStorage?: ObjectStorage | null;
}

export interface SeedResult {
  cities: number;
  categories: number;
  users: number;
  services: number;
  /** Demo photos on the demo services (1 to 3 each); 0 without photoStorage. */
  photos: number;
}

const names = ([fr, ar, en]: [string, string, string]) => ({ nameFr: fr, nameAr: ar, nameEn: en });

// Every category slug with its names and its parent's, for the services' search text.
type Names = [fr: string, ar: string, en: string];
const categoryPlaces = new Map<string, { name: Names; parent: Names | null }>(
  CATEGORIES.flatMap((top) => [
    [top.slug, { name: top.name, parent: null }],
    ...top.children.map((child): [string, { name: Names; parent: Names }] => [child.slug, { name: child.name, parent: top.name }]),
  ]),
);

/** The service `npm run smoke:all` books and cancels (SMOKE_BOOKING_SERVICE by default). */
export const SMOKE_SERVICE_SLUG = 'smoke-test-service';

/**
 * The operators' own test provider, whose one service the smoke runs book and cancel in
 * every environment, so that they never book a real provider. Unlisted: its service opens and
 * books by its link only. Its mail goes to the smoke account's mailbox (+provider), or to the
 * demo admin's domain locally. No password: nobody signs in as it.
 */
async function ensureSmokeProvider({
  db,
  smokeEmail,
  cityIds,
  categoryIds,
}: {
  db: Db;
  smokeEmail: string | null;
  cityIds: Map<string, { id: string; lat: number; lng: number }>;
  categoryIds: Map<string, string>;
}): Promise<number> {
  const [local, domain] = (smokeEmail ?? 'smoke@khadamat.local').toLowerCase().split('@') as [string, string];
  const email = `${local.split('+')[0]}+provider@${domain}`;
  const verifiedAt = new Date('2026-01-01T00:00:00Z');
  const user = await db.user.upsert({
    where: { email },
    create: {
      email,
      name: 'Khadamat Test Provider',
      role: 'provider',
      locale: 'fr',
      emailVerifiedAt: verifiedAt,
      phoneVerifiedAt: verifiedAt,
    },
    update: { role: 'provider', deletedAt: null, emailVerifiedAt: verifiedAt, phoneVerifiedAt: verifiedAt },
  });
  const city = cityIds.get('casablanca')!;
  const profileData = {
    bio: 'Compte de test des opérateurs : ne pas réserver.',
    languages: 'fr',
    cityId: city.id,
    kycStatus: 'verified' as const,
    kycDecidedAt: verifiedAt,
    unlisted: true,
  };
  const profile = await db.providerProfile.upsert({
    where: { userId: user.id },
    create: { userId: user.id, ...profileData },
    update: profileData,
  });
  // Every day, all day, bookable at once: a smoke run finds a slot at any hour.
  const schedule = {
    weeklyPlan: JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }))),
    minNoticeMinutes: 0,
    horizonDays: 30,
    freeCancellationHours: 24,
  };
  await db.providerSchedule.upsert({
    where: { providerId: profile.id },
    create: { providerId: profile.id, ...schedule },
    update: schedule,
  });
  const [categorySlug] = CATEGORIES[0]!.children.map((child) => child.slug);
  const data = {
    providerId: profile.id,
    categoryId: categoryIds.get(categorySlug!)!,
    title: 'Service de test (supervision)',
    description: 'Réservé et annulé automatiquement par les contrôles de la plateforme.',
    priceModel: 'fixed' as const,
    priceMinor: 10_000,
    durationMinutes: 60,
    cityId: city.id,
    latitude: city.lat,
    longitude: city.lng,
    status: 'published' as const,
    publishedAt: verifiedAt,
  };
  await db.service.upsert({ where: { slug: SMOKE_SERVICE_SLUG }, create: { slug: SMOKE_SERVICE_SLUG, ...data }, update: data });
  return 1;
}

const DEMO_WEEKLY_PLAN = JSON.stringify([1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '08:00', end: '19:00' })));

/** Idempotent: every row is upserted by its natural key, so a second run changes nothing. */
export async function seedDatabase({ db, demo, adminEmail, smokeUser, generated = true, photoStorage }: SeedInput): Promise<SeedResult> {
  const cityIds = new Map<string, { id: string; lat: number; lng: number }>();
  for (const c of CITIES) {
    const data = { ...names(c.name), latitude: c.lat, longitude: c.lng };
    const row = await db.city.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...data }, update: data });
    cityIds.set(c.slug, { id: row.id, lat: c.lat, lng: c.lng });
  }

  const categoryIds = new Map<string, string>();
  let categories = 0;
  for (const [position, top] of CATEGORIES.entries()) {
    const data = { ...names(top.name), icon: top.icon, position, parentId: null };
    const parent = await db.category.upsert({ where: { slug: top.slug }, create: { slug: top.slug, ...data }, update: data });
    categoryIds.set(top.slug, parent.id);
    categories += 1;
    for (const [childPosition, child] of top.children.entries()) {
      const childData = { ...names(child.name), position: childPosition, parentId: parent.id };
      const row = await db.category.upsert({ where: { slug: child.slug }, create: { slug: child.slug, ...childData }, update: childData });
      categoryIds.set(child.slug, row.id);
      categories += 1;
    }
  }

  const result: SeedResult = { cities: CITIES.length, categories, users: 0, services: 0, photos: 0 };
  if (smokeUser) {
    const email = smokeUser.email.toLowerCase();
    const passwordHash = await hashPassword(smokeUser.password);
    const verifiedAt = new Date();
    await db.user.upsert({
      where: { email },
      create: { email, name: 'Smoke Test', role: 'client', passwordHash, emailVerifiedAt: verifiedAt },
      update: { passwordHash, role: 'client', deletedAt: null },
    });
  }
  if (smokeUser || demo) result.services += await ensureSmokeProvider({ db, smokeEmail: smokeUser?.email ?? null, cityIds, categoryIds });
  if (!demo) {
    if (smokeUser) await reindexServices({ db, where: { slug: SMOKE_SERVICE_SLUG } });
    return result;
  }

  const email = adminEmail ?? 'admin@khadamat.local';
  // No password: the accounts capability sets one through its own sign-up/enrolment flow.
  const admin = await db.user.upsert({
    where: { email },
    create: { email, name: 'Khadamat Admin', role: 'admin' },
    update: { role: 'admin' },
  });
  result.users += 1;
  // Rendered (on libvips threads) while the services are written.
  const photos = photoStorage ? ensureDemoPhotos({ db, storage: photoStorage, ownerId: admin.id }) : null;
  // Settled now so that a rendering failure cannot go unhandled while services are written; rethrown below.
  photos?.catch(() => undefined);
  const seededServices: { id: string; slug: string; category: string }[] = [];

  const verifiedAt = new Date('2026-01-01T00:00:00Z');
  for (const p of [...DEMO_PROVIDERS, ...(generated ? generateDemoProviders() : [])]) {
    const city = cityIds.get(p.city)!;
    const user = await db.user.upsert({
      where: { email: p.email },
      create: {
        email: p.email,
        name: p.name,
        role: 'provider',
        locale: p.languages.split(',')[0]!,
        emailVerifiedAt: verifiedAt,
        phoneVerifiedAt: verifiedAt,
      },
      update: { name: p.name, role: 'provider' },
    });
    // Demo providers are vetted: only verified providers sell.
    const profileData = {
      bio: p.bio,
      languages: p.languages,
      cityId: city.id,
      kycStatus: 'verified' as const,
      onboardingSteps: '["profile","identity"]',
      kycSubmittedAt: verifiedAt,
      kycDecidedAt: verifiedAt,
      identityVerifiedAt: verifiedAt,
    };
    const profile = await db.providerProfile.upsert({
      where: { userId: user.id },
      create: { userId: user.id, ...profileData },
      update: profileData,
    });
    // Open Monday to Saturday, 08:00–19:00 in Casablanca, so that demo services can be booked.
    // Created once: a weekly plan someone changed since is theirs.
    await db.providerSchedule.upsert({
      where: { providerId: profile.id },
      create: { providerId: profile.id, weeklyPlan: DEMO_WEEKLY_PLAN },
      update: {},
    });
    result.users += 1;
    // One transaction per provider: one commit instead of one per service.
    const upserts = p.services.map((s) => {
      const { category, translations, ...rest } = s;
      const placed = categoryPlaces.get(category)!;
      const data = {
        ...rest,
        translations: JSON.stringify(translations ?? {}),
        providerId: profile.id,
        categoryId: categoryIds.get(category)!,
        cityId: city.id,
        latitude: city.lat,
        longitude: city.lng,
        status: 'published' as const,
        publishedAt: verifiedAt,
        searchText: searchTextOf({
          ...rest,
          translations: JSON.stringify(translations ?? {}),
          category: { ...names(placed.name), parent: placed.parent ? names(placed.parent) : null },
          city: names(CITIES.find((c) => c.slug === p.city)!.name),
          provider: { user: { name: p.name } },
        }),
      };
      return db.service.upsert({ where: { slug: s.slug }, create: data, update: data });
    });
    const rows = await db.$transaction(upserts);
    rows.forEach((row, i) => seededServices.push({ id: row.id, slug: row.slug, category: p.services[i]!.category }));
    result.services += upserts.length;
  }
  if (photos) result.photos = await attachDemoPhotos({ db, services: seededServices, photos: await photos });
  result.users += await seedKycStates({ db, cityId: cityIds.get('casablanca')!.id, since: verifiedAt });
  // Services created by people in seeded categories follow renamed categories too. Last:
  // a seed that did not reach this point is not complete (seedComplete).
  await reindexServices({ db, where: {} });
  return result;
}

/** Providers in every other verification state, for the back office's queue (no documents: no one's identity). */
export const DEMO_KYC_PROVIDERS = [
  { email: 'nadia.draft@demo.khadamat.ma', name: 'Nadia Ouali', status: 'draft', reason: null },
  { email: 'youssef.submitted@demo.khadamat.ma', name: 'Youssef Amrani', status: 'submitted', reason: null },
  { email: 'salma.review@demo.khadamat.ma', name: 'Salma Idrissi', status: 'in_review', reason: null },
  { email: 'hamza.rejected@demo.khadamat.ma', name: 'Hamza Tazi', status: 'rejected', reason: 'Photo de la pièce d’identité illisible' },
  { email: 'imane.suspended@demo.khadamat.ma', name: 'Imane Berrada', status: 'suspended', reason: 'Plaintes répétées de clients' },
] as const;

async function seedKycStates({ db, cityId, since }: { db: Db; cityId: string; since: Date }): Promise<number> {
  for (const p of DEMO_KYC_PROVIDERS) {
    const user = await db.user.upsert({
      where: { email: p.email },
      create: { email: p.email, name: p.name, role: 'provider', locale: 'fr', emailVerifiedAt: since, phoneVerifiedAt: since },
      update: { name: p.name, role: 'provider' },
    });
    const decided = p.status === 'rejected' || p.status === 'suspended';
    const data = {
      bio: `${p.name}, prestataire de démonstration.`,
      languages: 'fr,ar',
      cityId,
      kycStatus: p.status,
      kycReason: p.reason,
      onboardingSteps: p.status === 'draft' ? '["profile"]' : '["profile","identity"]',
      kycSubmittedAt: p.status === 'draft' ? null : since,
      kycDecidedAt: decided ? since : null,
      identityVerifiedAt: p.status === 'suspended' ? since : null,
    };
    await db.providerProfile.upsert({ where: { userId: user.id }, create: { userId: user.id, ...data }, update: data });
  }
  return DEMO_KYC_PROVIDERS.length;
}

/**
 * Whether the demo seed ran to its end: the reindex it ends with gives every service its
 * title text. A first start whose seed was interrupted (stopped, or a failure) seeds again
 * on the next start instead of leaving half a catalogue that `npm run seed` would then
 * complete.
 */
export async function seedComplete({ db }: { db: Db }): Promise<boolean> {
  if ((await db.category.count()) === 0) return false;
  const last = DEMO_KYC_PROVIDERS.at(-1)!;
  if (!(await db.user.findUnique({ where: { email: last.email }, select: { id: true } }))) return false;
  return (await db.service.count({ where: { titleText: '' } })) === 0;
}

/**
 * The seed of this environment, the same for `npm run seed` and the first local start:
 * demo content except in production, the smoke account when SMOKE_USER_* are set, the demo
 * photos unless asked not to.
 */
export function seedOptionsFor(
  config: Pick<Config, 'isProduction' | 'admin' | 'smoke' | 'uploads'>,
  { referenceOnly = false, photos = true }: { referenceOnly?: boolean; photos?: boolean } = {},
): Omit<SeedInput, 'db'> {
  const demo = !config.isProduction && !referenceOnly;
  return {
    demo,
    adminEmail: config.admin.email,
    smokeUser:
      config.smoke.userEmail && config.smoke.userPassword ? { email: config.smoke.userEmail, password: config.smoke.userPassword } : null,
    photoStorage: demo && photos ? createLocalStorage({ dir: config.uploads.storageDir }) : null,
  };
}
