// Search over the listed services, with the same results on both databases: the words
// match in the database's full-text index (search-candidates.ts: FTS5 on SQLite, a tsvector
// on PostgreSQL), a word that starts no known word also matches its nearest known words
// (search-terms.ts); filters, facet counts, sorts and keyset pages are computed here over
// the matching candidates, which each process keeps per catalogue version. Whole answers
// are cached in Redis under that version.
import { createHash } from 'node:crypto';
import type { SearchQuery, SearchResult, ServiceCard, ServiceView, Suggestions } from '@khadamat/contracts';
import type { Db, DbProvider } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import { localizedNames } from '../catalogue/catalogue.service';
import { serviceInclude, toServiceView } from '../catalogue/services.service';
import { listedServiceWhere } from '../catalogue/visibility';
import { tokenize } from './normalize';
import { candidatesFor, codeName, codeOf, type CandidateSet, type WordGroups } from './search-candidates';
import { cachedForVersion, memoForVersion, searchVersion, type CachedAnswer } from './search-index.service';
import { TermDictionary } from './search-terms';

const CACHE_TTL_SECONDS = 60;
const { category: _category, city: _city, ...hydrateInclude } = serviceInclude;
const MAX_WORDS = 8;
const SUGGESTIONS = 5;
const KM_PER_DEGREE = 111.195;

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
  cities: CityRow[];
  categoryIndex: Map<string, number>;
  cityIndex: Map<string, number>;
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
      cities,
      categoryIndex: new Map(categories.map((c, i) => [c.id, i])),
      cityIndex: new Map(cities.map((c, i) => [c.id, i])),
      categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
      categoryById: new Map(categories.map((c) => [c.id, c])),
      cityBySlug: new Map(cities.map((c) => [c.slug, c])),
      cityById: new Map(cities.map((c) => [c.id, c])),
      terms,
    };
  });
}

// ── service cards, kept per catalogue version ──

type Card = Omit<ServiceCard, 'distanceKm'>;
const EXCERPT = 160;

/** A description cut at a word boundary near EXCERPT characters. */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT) return text;
  const cut = text.slice(0, EXCERPT);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function toCard({ status: _status, radiusKm: _radius, createdAt: _created, ...view }: ServiceView): Card {
  return {
    ...view,
    description: excerpt(view.description),
    translations: Object.fromEntries(
      Object.entries(view.translations).map(([lang, t]) => [lang, { ...t, description: excerpt(t.description) }]),
    ),
    photos: view.photos.slice(0, 1),
  };
}

/** Cards kept per process; the least recently used go first. */
const MAX_CACHED_VIEWS = 20_000;

/**
 * The cards of these services, from memory when this catalogue version already showed
 * them. Categories and cities come from the lookups; `listedServiceWhere` again
 * is a belt to the braces of `listed`: a service it refuses is left out.
 */
async function serviceCards(db: Db, version: string, lookup: Lookups, ids: string[]): Promise<Map<string, Card>> {
  const views = await memoForVersion(db, 'search-cards', version, async () => new Map<string, Card>());
  const missing = ids.filter((id) => !views.has(id));
  if (missing.length > 0) {
    const rows = await db.service.findMany({ where: { id: { in: missing }, ...listedServiceWhere }, include: hydrateInclude });
    for (const row of rows) {
      const category = lookup.categoryById.get(row.categoryId);
      const city = lookup.cityById.get(row.cityId);
      if (category && city) views.set(row.id, toCard(toServiceView({ ...row, category, city })));
    }
    for (const id of views.keys()) {
      if (views.size <= MAX_CACHED_VIEWS) break;
      views.delete(id);
    }
  }
  const found = new Map<string, Card>();
  for (const id of ids) {
    const view = views.get(id);
    if (!view) continue;
    // Recently used: to the end of the eviction order.
    views.delete(id);
    views.set(id, view);
    found.set(id, view);
  }
  return found;
}

/**
 * Each candidate's category and city as positions in the lookups (-1: not shown), and its
 * ranked rating (rankedRating), once per candidate set and version.
 */
