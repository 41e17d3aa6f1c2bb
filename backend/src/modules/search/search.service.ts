import { createHash } from 'node:crypto';
import type { SearchQuery, SearchResult } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import { localizedNames } from '../catalogue/catalogue.service';
import { serviceInclude, toServiceView, visibleServiceWhere } from '../catalogue/services.service';
import { tokenize } from './normalize';
import { searchVersion } from './search-index.service';

/** Matches considered per query; beyond that the client must narrow it down. */
export const MAX_CANDIDATES = 2000;
const CACHE_TTL_SECONDS = 60;
const MAX_TOKENS = 8;

type Candidate = {
  id: string;
  title: string;
  categoryId: string;
  cityId: string;
  priceMinor: number;
  publishedAt: Date | null;
  latitude: number;
  longitude: number;
  score: number;
  distanceKm: number | null;
};

function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}

/** Relevance: a word of the query in the title counts most, at a word start more than inside one. */
function scoreOf(tokens: string[], title: string, text: string): number {
  if (tokens.length === 0) return 0;
  const titleWords = tokenize(title);
  let score = 0;
  for (const token of tokens) {
    if (titleWords.includes(token)) score += 6;
    else if (titleWords.some((w) => w.startsWith(token))) score += 4;
    if (` ${text}`.includes(` ${token}`)) score += 2;
    else score += 1;
  }
  return score;
}

// Sort keys: every order is total (ties broken by id), which makes cursors stable.
type SortKey = number;
function sortKeyOf(c: Candidate, sort: SearchQuery['sort']): SortKey {
  switch (sort) {
    case 'price_asc':
      return c.priceMinor;
    case 'price_desc':
      return -c.priceMinor;
    case 'distance':
      return c.distanceKm ?? Number.MAX_SAFE_INTEGER;
    case 'relevance':
      // Higher score first, then newer.
      return -(c.score * 1e13 + (c.publishedAt?.getTime() ?? 0));
    case 'rating': // no ratings before reviews exist: newest first
    case 'newest':
      return -(c.publishedAt?.getTime() ?? 0);
  }
}

interface Cursor {
  k: number;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.k === 'number' && typeof c.id === 'string') return c;
  } catch {
    // fall through
  }
  throw new AppError('CURSOR_INVALID', 400, 'This page cursor is not valid');
}

async function categoryIndex(db: Db) {
  const rows = await db.category.findMany({ where: { hidden: false } });
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { bySlug, byId, rows };
}

