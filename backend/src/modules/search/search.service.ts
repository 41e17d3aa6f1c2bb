// Search over the listed services, done in SQL on both databases with the same results:
// words match by prefix through the full-text index (FTS5 on SQLite, a tsvector on
// PostgreSQL), a word that starts no known word also matches its nearest known words
// (search-terms.ts), and filtering, relevance, sorting, keyset paging and facet counts
// are portable SQL. Results are cached in Redis under the catalogue version.
import { createHash } from 'node:crypto';
import type { SearchQuery, SearchResult, Suggestions } from '@khadamat/contracts';
import { Prisma } from '../../generated/sqlite/client';
import type { Db, DbProvider } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import { localizedNames } from '../catalogue/catalogue.service';
import { serviceInclude, toServiceView, visibleServiceWhere } from '../catalogue/services.service';
import { tokenize } from './normalize';
import { cachedForVersion, memoForVersion, searchVersion } from './search-index.service';
import { TermDictionary } from './search-terms';

const CACHE_TTL_SECONDS = 60;
const { category: _category, city: _city, ...hydrateInclude } = serviceInclude;
const MAX_WORDS = 8;
const SUGGESTIONS = 5;
const KM_PER_DEGREE = 111.195;

type Sql = Prisma.Sql;
const { sql, join } = Prisma;

export interface SearchDeps {
  db: Db;
  dbProvider: DbProvider;
  redis: RedisClient;
}

// ── lookups: visible categories, cities and the typo dictionary, per database and version ──

type CategoryRow = Awaited<ReturnType<Db['category']['findMany']>>[number];
type CityRow = Awaited<ReturnType<Db['city']['findMany']>>[number];
interface Lookups {
  categories: CategoryRow[];
  categoryBySlug: Map<string, CategoryRow>;
  categoryById: Map<string, CategoryRow>;
  cityBySlug: Map<string, CityRow>;
  cityById: Map<string, CityRow>;
  terms: TermDictionary;
}

const dictionaries = new WeakMap<Db, TermDictionary>();

/** Read once per catalogue version (every change bumps it), not once per search. */
function lookups(db: Db, version: string): Promise<Lookups> {
  return memoForVersion(db, 'search-lookups', version, async () => {
    const terms = dictionaries.get(db) ?? new TermDictionary(db);
    dictionaries.set(db, terms);
    const [categories, cities] = await Promise.all([
      db.category.findMany({ where: { hidden: false } }),
      db.city.findMany(),
      terms.refresh(),
    ]);
    return {
      categories,
      categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
      categoryById: new Map(categories.map((c) => [c.id, c])),
      cityBySlug: new Map(cities.map((c) => [c.slug, c])),
      cityById: new Map(cities.map((c) => [c.id, c])),
      terms,
    };
  });
}

// ── SQL pieces ──

/** Each query word with what it may stand for (itself first, then typo corrections). */
type WordGroups = string[][];

function wordGroups(q: string, terms: TermDictionary): WordGroups {
  return [...new Set(tokenize(q))].slice(0, MAX_WORDS).map((word) => terms.alternatives(word));
}

/** Full-text condition: every word group matches, a word of one letter exactly, longer ones as a prefix. */
function textMatch(provider: DbProvider, groups: WordGroups): Sql {
  if (provider === 'sqlite') {
    const expression = groups.map((g) => `(${g.map((w) => (w.length > 1 ? `"${w}"*` : `"${w}"`)).join(' OR ')})`).join(' AND ');
    return sql`s."id" IN (SELECT "serviceId" FROM "ServiceFts" WHERE "ServiceFts" MATCH ${`{searchText} : (${expression})`})`;
  }
  const expression = groups.map((g) => `(${g.map((w) => (w.length > 1 ? `${w}:*` : w)).join(' | ')})`).join(' & ');
  return sql`s."searchVector" @@ to_tsquery('simple', ${expression})`;
}

/** A timestamp parameter in the form each database stores `DateTime` in. */
function timestampParam(provider: DbProvider, iso: string): Sql {
  return provider === 'sqlite' ? sql`${iso.replace(/Z$/, '+00:00')}` : sql`CAST(${iso} AS timestamp(3))`;
}