const candidateIndexes = new WeakMap<CandidateSet, { lookup: Lookups; categoryOf: Int32Array; cityOf: Int32Array; ranked: Float64Array }>();
function indexesOf(candidates: CandidateSet, lookup: Lookups) {
  let indexes = candidateIndexes.get(candidates);
  if (indexes?.lookup !== lookup) {
    const position = (code: number, index: Map<string, number>) => index.get(codeName(code)) ?? -1;
    const categoryOf = new Int32Array(candidates.size);
    const cityOf = new Int32Array(candidates.size);
    const ranked = new Float64Array(candidates.size);
    for (let i = 0; i < candidates.size; i++) {
      categoryOf[i] = position(candidates.categoryCode[i]!, lookup.categoryIndex);
      cityOf[i] = position(candidates.cityCode[i]!, lookup.cityIndex);
      ranked[i] = rankedRatingOf(candidates, i);
    }
    indexes = { lookup, categoryOf, cityOf, ranked };
    candidateIndexes.set(candidates, indexes);
  }
  return indexes;
}

// ── query words ──

function wordGroups(q: string, terms: TermDictionary): WordGroups {
  return [...new Set(tokenize(q))].slice(0, MAX_WORDS).map((word) => terms.alternatives(word));
}

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}

// ── sorting and cursors ──

/** A sort as a tuple compared key by key, smaller first; every tuple ends on the id, so the order is total. */
type SortTuple = (number | string)[];
/** The numeric keys of a sort (the id breaks ties after them) of candidate `i` of `c`; `d2` is its squared distance. */
type KeyGetter = (c: CandidateSet, i: number, d2: number) => number;

function sortKeys(sort: SearchQuery['sort']): KeyGetter[] {
  switch (sort) {
    case 'relevance':
      // Among equally matching services, the better rated first (see rankedRating), then the newest.
      return [(c, i) => -c.score[i]!, (c, i) => -rankedRatingOf(c, i), (c, i) => -c.publishedAt[i]!];
    case 'price_asc':
      return [(c, i) => c.priceMinor[i]!];
    case 'price_desc':
      return [(c, i) => -c.priceMinor[i]!];
    case 'distance':
      return [(_c, _i, d2) => d2];
    case 'rating':
      return [(c, i) => -rankedRatingOf(c, i), (c, i) => -c.ratingCount[i]!, (c, i) => -c.publishedAt[i]!];
    case 'newest':
      return [(c, i) => -c.publishedAt[i]!];
  }
}

/** Reviews it takes before a provider's own mean outweighs the prior. */
const RATING_PRIOR_WEIGHT = 3;
/** What an unrated provider is assumed to be: a middling rating, neither first nor last. */
const RATING_PRIOR = 3.5;

/**
 * A rating to rank by: the mean pulled towards RATING_PRIOR by how few reviews make it
 * (a Bayesian average), so one 5-star review does not outrank forty at 4.8. Rounded, so
 * that cursors carry exact values.
 */
export function rankedRating(c: { rating: number; ratingCount: number }): number {
  const value = (c.rating * c.ratingCount + RATING_PRIOR * RATING_PRIOR_WEIGHT) / (c.ratingCount + RATING_PRIOR_WEIGHT);
  return Math.round(value * 10_000) / 10_000;
}

const rankedRatingOf = (c: CandidateSet, i: number) => rankedRating({ rating: c.rating[i]!, ratingCount: c.ratingCount[i]! });

const tupleOf = (keys: KeyGetter[], c: CandidateSet, i: number, d2: number): SortTuple => [...keys.map((key) => key(c, i, d2)), c.ids[i]!];