export async function searchServices({ db, redis, query }: { db: Db; redis: RedisClient; query: SearchQuery }): Promise<SearchResult> {
  const cacheKey = `search:${await searchVersion(redis)}:${createHash('sha1').update(JSON.stringify(query)).digest('base64url')}`;
  const cached = await redis.get(cacheKey);
  if (cached) return JSON.parse(cached) as SearchResult;

  const tokens = [...new Set(tokenize(query.q))].slice(0, MAX_TOKENS);
  const point = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  // A bounding box in SQL, the exact distance below.
  const box = point
    ? {
        latitude: { gte: point.lat - query.radiusKm / 111, lte: point.lat + query.radiusKm / 111 },
        longitude: {
          gte: point.lng - query.radiusKm / (111 * Math.max(Math.cos((point.lat * Math.PI) / 180), 0.01)),
          lte: point.lng + query.radiusKm / (111 * Math.max(Math.cos((point.lat * Math.PI) / 180), 0.01)),
        },
      }
    : {};
  const rows = await db.service.findMany({
    where: {
      ...visibleServiceWhere,
      AND: tokens.map((token) => ({ searchText: { contains: token } })),
      ...(query.priceModel ? { priceModel: query.priceModel } : {}),
      ...(query.priceMin !== undefined || query.priceMax !== undefined ? { priceMinor: { gte: query.priceMin, lte: query.priceMax } } : {}),
      ...box,
    },
    select: {
      id: true,
      title: true,
      searchText: true,
      categoryId: true,
      cityId: true,
      priceMinor: true,
      publishedAt: true,
      latitude: true,
      longitude: true,
    },
    orderBy: { publishedAt: 'desc' },
    take: MAX_CANDIDATES,
  });

  // Reviews do not exist yet: with a minimum rating nothing qualifies.
  let candidates: Candidate[] = query.minRating
    ? []
    : rows.map(({ searchText, ...r }) => ({
        ...r,
        score: scoreOf(tokens, r.title, searchText),
        distanceKm: point ? Math.round(haversineKm(point.lat, point.lng, r.latitude, r.longitude) * 10) / 10 : null,
      }));
  if (point) candidates = candidates.filter((c) => c.distanceKm! <= query.radiusKm);

  const categories = await categoryIndex(db);
  const cities = await db.city.findMany();
  const cityById = new Map(cities.map((c) => [c.id, c]));

  // Facets count the current query before its own category/city filter, so the other choices show.
  const categoryCounts = new Map<string, number>();
  const cityCounts = new Map<string, number>();
  for (const c of candidates) {
    const leaf = categories.byId.get(c.categoryId);
    for (const cat of [leaf, leaf?.parentId ? categories.byId.get(leaf.parentId) : undefined]) {
      if (cat) categoryCounts.set(cat.id, (categoryCounts.get(cat.id) ?? 0) + 1);
    }
    cityCounts.set(c.cityId, (cityCounts.get(c.cityId) ?? 0) + 1);
  }

  if (query.category) {
    const chosen = categories.bySlug.get(query.category);
    const ids = new Set(chosen ? [chosen.id, ...categories.rows.filter((r) => r.parentId === chosen.id).map((r) => r.id)] : []);
    candidates = candidates.filter((c) => ids.has(c.categoryId));
  }
  if (query.city) {
    const city = cities.find((c) => c.slug === query.city);
    candidates = candidates.filter((c) => c.cityId === city?.id);
  }

  const keyed = candidates
    .map((c) => ({ c, k: sortKeyOf(c, query.sort) }))
    .sort((a, b) => a.k - b.k || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const remaining = after ? keyed.filter(({ c, k }) => k > after.k || (k === after.k && c.id > after.id)) : keyed;
  const page = remaining.slice(0, query.limit);
  const last = page.at(-1);

  const full = await db.service.findMany({ where: { id: { in: page.map(({ c }) => c.id) } }, include: serviceInclude });
  const byId = new Map(full.map((row) => [row.id, row]));

  const result: SearchResult = {
    results: page.filter(({ c }) => byId.has(c.id)).map(({ c }) => ({ ...toServiceView(byId.get(c.id)!), distanceKm: c.distanceKm })),
    total: candidates.length,
    nextCursor: last && remaining.length > page.length ? encodeCursor({ k: last.k, id: last.c.id }) : null,
    facets: {
      categories: [...categoryCounts]
        .map(([id, count]) => ({ slug: categories.byId.get(id)!.slug, name: localizedNames(categories.byId.get(id)!), count }))
        .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug)),
      cities: [...cityCounts]
        .map(([id, count]) => ({ slug: cityById.get(id)!.slug, name: localizedNames(cityById.get(id)!), count }))
        .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug)),
    },
  };
  await redis.set(cacheKey, JSON.stringify(result), 'EX', CACHE_TTL_SECONDS);
  return result;
}

/** As-you-type suggestions: categories and published service titles. */
export async function suggest({ db, q }: { db: Db; q: string }) {
  const tokens = tokenize(q);
  if (tokens.length === 0) return { categories: [], services: [] };
  const { rows } = await categoryIndex(db);
  const categories = rows
    .filter((r) => {
      const words = tokenize(`${r.nameFr} ${r.nameAr} ${r.nameEn}`);
      return tokens.every((t) => words.some((w) => w.startsWith(t)));
    })
    .slice(0, 5)
    .map((r) => ({ slug: r.slug, name: localizedNames(r) }));
  const services = await db.service.findMany({
    where: { ...visibleServiceWhere, AND: tokens.map((t) => ({ searchText: { contains: t } })) },
    select: { slug: true, title: true },
    orderBy: { publishedAt: 'desc' },
    take: 5,
  });
  return { categories, services };
}