/** Relevance: per query word, 3 when it starts a word of a title, 2 when a correction does. */
function scoreOf(groups: WordGroups): Sql {
  if (groups.length === 0) return sql`0`;
  const title = sql`(' ' || s."titleText")`;
  return join(
    groups.map(([word, ...corrections]) => {
      const typo = corrections.map((c) => sql` WHEN ${title} LIKE ${`% ${c}%`} THEN 2`);
      return sql`(CASE WHEN ${title} LIKE ${`% ${word}%`} THEN 3${typo.length > 0 ? join(typo, '') : sql``} ELSE 0 END)`;
    }),
    ' + ',
  );
}

/** Squared distance in degrees of latitude (equirectangular: exact enough within 500 km). */
function squaredDistance(point: { lat: number; lng: number }): Sql {
  const kx = Math.cos((point.lat * Math.PI) / 180);
  const dx = sql`((s."longitude" - ${point.lng}) * ${kx})`;
  const dy = sql`(s."latitude" - ${point.lat})`;
  return sql`(${dx} * ${dx} + ${dy} * ${dy})`;
}

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}

const whereOf = (conditions: Sql[]) => join(conditions, ' AND ');

// ── sorting and cursors ──

interface PageRow {
  id: string;
  score: number | bigint;
  priceMinor: number | bigint;
  publishedAt: Date | string | null;
  d2: number | null;
  latitude: number;
  longitude: number;
}
type KeyValue = number | string;
interface SortKey {
  /** The column or its alias in ORDER BY. */
  order: Sql;
  /** The same value as an expression, for the keyset condition. */
  expression: Sql;
  descending: boolean;
  valueOf: (row: PageRow) => KeyValue;
  param: (value: KeyValue) => Sql;
  /** What a cursor may hold for this key (a cursor comes back from the client). */
  kind: 'number' | 'timestamp' | 'text';
}

function sortKeys(provider: DbProvider, sort: SearchQuery['sort'], score: Sql, distance: Sql | null): SortKey[] {
  const number = (v: KeyValue) => sql`${v}`;
  const published: SortKey = {
    order: sql`s."publishedAt"`,
    expression: sql`s."publishedAt"`,
    descending: true,
    valueOf: (row) => new Date(row.publishedAt ?? 0).toISOString(),
    param: (v) => timestampParam(provider, String(v)),
    kind: 'timestamp',
  };
  const price = (descending: boolean): SortKey => ({
    order: sql`s."priceMinor"`,
    expression: sql`s."priceMinor"`,
    descending,
    valueOf: (row) => Number(row.priceMinor),
    param: number,
    kind: 'number',
  });
  const id: SortKey = {
    order: sql`s."id"`,
    expression: sql`s."id"`,
    descending: false,
    valueOf: (row) => row.id,
    param: number,
    kind: 'text',
  };
  switch (sort) {
    case 'relevance':
      return [
        { order: sql`"score"`, expression: score, descending: true, valueOf: (row) => Number(row.score), param: number, kind: 'number' },
        published,
        id,
      ];
    case 'price_asc':
      return [price(false), id];
    case 'price_desc':
      return [price(true), id];
    case 'distance':
      return [
        { order: sql`"d2"`, expression: distance!, descending: false, valueOf: (row) => Number(row.d2), param: number, kind: 'number' },
        id,
      ];
    case 'rating': // no ratings before reviews exist: newest first
    case 'newest':
      return [published, id];
  }
}

/** Rows strictly after the cursor in the sort order (a total order: ties end on the id). */
function afterCursor(keys: SortKey[], values: KeyValue[]): Sql {
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => sql`${k.expression} = ${k.param(values[j]!)}`);
    const beyond = key.descending ? sql`${key.expression} < ${key.param(values[i]!)}` : sql`${key.expression} > ${key.param(values[i]!)}`;
    return sql`(${whereOf([...equal, beyond])})`;
  });
  return sql`(${join(branches, ' OR ')})`;
}

interface Cursor {
  sort: SearchQuery['sort'];
  values: KeyValue[];
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
function validValue(kind: SortKey['kind'], v: unknown): boolean {
  if (kind === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (kind === 'timestamp') return typeof v === 'string' && ISO_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v));
  return typeof v === 'string' && v.length <= 100;
}
function decodeCursor(raw: string, sort: SearchQuery['sort'], keys: SortKey[]): KeyValue[] {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      c.sort === sort &&
      Array.isArray(c.values) &&
      c.values.length === keys.length &&
      keys.every((k, i) => validValue(k.kind, c.values![i]))
    ) {
      return c.values;
    }
  } catch {
    // fall through
  }
  throw new AppError('CURSOR_INVALID', 400, 'This page cursor is not valid (it belongs to another sort or was altered)');
}