/** Orders candidates `a` and `b` of `c` (`d2`: their squared distances), allocating nothing. */
function compareCandidates(keys: KeyGetter[], c: CandidateSet, a: number, d2a: number, b: number, d2b: number): number {
  for (const key of keys) {
    const x = key(c, a, d2a);
    const y = key(c, b, d2b);
    if (x !== y) return x < y ? -1 : 1;
  }
  const idA = c.ids[a]!;
  const idB = c.ids[b]!;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/**
 * The order of `sortKeys(sort)` as one comparator that reads the columns directly (`ranked`:
 * each candidate's rankedRating, `d2Of`: its squared distance): a query compares up to every
 * matching candidate with the page's last, 100,000 of them for a common word at a million
 * services, so this runs without closures per key or tuples. The same order as
 * compareCandidates, which the cursors' tuples follow.
 */
function comparatorOf(
  sort: SearchQuery['sort'],
  c: CandidateSet,
  ranked: Float64Array,
  d2Of: (i: number) => number,
): (a: number, b: number) => number {
  const { score, publishedAt, priceMinor, ratingCount, ids } = c;
  const byId = (a: number, b: number) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  switch (sort) {
    case 'relevance':
      return (a, b) => score[b]! - score[a]! || ranked[b]! - ranked[a]! || publishedAt[b]! - publishedAt[a]! || byId(a, b);
    case 'price_asc':
      return (a, b) => priceMinor[a]! - priceMinor[b]! || byId(a, b);
    case 'price_desc':
      return (a, b) => priceMinor[b]! - priceMinor[a]! || byId(a, b);
    case 'distance':
      return (a, b) => d2Of(a) - d2Of(b) || byId(a, b);
    case 'rating':
      return (a, b) => ranked[b]! - ranked[a]! || ratingCount[b]! - ratingCount[a]! || publishedAt[b]! - publishedAt[a]! || byId(a, b);
    case 'newest':
      return (a, b) => publishedAt[b]! - publishedAt[a]! || byId(a, b);
  }
}

/** Orders candidate `a` of `c` against a cursor's tuple. */
function compareToTuple(keys: KeyGetter[], c: CandidateSet, a: number, d2a: number, tuple: SortTuple): number {
  for (let k = 0; k < keys.length; k++) {
    const x = keys[k]!(c, a, d2a);
    const y = tuple[k] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  const id = tuple[keys.length] as string;
  const own = c.ids[a]!;
  return own < id ? -1 : own > id ? 1 : 0;
}

interface Cursor {
  sort: SearchQuery['sort'];
  values: SortTuple;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(raw: string, sort: SearchQuery['sort'], keys: KeyGetter[]): SortTuple {
  const shape: SortTuple = [...keys.map(() => 0), ''];
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    const valid = (v: unknown, like: number | string) =>
      typeof like === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'string' && v.length <= 100;
    if (
      c.sort === sort &&
      Array.isArray(c.values) &&
      c.values.length === shape.length &&
      shape.every((like, i) => valid(c.values![i], like))
    ) {
      return c.values;
    }
  } catch {
    // fall through
  }
  throw new AppError('CURSOR_INVALID', 400, 'This page cursor is not valid (it belongs to another sort or was altered)');
}

/** 0, 1, …, size - 1, lazily. */
function* positions(size: number): Iterable<number> {
  for (let i = 0; i < size; i++) yield i;
}

/** The `count` smallest items by `compare`, in order, without sorting them all. */
function smallest<T>(items: Iterable<T>, count: number, compare: (a: T, b: T) => number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (kept.length === count && compare(item, kept[count - 1]!) >= 0) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(kept[mid]!, item) <= 0) low = mid + 1;
      else high = mid;
    }
    kept.splice(low, 0, item);
    if (kept.length > count) kept.pop();
  }
  return kept;
}

// ── caching ──

function cached(
  redis: RedisClient,
  kind: string,
  key: unknown,
  compute: (version: string) => Promise<unknown>,
  encoding: { gzip?: boolean },
): Promise<CachedAnswer> {
  const cacheKey = `search:${kind}:${createHash('sha1').update(JSON.stringify(key)).digest('base64url')}`;
  return cachedForVersion(redis, cacheKey, CACHE_TTL_SECONDS, async (version) => JSON.stringify(await compute(version)), encoding);
}

// ── search ──

const EMPTY: SearchResult = { results: [], total: 0, nextCursor: null, facets: { categories: [], cities: [] } };

