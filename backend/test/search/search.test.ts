import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResult, suggestions } from '@khadamat/contracts';
import { normalizeForSearch } from '../../src/modules/search/normalize';
import { excerpt } from '../../src/modules/search/search.service';
import { editDistance } from '../../src/modules/search/search-terms';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, signUp, markKycVerified } from '../support/accounts';
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
  it('finds Arabic words with or without the definite article', () => {
    expect(normalizeForSearch('الزرابي')).toBe(normalizeForSearch('زرابي'));
    expect(normalizeForSearch('والكهرباء بالماء للبيت')).toBe(normalizeForSearch('كهرباء ماء بيت'));
    // Words that only look like they start with it keep their letters.
    expect(normalizeForSearch('الم')).toBe('الم');
  });
});

/** A provider (email and phone verified unless told otherwise) publishes a service through the API. */
async function publishService(
  t: TestApp,
  { category, city, verified = true, ...fields }: { category: string; city: string; verified?: boolean } & Record<string, unknown>,
) {
  const provider = await signUp(t, { role: 'provider' }, { verifyEmail: verified });
  // Identity verified either way: `verified` is about the email and phone.
  await markKycVerified(t, provider.userId);
  if (verified) {
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
  }
  const categoryRow = await t.db.category.findUniqueOrThrow({ where: { slug: category } });
  const cityRow = await t.db.city.findUniqueOrThrow({ where: { slug: city } });
  const call = as(t, provider);
  const payload = {
    categoryId: categoryRow.id,
    cityId: cityRow.id,
    priceModel: 'fixed',
    priceMinor: 10_000,
    durationMinutes: 60,
    ...fields,
  };
  const service = (await call({ method: 'POST', url: '/api/me/services', payload })).json();
  await call({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
  return { provider, service, category: categoryRow, call };
}

describe('result cards', () => {
  it('cut descriptions to an excerpt at a word boundary', () => {
    expect(excerpt('Court.')).toBe('Court.');
    const long = `${'mot '.repeat(60)}fin`;
    const cut = excerpt(long);
    expect(cut.length).toBeLessThanOrEqual(161);
    expect(cut.endsWith('mot…')).toBe(true);
  });
});

describe('typo distance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours once each', () => {
    expect(editDistance('plombrie', 'plomberie', 2)).toBe(1);
    expect(editDistance('claening', 'cleaning', 2)).toBe(1);
    expect(editDistance('tnaizf', 'tanzif', 2)).toBe(2);
    expect(editDistance('abc', 'xyzuvw', 2)).toBe(3);
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
    // A price range leaves out services "on quote": their price is not known.
    const quoted = (await search({ priceModel: 'quote' })).json().total;
    expect(quoted).toBeGreaterThan(0);
    const capped = (await search({ priceMax: 1_000_000 })).json().results;
    expect(capped.some((s: { priceModel: string }) => s.priceModel === 'quote')).toBe(false);
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
    const { service: created } = await publishService(t, {
      category: 'home-cleaning',
      city: 'fes',
      title: 'Ménage express pas cher',
      priceMinor: 100,
    });

    const second = (await search({ sort: 'price_asc', limit: 5, cursor: first.nextCursor })).json();
    const all = (await search({ sort: 'price_asc', limit: 50 })).json().results.map((r: { id: string }) => r.id);
    const firstIds = first.results.map((r: { id: string }) => r.id);
    const secondIds = second.results.map((r: { id: string }) => r.id);
    expect(secondIds.some((id: string) => firstIds.includes(id))).toBe(false);
    const lastOfFirst = all.indexOf(firstIds.at(-1));
    expect(secondIds).toEqual(all.slice(lastOfFirst + 1, lastOfFirst + 1 + 5));
    // And the new service is found at once (the cache was invalidated).
    expect(await slugs({ q: 'express' })).toEqual([created.slug]);
  });

  it('never serves a paused service or a hidden category from the cache', async () => {
    const { provider, service, category } = await publishService(t, {
      category: 'tiling',
      city: 'oujda',
      title: 'Carrelage zellige',
      priceModel: 'quote',
      priceMinor: 0,
      durationMinutes: 240,
    });
    expect(await slugs({ q: 'zellige' })).toEqual([service.slug]);
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/pause` });
    expect(await slugs({ q: 'zellige' })).toEqual([]);
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    expect(await slugs({ q: 'zellige' })).toEqual([service.slug]);
    // Hidden in the database, then what the admin category route does after a change.
    await t.db.category.update({ where: { id: category.id }, data: { hidden: true } });
    const { catalogueChanged } = await import('../../src/modules/search/search-index.service');
    await catalogueChanged({ db: t.db, redis: t.redis, where: { categoryId: category.id } });
    expect((await search({ q: 'zellige' })).json()).toMatchObject({ results: [], total: 0, facets: { categories: [], cities: [] } });
    await t.db.category.update({ where: { id: category.id }, data: { hidden: false } });
    await catalogueChanged({ db: t.db, redis: t.redis, where: { categoryId: category.id } });
    expect(await slugs({ q: 'zellige' })).toEqual([service.slug]);
  });

  it('serves a popular answer from the process memory under its version, and never once the catalogue changed', async () => {
    const { provider, service } = await publishService(t, {
      category: 'tiling',
      city: 'tangier',
      title: 'Mosaique hammam',
      priceModel: 'quote',
      priceMinor: 0,
      durationMinutes: 240,
    });
    expect(await slugs({ q: 'mosaique' })).toEqual([service.slug]);
    // The answer is no longer in Redis (its write does not hold the answer up, hence the
    // wait): the process still has it for this version.
    let keys: string[] = [];
    for (let tries = 0; keys.length === 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // KEYS takes no prefix and gives them back whole; DEL adds it.
      keys = (await t.redis.keys(`${t.redis.options.keyPrefix ?? ''}search:services:*`)).map((key) =>
        key.slice((t.redis.options.keyPrefix ?? '').length),
      );
    }
    expect(keys.length).toBeGreaterThan(0);
    await t.redis.del(...keys);
    expect(await slugs({ q: 'mosaique' })).toEqual([service.slug]);
    // Nothing was computed again: a computed answer is written back to Redis.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.redis.exists(...keys)).toBe(0);
    // Any catalogue change bumps the version: the answer in memory is not sent again.
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/pause` });
    expect(await slugs({ q: 'mosaique' })).toEqual([]);
  });

  it('sends the same answer gzip-compressed to clients that take it, fresh or from the cache, and never a paused service', async () => {
    const { provider, service } = await publishService(t, {
      category: 'tiling',
      city: 'rabat',
      title: 'Tadelakt salle de bain',
      priceModel: 'quote',
      priceMinor: 0,
      durationMinutes: 240,
    });
    const ask = (acceptEncoding?: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/search/services?q=tadelakt',
        headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      });
    const gzipped = async (acceptEncoding = 'gzip, deflate, br') => {
      const res = await ask(acceptEncoding);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      return JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as { results: { slug: string }[] };
    };
    const fresh = await gzipped(); // computed now
    const plain = await ask();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(fresh);
    expect(fresh.results.map((r) => r.slug)).toEqual([service.slug]);
    expect(await gzipped('*')).toEqual(fresh); // from the cache
    expect((await ask('gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();

    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/pause` });
    expect((await gzipped()).results).toEqual([]);
    expect((await ask()).json().results).toEqual([]);
  });

  it('forgives small typos in French, English and Arabic, but ranks exact words first', async () => {
    expect(await slugs({ q: 'plombrie' })).toEqual(expect.arrayContaining(['karim-reparation-fuite', 'karim-chauffe-eau']));
    expect(await slugs({ q: 'netoyage' })).toContain('fatima-grand-nettoyage');
    expect(await slugs({ q: 'claening' })).toEqual(expect.arrayContaining(['fatima-tanzif-manzil', 'fatima-grand-nettoyage']));
    // تنظيف (cleaning) with ط for ظ.
    expect(await slugs({ q: 'تنطيف' })).toContain('fatima-tanzif-manzil');
    expect(await slugs({ q: 'hene' })).toEqual(await slugs({ q: 'henne' }));
    // Short words are taken as typed: a one-letter change there makes another word.
    expect(await slugs({ q: 'zzz' })).toEqual([]);
    expect((await search({ q: 'xqzwv' })).json().total).toBe(0);
  });

  it('answers the contract, with a total that counts every page and facets that keep the other choices', async () => {
    const all = (await search({ q: 'plomberie' })).json();
    expect(() => searchResult.parse(all)).not.toThrow();
    // Cards: what a result list shows, not the whole service page.
    for (const card of all.results) {
      expect(card.status).toBeUndefined();
      expect(card.photos.length).toBeLessThanOrEqual(1);
      expect(card.description.length).toBeLessThanOrEqual(161);
    }
    const inCategory = (await search({ q: 'nettoyage', category: 'deep-cleaning' })).json();
    expect(inCategory.results.map((r: { category: { slug: string } }) => r.category.slug)).toEqual(
      inCategory.results.map(() => 'deep-cleaning'),
    );
    expect(inCategory.total).toBe(inCategory.results.length);
    // The category facet still lists the categories outside the chosen one, for this query.
    const unfiltered = (await search({ q: 'nettoyage' })).json();
    expect(inCategory.facets.categories).toEqual(unfiltered.facets.categories);
    // Paging through everything returns each service once, and as many as the total says.
    const seen: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = (await search({ sort: 'newest', limit: 3, ...(cursor ? { cursor } : {}) })).json();
      total = page.total;
      seen.push(...page.results.map((r: { id: string }) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
  });

  it('pages every sort in the order of its first page: small pages through the cursor give the one large page', async () => {
    const sorts: Array<Record<string, string | number>> = [
      { sort: 'relevance', q: 'plomberie' },
      { sort: 'relevance' },
      { sort: 'price_asc' },
      { sort: 'price_desc' },
      { sort: 'newest' },
      { sort: 'rating' },
      { sort: 'distance', lat: 33.5731, lng: -7.5898, radiusKm: 500 },
    ];
    for (const params of sorts) {
      const whole = (await search({ ...params, limit: 50 })).json();
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await search({ ...params, limit: 1, ...(cursor ? { cursor } : {}) })).json();
        paged.push(...page.results.map((r: { id: string }) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(whole.results.length, JSON.stringify(params)).toBeGreaterThan(1);
      expect(paged, JSON.stringify(params)).toEqual(whole.results.map((r: { id: string }) => r.id));
    }
  });

  it('refuses a cursor from another sort or an altered one', async () => {
    const { nextCursor } = (await search({ sort: 'price_asc', limit: 2 })).json();
    const other = await search({ sort: 'newest', limit: 2, cursor: nextCursor });
    expect([other.statusCode, other.json().error.code]).toEqual([400, 'CURSOR_INVALID']);
    const altered = Buffer.from(JSON.stringify({ sort: 'newest', values: ['not a date at all', 'x'] })).toString('base64url');
    expect((await search({ sort: 'newest', cursor: altered })).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify({ sort: 'newest', values: ['2026-99-99T00:00:00Z', 'x'] })).toString('base64url');
    expect((await search({ sort: 'newest', cursor: forged })).json().error.code).toBe('CURSOR_INVALID');
  });

  it("shows a provider's services once both their email and phone are verified, not before", async () => {
    const { provider, service: created } = await publishService(t, {
      category: 'gardening',
      city: 'agadir',
      verified: false,
      title: 'Taille de palmiers',
      priceMinor: 30_000,
      durationMinutes: 120,
    });
    expect(await slugs({ q: 'palmiers' })).toEqual([]);
    // Verified through the accounts service, as the verification routes do.
    await t.db.user.update({ where: { id: provider.userId }, data: { phoneVerifiedAt: new Date() } });
    const { catalogueChanged } = await import('../../src/modules/search/search-index.service');
    await catalogueChanged({ db: t.db, redis: t.redis, where: { provider: { userId: provider.userId } } });
    expect(await slugs({ q: 'palmiers' })).toEqual([]);
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date() } });
    await catalogueChanged({ db: t.db, redis: t.redis, where: { provider: { userId: provider.userId } } });
    expect(await slugs({ q: 'palmiers' })).toEqual([created.slug]);
  });

  it('keeps what it remembers of a word up to date as services change', async () => {
    const before = (await search({ q: 'henne' })).json().total;
    const { service: created, call } = await publishService(t, {
      category: 'henna',
      city: 'meknes',
      title: 'Henné berbère',
      priceMinor: 15_000,
      durationMinutes: 90,
    });
    const after = (await search({ q: 'henne' })).json();
    expect(after.total).toBe(before + 1);
    expect(after.results[0].slug).toBe(created.slug);
    // The word leaves the title: the service stays (its category is henna) but ranks lower.
    await call({ method: 'PATCH', url: `/api/me/services/${created.id}`, payload: { title: 'Tatouage berbère' } });
    const renamed = (await search({ q: 'henne' })).json();
    expect(renamed.total).toBe(before + 1);
    expect(renamed.results[0].slug).not.toBe(created.slug);
    await call({ method: 'POST', url: `/api/me/services/${created.id}/pause` });
    expect((await search({ q: 'henne' })).json().total).toBe(before);
    expect((await search({ q: 'tatouage' })).json().total).toBe(0);
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
    // A typo while typing is forgiven too.
    expect((await get('plomb')).categories.map((c: { slug: string }) => c.slug)).toContain('plumbing');
    expect((await get('hene')).services.map((s: { slug: string }) => s.slug)).toContain('nadia-henne-mariage');
    expect((await t.app.inject({ method: 'GET', url: '/api/search/suggestions?q=' })).statusCode).toBe(400);
  });

  it('gives service titles in every language the provider wrote, whatever the language typed', async () => {
    const { service: created } = await publishService(t, {
      category: 'home-cleaning',
      city: 'rabat',
      title: 'Lavage de tapis',
      translations: { ar: { title: 'غسيل الزرابي', description: '' }, en: { title: 'Rug washing', description: '' } },
      priceMinor: 20_000,
    });
    for (const q of ['tapis', 'زرابي', 'rug']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/search/suggestions?q=${encodeURIComponent(q)}` });
      expect(suggestions.parse(res.json()).services).toContainEqual({
        slug: created.slug,
        title: 'Lavage de tapis',
        titles: { fr: 'Lavage de tapis', ar: 'غسيل الزرابي', en: 'Rug washing' },
      });
    }
  });
});