// ── caching ──

function cached(redis: RedisClient, kind: string, key: unknown, compute: (version: string) => Promise<unknown>): Promise<string> {
  const cacheKey = `search:${kind}:${createHash('sha1').update(JSON.stringify(key)).digest('base64url')}`;
  return cachedForVersion(redis, cacheKey, CACHE_TTL_SECONDS, async (version) => JSON.stringify(await compute(version)));
}

// ── search ──

const EMPTY: SearchResult = { results: [], total: 0, nextCursor: null, facets: { categories: [], cities: [] } };

/** The search results as JSON (served as is: a cache hit costs no serialisation). */
export async function searchServicesJson(deps: SearchDeps, query: SearchQuery): Promise<string> {
  return cached(deps.redis, 'services', query, (version) => searchServices(deps, query, version));
}

export async function searchServices({ db, dbProvider, redis }: SearchDeps, query: SearchQuery, version?: string): Promise<SearchResult> {
  // Reviews do not exist yet: with a minimum rating nothing qualifies.
  if (query.minRating) return EMPTY;
  const lookup = await lookups(db, version ?? (await searchVersion(redis)));
  const groups = wordGroups(query.q, lookup.terms);
  const point = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  const distance = point ? squaredDistance(point) : null;

  // What the facets count: the query without its own category and city filters.
  const base: Sql[] = [sql`s."listed" = true`];
  if (groups.length > 0) base.push(textMatch(dbProvider, groups));
  if (query.priceModel) base.push(sql`CAST(s."priceModel" AS TEXT) = ${query.priceModel}`);
  if (query.priceMin !== undefined) base.push(sql`s."priceMinor" >= ${query.priceMin}`);
  if (query.priceMax !== undefined) base.push(sql`s."priceMinor" <= ${query.priceMax}`);
  if (distance) base.push(sql`${distance} <= ${(query.radiusKm / KM_PER_DEGREE) ** 2}`);

  let categoryIds: Set<string> | null = null;
  if (query.category) {
    const chosen = lookup.categoryBySlug.get(query.category);
    if (!chosen) return EMPTY;
    categoryIds = new Set([chosen.id, ...lookup.categories.filter((c) => c.parentId === chosen.id).map((c) => c.id)]);
  }
  const city = query.city ? lookup.cityBySlug.get(query.city) : undefined;
  if (query.city && !city) return EMPTY;

  const filtered = [...base];
  if (categoryIds) filtered.push(sql`s."categoryId" IN (${join([...categoryIds])})`);
  if (city) filtered.push(sql`s."cityId" = ${city.id}`);

  const score = scoreOf(groups);
  const keys = sortKeys(dbProvider, query.sort, score, distance);
  if (query.cursor) filtered.push(afterCursor(keys, decodeCursor(query.cursor, query.sort, keys)));
  const orderBy = join(
    keys.map((k) => sql`${k.order} ${Prisma.raw(k.descending ? 'DESC' : 'ASC')}`),
    ', ',
  );

  const [pairs, rows] = await Promise.all([
    db.$queryRaw<{ categoryId: string; cityId: string; n: number | bigint }[]>`
      SELECT s."categoryId" AS "categoryId", s."cityId" AS "cityId", COUNT(*) AS "n"
      FROM "Service" s WHERE ${whereOf(base)} GROUP BY s."categoryId", s."cityId"`,
    db.$queryRaw<PageRow[]>`
      SELECT s."id" AS "id", ${score} AS "score", s."priceMinor" AS "priceMinor", s."publishedAt" AS "publishedAt",
        ${distance ?? sql`NULL`} AS "d2", s."latitude" AS "latitude", s."longitude" AS "longitude"
      FROM "Service" s WHERE ${whereOf(filtered)} ORDER BY ${orderBy} LIMIT ${query.limit + 1}`,
  ]);

  // Facets: each dimension counts the other dimension's filter, not its own, so the
  // other choices stay visible; the total counts both.
  const categoryCounts = new Map<string, number>();
  const cityCounts = new Map<string, number>();
  let total = 0;
  for (const pair of pairs) {
    const n = Number(pair.n);
    const inCategory = !categoryIds || categoryIds.has(pair.categoryId);
    const inCity = !city || pair.cityId === city.id;
    if (inCategory && inCity) total += n;
    if (inCity) {
      const leaf = lookup.categoryById.get(pair.categoryId);
      const parent = leaf?.parentId ? lookup.categoryById.get(leaf.parentId) : undefined;
      for (const category of [leaf, parent]) if (category) categoryCounts.set(category.id, (categoryCounts.get(category.id) ?? 0) + n);
    }
    if (inCategory) cityCounts.set(pair.cityId, (cityCounts.get(pair.cityId) ?? 0) + n);
  }

  const page = rows.slice(0, query.limit);
  // `visibleServiceWhere` again: a belt to the braces of `listed`.
  // Categories and cities come from the lookups: two queries fewer per search.
  const full = await db.service.findMany({ where: { id: { in: page.map((r) => r.id) }, ...visibleServiceWhere }, include: hydrateInclude });
  const byId = new Map(
    full.flatMap((row) => {
      const category = lookup.categoryById.get(row.categoryId);
      const city = lookup.cityById.get(row.cityId);
      return category && city ? [[row.id, { ...row, category, city }] as const] : [];
    }),
  );
  const last = page.at(-1);
  const facet = <T extends { slug: string; nameFr: string; nameAr: string; nameEn: string }>(
    counts: Map<string, number>,
    byKey: Map<string, T>,
  ) =>
    [...counts]
      .filter(([id]) => byKey.has(id))
      .map(([id, count]) => ({ slug: byKey.get(id)!.slug, name: localizedNames(byKey.get(id)!), count }))
      .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));

  return {
    results: page
      .filter((r) => byId.has(r.id))
      .map((r) => ({
        ...toServiceView(byId.get(r.id)!),
        distanceKm: point ? Math.round(haversineKm(point.lat, point.lng, r.latitude, r.longitude) * 10) / 10 : null,
      })),
    total,
    nextCursor: last && rows.length > query.limit ? encodeCursor({ sort: query.sort, values: keys.map((k) => k.valueOf(last)) }) : null,
    facets: { categories: facet(categoryCounts, lookup.categoryById), cities: facet(cityCounts, lookup.cityById) },
  };
}