/** The search results as JSON, gzip-compressed when asked (served as is: a cache hit costs no serialisation). */
export async function searchServicesJson(deps: SearchDeps, query: SearchQuery, encoding: { gzip?: boolean } = {}): Promise<CachedAnswer> {
  return cached(deps.redis, 'services', query, (version) => searchServices(deps, query, version), encoding);
}

export async function searchServices({ db, dbProvider, redis }: SearchDeps, query: SearchQuery, version?: string): Promise<SearchResult> {
  const currentVersion = version ?? (await searchVersion(redis));
  const lookup = await lookups(db, currentVersion);
  const groups = wordGroups(query.q, lookup.terms);

  let categoryIds: Set<string> | null = null;
  if (query.category) {
    const chosen = lookup.categoryBySlug.get(query.category);
    if (!chosen) return EMPTY;
    categoryIds = new Set([chosen.id, ...lookup.categories.filter((c) => c.parentId === chosen.id).map((c) => c.id)]);
  }
  const city = query.city ? lookup.cityBySlug.get(query.city) : undefined;
  if (query.city && !city) return EMPTY;

  const candidates = await candidatesFor({ db, provider: dbProvider, version: currentVersion, groups });

  // Distance: equirectangular in degrees of latitude (exact enough within 500 km) to filter
  // and sort, great-circle kilometres to show.
  const point = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  const kx = point ? Math.cos((point.lat * Math.PI) / 180) : 1;
  const squaredDistance = (i: number) =>
    point ? ((candidates.longitude[i]! - point.lng) * kx) ** 2 + (candidates.latitude[i]! - point.lat) ** 2 : null;
  const maxSquared = (query.radiusKm / KM_PER_DEGREE) ** 2;
  // A price range leaves out "on quote" services: their price is not known.
  const priced = query.priceMin !== undefined || query.priceMax !== undefined;

  // One pass over the candidates: the filters, then a count per (category, city) pair for
  // the facets, and the candidates in the chosen category and city for the page.
  const { categoryOf, cityOf, ranked } = indexesOf(candidates, lookup);
  const nCities = lookup.cities.length;
  const pairs = new Int32Array(lookup.categories.length * nCities);
  const chosenCategories = lookup.categories.map((c) => !categoryIds || categoryIds.has(c.id));
  const chosenCity = city ? lookup.cityIndex.get(city.id)! : -1;
  const keys = sortKeys(query.sort);
  // Positions in `candidates`, not objects: a broad query matches every listed service.
  const matching: number[] = [];
  const wantedModel = query.priceModel ? codeOf(query.priceModel) : -1;
  const quote = codeOf('quote');
  const { priceMin, priceMax, minRating } = query;
  for (let i = 0; i < candidates.size; i++) {
    const model = candidates.priceModelCode[i]!;
    if (wantedModel >= 0 && model !== wantedModel) continue;
    if (priced && model === quote) continue;
    const price = candidates.priceMinor[i]!;
    if (priceMin !== undefined && price < priceMin) continue;
    if (priceMax !== undefined && price > priceMax) continue;
    // A provider with no published review has no rating: a minimum leaves them out.
    if (minRating !== undefined && (candidates.ratingCount[i] === 0 || candidates.rating[i]! < minRating)) continue;
    if (point && squaredDistance(i)! > maxSquared) continue;
    const category = categoryOf[i]!;
    const cityIndex = cityOf[i]!;
    if (category < 0 || cityIndex < 0) continue;
    pairs[category * nCities + cityIndex]!++;
    if (chosenCategories[category] && (chosenCity < 0 || cityIndex === chosenCity)) matching.push(i);
  }

  // Facets: each dimension counts the other dimension's filter, not its own, so the other
  // choices stay visible; a category counts its sub-categories' services too.
  const categoryCounts = new Map<string, number>();
  const cityCounts = new Map<string, number>();
  const add = (counts: Map<string, number>, id: string, n: number) => n > 0 && counts.set(id, (counts.get(id) ?? 0) + n);
  lookup.categories.forEach((category, ci) => {
    for (let j = 0; j < nCities; j++) {
      const n = pairs[ci * nCities + j]!;
      if (n === 0) continue;
      if (chosenCity < 0 || j === chosenCity) {
        add(categoryCounts, category.id, n);
        if (category.parentId && lookup.categoryById.has(category.parentId)) add(categoryCounts, category.parentId, n);
      }
      if (chosenCategories[ci]) add(cityCounts, lookup.cities[j]!.id, n);
    }
  });

  const after = query.cursor ? decodeCursor(query.cursor, query.sort, keys) : null;
  const d2Of = (i: number) => squaredDistance(i) ?? 0;
  const remaining = after ? matching.filter((i) => compareToTuple(keys, candidates, i, d2Of(i), after) > 0) : matching;
  const window = smallest(remaining, query.limit + 1, comparatorOf(query.sort, candidates, ranked, d2Of));
  const page = window.slice(0, query.limit);

  const views = await serviceCards(
    db,
    currentVersion,
    lookup,
    page.map((i) => candidates.ids[i]!),
  );
  const facet = <T extends { slug: string; nameFr: string; nameAr: string; nameEn: string }>(
    counts: Map<string, number>,
    byKey: Map<string, T>,
  ) =>
    [...counts]
      .filter(([id]) => byKey.has(id))
      .map(([id, count]) => ({ slug: byKey.get(id)!.slug, name: localizedNames(byKey.get(id)!), count }))
      .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
  const last = page.at(-1);

  return {
    results: page
      .filter((i) => views.has(candidates.ids[i]!))
      .map((i) => ({
        ...views.get(candidates.ids[i]!)!,
        distanceKm: point
          ? Math.round(haversineKm(point.lat, point.lng, candidates.latitude[i]!, candidates.longitude[i]!) * 10) / 10
          : null,
      })),
    total: matching.length,
    nextCursor:
      last !== undefined && window.length > query.limit
        ? encodeCursor({ sort: query.sort, values: tupleOf(keys, candidates, last, d2Of(last)) })
        : null,
    facets: { categories: facet(categoryCounts, lookup.categoryById), cities: facet(cityCounts, lookup.cityById) },
  };
}

