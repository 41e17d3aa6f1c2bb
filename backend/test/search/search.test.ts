import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeForSearch } from '../../src/modules/search/normalize';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

describe('search normalisation', () => {
  it('ignores French accents, case and plurals', () => {
    expect(normalizeForSearch('Électricité')).toBe(normalizeForSearch('electricite'));
    expect(normalizeForSearch('Fuites')).toBe(normalizeForSearch('fuite'));
    expect(normalizeForSearch('Plombiers')).toBe(normalizeForSearch('plombier'));
    expect(normalizeForSearch('métaux')).toBe(normalizeForSearch('métal'));
  });
  it('normalises Arabic diacritics, alef/yaa/taa-marbuta variants and tatweel', () => {
    expect(normalizeForSearch('سِبَاكَة')).toBe(normalizeForSearch('سباكه'));
    expect(normalizeForSearch('إصلاح')).toBe(normalizeForSearch('اصلاح'));
    expect(normalizeForSearch('مستشفى')).toBe(normalizeForSearch('مستشفي'));
    expect(normalizeForSearch('تنظـــيف')).toBe(normalizeForSearch('تنظيف'));
  });
});

describe('GET /api/search/services', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: true, generated: false });
  });
  afterAll(() => t.close());

  const search = async (query: Record<string, string | number>) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/search/services',
      query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
    });
    return res;
  };
  const slugs = async (query: Record<string, string | number>) => (await search(query)).json().results.map((r: { slug: string }) => r.slug);

  it('finds services in French, without accents, and through category names', async () => {
    expect(await slugs({ q: 'fuite' })).toContain('karim-reparation-fuite');
    expect(await slugs({ q: 'plomberie' })).toEqual(expect.arrayContaining(['karim-reparation-fuite', 'karim-chauffe-eau']));
    expect(await slugs({ q: 'electricite' })).toEqual(expect.arrayContaining(['youssef-depannage-electrique', 'youssef-lighting-install']));
    expect(await slugs({ q: 'FUITES' })).toContain('karim-reparation-fuite');
  });

  it('finds services in Arabic, whatever the spelling variant', async () => {
    expect(await slugs({ q: 'تنظيف' })).toEqual(expect.arrayContaining(['fatima-tanzif-manzil']));
    // سباكة (plumbing) written with a plain haa and diacritics.
    expect(await slugs({ q: 'سِبَاكه' })).toEqual(expect.arrayContaining(['karim-reparation-fuite']));
    expect(await slugs({ q: 'صيانة المكيفات' })).toContain('hassan-siyanat-mukayif');
  });

  it('understands English and mixed-language queries', async () => {
    expect(await slugs({ q: 'cleaning' })).toEqual(expect.arrayContaining(['fatima-tanzif-manzil', 'fatima-grand-nettoyage']));
    expect(await slugs({ q: 'plumbing casablanca' })).toEqual(expect.arrayContaining(['karim-reparation-fuite']));
    expect(await slugs({ q: 'سباكة Casablanca' })).toContain('karim-reparation-fuite');
    expect(await slugs({ q: 'plumbing rabat' })).toEqual([]);
  });

  it('ranks title matches first', async () => {
    const results = await slugs({ q: 'henne' });
    expect(results[0]).toBe('nadia-henne-mariage');
  });

  it('filters by category (with sub-categories), city, price, price model and distance', async () => {
    expect(await slugs({ category: 'plumbing' })).toEqual(expect.arrayContaining(['karim-reparation-fuite', 'karim-chauffe-eau']));
    expect((await slugs({ category: 'leak-repair' })).sort()).toEqual(['karim-reparation-fuite']);
    expect(await slugs({ city: 'rabat' })).toEqual(expect.arrayContaining(['fatima-tanzif-manzil', 'fatima-grand-nettoyage']));
    const cheap = (await search({ priceMax: 15_000, priceModel: 'hourly' })).json().results;
    expect(cheap.length).toBeGreaterThan(0);
    expect(cheap.every((s: { priceMinor: number; priceModel: string }) => s.priceMinor <= 15_000 && s.priceModel === 'hourly')).toBe(true);
    // 30 km around Casablanca: Rabat (87 km) is out.
    const near = (await search({ lat: 33.5731, lng: -7.5898, radiusKm: 30, sort: 'distance' })).json().results;
    expect(near.map((s: { city: { slug: string } }) => s.city.slug)).toEqual(near.map(() => 'casablanca'));
    expect(near[0].distanceKm).toBe(0);
    expect((await search({ minRating: 4 })).json().total).toBe(0);
  });

  it('sorts by price and by newest', async () => {
    const byPrice = (await search({ sort: 'price_asc', priceModel: 'fixed' }))
      .json()
      .results.map((s: { priceMinor: number }) => s.priceMinor);
    expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b));
    const desc = (await search({ sort: 'price_desc' })).json().results.map((s: { priceMinor: number }) => s.priceMinor);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('counts facets per category and city for the current query', async () => {
    const { facets, total } = (await search({ q: 'plomberie' })).json();
    expect(total).toBe(2);
    expect(facets.categories).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: 'plumbing', count: 2, name: expect.objectContaining({ ar: 'سباكة' }) })]),
    );
    expect(facets.cities).toEqual([expect.objectContaining({ slug: 'casablanca', count: 2 })]);
    // The city filter keeps the other cities' counts visible.
    expect((await search({ city: 'rabat' })).json().facets.cities.length).toBeGreaterThan(1);
  });

  it('pages with a cursor that stays stable while services are added', async () => {
    const first = (await search({ sort: 'price_asc', limit: 5 })).json();
    expect(first.results).toHaveLength(5);
    expect(first.nextCursor).toBeTruthy();
    // A new cheap service published between two pages must not shift the next page.
    const provider = await signUp(t, { role: 'provider' });
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
    const category = await t.db.category.findUniqueOrThrow({ where: { slug: 'home-cleaning' } });
    const city = await t.db.city.findUniqueOrThrow({ where: { slug: 'fes' } });
    const created = await as(
      t,
      provider,
    )({
      method: 'POST',
      url: '/api/me/services',
      payload: {
        categoryId: category.id,
        cityId: city.id,
        title: 'Ménage express pas cher',
        priceModel: 'fixed',
        priceMinor: 100,
        durationMinutes: 60,
      },
    });
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${created.json().id}/publish` });

    const second = (await search({ sort: 'price_asc', limit: 5, cursor: first.nextCursor })).json();
    const all = (await search({ sort: 'price_asc', limit: 50 })).json().results.map((r: { id: string }) => r.id);
    const firstIds = first.results.map((r: { id: string }) => r.id);
    const secondIds = second.results.map((r: { id: string }) => r.id);
    expect(secondIds.some((id: string) => firstIds.includes(id))).toBe(false);
    const lastOfFirst = all.indexOf(firstIds.at(-1));
    expect(secondIds).toEqual(all.slice(lastOfFirst + 1, lastOfFirst + 1 + 5));
    // And the new service is found at once (the cache was invalidated).
    expect(await slugs({ q: 'express' })).toEqual([created.json().slug]);
  });

  it('never serves a paused service or a hidden category from the cache', async () => {
    const provider = await signUp(t, { role: 'provider' });
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
    const category = await t.db.category.findUniqueOrThrow({ where: { slug: 'tiling' } });
    const city = await t.db.city.findUniqueOrThrow({ where: { slug: 'oujda' } });
    const service = (
      await as(
        t,
        provider,
      )({
        method: 'POST',
        url: '/api/me/services',
        payload: {
          categoryId: category.id,
          cityId: city.id,
          title: 'Carrelage zellige',
          priceModel: 'quote',
          priceMinor: 0,
          durationMinutes: 240,
        },
      })
    ).json();
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    expect(await slugs({ q: 'zellige' })).toEqual([service.slug]);
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/pause` });
    expect(await slugs({ q: 'zellige' })).toEqual([]);
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    expect(await slugs({ q: 'zellige' })).toEqual([service.slug]);
    // Hidden in the database, then the invalidation the admin category route performs.
    await t.db.category.update({ where: { id: category.id }, data: { hidden: true } });
    const { invalidateSearch } = await import('../../src/modules/search/search-index.service');
    await invalidateSearch(t.redis);
    expect(await slugs({ q: 'zellige' })).toEqual([]);
    await t.db.category.update({ where: { id: category.id }, data: { hidden: false } });
  });

  it('refuses bad parameters with stable codes', async () => {
    expect((await search({ sort: 'distance' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await search({ lat: 33.5 })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await search({ priceMin: 500, priceMax: 100 })).json().error.code).toBe('VALIDATION_FAILED');
    const bad = await search({ cursor: 'not-a-cursor' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'CURSOR_INVALID']);
  });
});

describe('GET /api/search/suggestions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: true, generated: false });
  });
  afterAll(() => t.close());

  it('suggests categories and services as you type, in any of the three languages', async () => {
    const get = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/search/suggestions?q=${encodeURIComponent(q)}` })).json();
    expect((await get('plom')).categories.map((c: { slug: string }) => c.slug)).toContain('plumbing');
    expect((await get('سبا')).categories.map((c: { slug: string }) => c.slug)).toContain('plumbing');
    expect((await get('henn')).services.map((s: { slug: string }) => s.slug)).toContain('nadia-henne-mariage');
    expect((await t.app.inject({ method: 'GET', url: '/api/search/suggestions?q=' })).statusCode).toBe(400);
  });
});
