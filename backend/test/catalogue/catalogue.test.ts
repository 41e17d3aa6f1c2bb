import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateSearch } from '../../src/modules/search/search-index.service';
import { seedComplete, seedDatabase } from '../../src/seed/seed.service';
import { createTestApp, type TestApp } from '../support/test-app';

describe('catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: true });
  });
  afterAll(() => t.close());

  it('lists the category tree with names in French, Arabic and English, in order', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/categories' });
    expect(res.statusCode).toBe(200);
    const { categories } = res.json();
    expect(categories.length).toBeGreaterThanOrEqual(12);
    expect(categories.map((c: { position: number }) => c.position)).toEqual(
      [...categories.map((c: { position: number }) => c.position)].sort((a, b) => a - b),
    );
    const plumbing = categories.find((c: { slug: string }) => c.slug === 'plumbing');
    expect(plumbing.name).toEqual({ fr: 'Plomberie', ar: 'سباكة', en: 'Plumbing' });
    expect(plumbing.children.map((c: { slug: string }) => c.slug)).toContain('leak-repair');
  });

  it('hides a hidden category with its whole branch', async () => {
    // Hidden in the database, then the version bump every admin category change makes.
    await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: true } });
    await invalidateSearch(t.redis);
    try {
      const { categories } = (await t.app.inject({ method: 'GET', url: '/api/categories' })).json();
      const slugs = JSON.stringify(categories);
      expect(slugs).not.toContain('"plumbing"');
      expect(slugs).not.toContain('leak-repair');
    } finally {
      await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: false } });
      await invalidateSearch(t.redis);
    }
  });

  it('lists the cities with coordinates', async () => {
    const { cities } = (await t.app.inject({ method: 'GET', url: '/api/cities' })).json();
    expect(cities).toHaveLength(8);
    expect(cities.find((c: { slug: string }) => c.slug === 'casablanca')).toMatchObject({
      name: { ar: 'الدار البيضاء' },
      latitude: 33.5731,
    });
  });
});

describe('seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const snapshot = async () => ({
    users: await t.db.user.findMany({ orderBy: { email: 'asc' } }),
    categories: await t.db.category.findMany({ orderBy: { slug: 'asc' } }),
    cities: await t.db.city.findMany({ orderBy: { slug: 'asc' } }),
    services: await t.db.service.findMany({ orderBy: { slug: 'asc' } }),
    profiles: await t.db.providerProfile.findMany({ orderBy: { userId: 'asc' } }),
  });

  // 300 services seeded twice: generous time for a loaded CI machine.
  it('is idempotent: a second run changes nothing', { timeout: 120_000 }, async () => {
    const first = await seedDatabase({ db: t.db, demo: true });
    const before = await snapshot();
    const second = await seedDatabase({ db: t.db, demo: true });
    const after = await snapshot();
    expect(second).toEqual(first);
    // Same rows, same ids; only updatedAt may move on rewritten rows.
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ updatedAt: _u, ...rest }) => rest);
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      expect(strip(after[key] as Record<string, unknown>[]), key).toEqual(strip(before[key] as Record<string, unknown>[]));
    }
  });

  it('seeds a demo admin, verified providers and published services, and one provider in every other verification state', async () => {
    const snap = await snapshot();
    const { users } = snap;
    // Beside the demo content: the operators' unlisted test provider and its one service (smoke runs book it).
    const testProvider = snap.profiles.filter((p) => p.unlisted);
    expect(testProvider).toHaveLength(1);
    expect(snap.services.filter((s) => s.providerId === testProvider[0]!.id).map((s) => [s.slug, s.listed])).toEqual([
      ['smoke-test-service', false],
    ]);
    const profiles = snap.profiles.filter((p) => !p.unlisted);
    const services = snap.services.filter((s) => s.providerId !== testProvider[0]!.id);
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
    const sellers = profiles.filter((p) => services.some((s) => s.providerId === p.id));
    expect(sellers).toHaveLength(60);
    expect(sellers.every((p) => p.kycStatus === 'verified' && p.identityVerifiedAt !== null)).toBe(true);
    expect(
      profiles
        .filter((p) => p.kycStatus !== 'verified')
        .map((p) => p.kycStatus)
        .sort(),
    ).toEqual(['draft', 'in_review', 'rejected', 'submitted', 'suspended']);
    expect(services).toHaveLength(300);
    expect(services.every((s) => s.listed)).toBe(true);
    expect(await seedComplete({ db: t.db })).toBe(true);
    // Every generated service can be found in all three languages.
    const generated = services.filter((s) => s.slug.startsWith('demo-'));
    expect(generated.every((s) => Object.keys(JSON.parse(s.translations)).length === 2 && s.searchText.length > 0)).toBe(true);
    expect(services.every((s) => s.status === 'published' && s.currency === 'MAD' && Number.isInteger(s.priceMinor))).toBe(true);
    expect(new Set(services.map((s) => s.locale))).toEqual(new Set(['fr', 'ar', 'en']));
  });
});

describe('seed without demo content (production)', () => {
  it('inserts reference data only', async () => {
    const t = await createTestApp();
    try {
      const result = await seedDatabase({ db: t.db, demo: false });
      expect(result).toMatchObject({ cities: 8, users: 0, services: 0 });
      expect(await t.db.user.count()).toBe(0);
      expect(await t.db.category.count()).toBe(result.categories);
      // Categories alone are not a finished demo seed: a first local start would seed again.
      expect(await seedComplete({ db: t.db })).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('seed with a smoke account (staging/production smoke runs)', () => {
  it('creates a verified client that can sign in, and updates its password on the next run', async () => {
    const t = await createTestApp();
    try {
      await seedDatabase({ db: t.db, demo: false, smokeUser: { email: 'Smoke@Example.test', password: 'first smoke password' } });
      await seedDatabase({ db: t.db, demo: false, smokeUser: { email: 'smoke@example.test', password: 'second smoke password' } });
      const signIn = (password: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'smoke@example.test', password } });
      expect((await signIn('first smoke password')).statusCode).toBe(401);
      const res = await signIn('second smoke password');
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ role: 'client', emailVerified: true });
    } finally {
      await t.close();
    }
  });
});