// ── suggestions ──

export async function suggestJson(deps: SearchDeps, q: string, encoding: { gzip?: boolean } = {}): Promise<CachedAnswer> {
  return cached(deps.redis, 'suggestions', q, (version) => suggest(deps, q, version), encoding);
}

/** As-you-type suggestions: categories, and the best matching services with their titles in every language given. */
export async function suggest({ db, dbProvider, redis }: SearchDeps, q: string, version?: string): Promise<Suggestions> {
  const currentVersion = version ?? (await searchVersion(redis));
  const lookup = await lookups(db, currentVersion);
  const groups = wordGroups(q, lookup.terms);
  if (groups.length === 0) return { categories: [], services: [] };
  const categories = lookup.categories
    .filter((c) => {
      const words = tokenize(`${c.nameFr} ${c.nameAr} ${c.nameEn}`);
      return groups.every((g) => g.some((t) => words.some((w) => w.startsWith(t))));
    })
    .slice(0, SUGGESTIONS)
    .map((c) => ({ slug: c.slug, name: localizedNames(c) }));
  const candidates = await candidatesFor({ db, provider: dbProvider, version: currentVersion, groups });
  const relevance = sortKeys('relevance');
  const best = smallest(positions(candidates.size), SUGGESTIONS, (a, b) => compareCandidates(relevance, candidates, a, 0, b, 0));
  const cards = await serviceCards(
    db,
    currentVersion,
    lookup,
    best.map((i) => candidates.ids[i]!),
  );
  const services = [...cards.values()].map((card) => {
    const titles: Record<string, string> = {};
    for (const [lang, t] of Object.entries(card.translations)) if (t.title) titles[lang] = t.title;
    titles[card.locale] = card.title;
    return { slug: card.slug, title: card.title, titles };
  });
  return { categories, services };
}