// ── suggestions ──

export async function suggestJson(deps: SearchDeps, q: string): Promise<string> {
  return cached(deps.redis, 'suggestions', q, (version) => suggest(deps, q, version));
}

/** As-you-type suggestions: categories, and the best matching services with their titles in every language given. */
export async function suggest({ db, dbProvider, redis }: SearchDeps, q: string, version?: string): Promise<Suggestions> {
  const lookup = await lookups(db, version ?? (await searchVersion(redis)));
  const groups = wordGroups(q, lookup.terms);
  if (groups.length === 0) return { categories: [], services: [] };
  const categories = lookup.categories
    .filter((c) => {
      const words = tokenize(`${c.nameFr} ${c.nameAr} ${c.nameEn}`);
      return groups.every((g) => g.some((t) => words.some((w) => w.startsWith(t))));
    })
    .slice(0, SUGGESTIONS)
    .map((c) => ({ slug: c.slug, name: localizedNames(c) }));
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT s."id" AS "id" FROM "Service" s WHERE s."listed" = true AND ${textMatch(dbProvider, groups)}
    ORDER BY ${scoreOf(groups)} DESC, s."publishedAt" DESC, s."id" ASC LIMIT ${SUGGESTIONS}`;
  const found = await db.service.findMany({
    where: { id: { in: rows.map((r) => r.id) }, ...visibleServiceWhere },
    select: { id: true, slug: true, title: true, locale: true, translations: true },
  });
  const byId = new Map(found.map((s) => [s.id, s]));
  const services = rows
    .filter((r) => byId.has(r.id))
    .map((r) => {
      const s = byId.get(r.id)!;
      const translations = JSON.parse(s.translations) as Record<string, { title?: string }>;
      const titles: Record<string, string> = {};
      for (const [lang, t] of Object.entries(translations)) if (t.title) titles[lang] = t.title;
      titles[s.locale] = s.title;
      return { slug: s.slug, title: s.title, titles };
    });
  return { categories, services };
}
