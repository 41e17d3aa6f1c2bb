// The text half of search, in the database: the listed services whose search text matches
// every query word (by prefix, through FTS5 on SQLite and the tsvector on PostgreSQL, the
// same on both), with the few columns that filtering, facets and sorting need and a
// relevance score. A process keeps recent candidate sets, so the filters, sorts and pages
// of one text are answered from memory; after a catalogue change a kept set is brought up
// to date from the services that changed, not loaded again.
import { Prisma } from '../../generated/sqlite/client';
import type { Db, DbProvider } from '../../platform/db/client';

type Sql = Prisma.Sql;
const { sql, join } = Prisma;

/** Each query word with what it may stand for (itself first, then typo corrections). */
export type WordGroups = string[][];

/**
 * The candidates of one query's words, as columns (one typed array per field, position i
 * being the i-th candidate): about 120 bytes a candidate, where an object per row took 264,
 * and nothing for the garbage collector to walk but the ids. Categories, cities and price
 * models are codes into one process-wide table of their ids (`codeName`).
 */
export interface CandidateSet {
  size: number;
  ids: string[];
  categoryCode: Uint32Array;
  cityCode: Uint32Array;
  priceMinor: Float64Array;
  priceModelCode: Uint32Array;
  latitude: Float64Array;
  longitude: Float64Array;
  /** Milliseconds since the epoch. */
  publishedAt: Float64Array;
  score: Uint8Array;
  /** The provider's mean rating (0 before any published review) and how many reviews make it. */
  rating: Float64Array;
  ratingCount: Uint32Array;
}

// Ids of categories and cities, and the price models: a few thousand values at most, each
// given a small number once. Beyond the limit a value still gets its own code (never shared).
const codes = new Map<string, number>();
const names: string[] = [];
/** The code of a category id, city id or price model. */
export function codeOf(value: string): number {
  let code = codes.get(value);
  if (code === undefined) {
    code = names.length;
    names.push(value);
    if (codes.size < 100_000) codes.set(value, code);
  }
  return code;
}
/** The value a code stands for. */
export const codeName = (code: number): string => names[code]!;

function emptySet(size: number): CandidateSet {
  return {
    size,
    ids: new Array<string>(size),
    categoryCode: new Uint32Array(size),
    cityCode: new Uint32Array(size),
    priceMinor: new Float64Array(size),
    priceModelCode: new Uint32Array(size),
    latitude: new Float64Array(size),
    longitude: new Float64Array(size),
    publishedAt: new Float64Array(size),
    score: new Uint8Array(size),
    rating: new Float64Array(size),
    ratingCount: new Uint32Array(size),
  };
}

/** Bytes a kept candidate takes: its columns plus its id (a string and its slot). */
const CANDIDATE_BYTES = 4 + 4 + 8 + 4 + 8 + 8 + 8 + 1 + 8 + 4 + 64;

/** The candidates at these positions of `sets` (in that order), as one new set. */
function concatSets(parts: Array<{ set: CandidateSet; keep: (i: number) => boolean }>): CandidateSet {
  const positions: Array<[CandidateSet, number]> = [];
  for (const { set, keep } of parts) for (let i = 0; i < set.size; i++) if (keep(i)) positions.push([set, i]);
  const out = emptySet(positions.length);
  positions.forEach(([from, i], j) => copyCandidate(from, i, out, j));
  return out;
}

function copyCandidate(from: CandidateSet, i: number, to: CandidateSet, j: number) {
  to.ids[j] = from.ids[i]!;
  to.categoryCode[j] = from.categoryCode[i]!;
  to.cityCode[j] = from.cityCode[i]!;
  to.priceMinor[j] = from.priceMinor[i]!;
  to.priceModelCode[j] = from.priceModelCode[i]!;
  to.latitude[j] = from.latitude[i]!;
  to.longitude[j] = from.longitude[i]!;
  to.publishedAt[j] = from.publishedAt[i]!;
  to.score[j] = from.score[i]!;
  to.rating[j] = from.rating[i]!;
  to.ratingCount[j] = from.ratingCount[i]!;
}

/** Full-text condition: every word group matches, a word of one letter exactly, longer ones as a prefix. */
export function textMatch(provider: DbProvider, groups: WordGroups): Sql {
  if (provider === 'sqlite') {
    const expression = groups.map((g) => `(${g.map((w) => (w.length > 1 ? `"${w}"*` : `"${w}"`)).join(' OR ')})`).join(' AND ');
    return sql`s."id" IN (SELECT "serviceId" FROM "ServiceFts" WHERE "ServiceFts" MATCH ${`{searchText} : (${expression})`})`;
  }
  const expression = groups.map((g) => `(${g.map((w) => (w.length > 1 ? `${w}:*` : w)).join(' | ')})`).join(' & ');
  return sql`s."searchVector" @@ to_tsquery('simple', ${expression})`;
}

/** Relevance: per query word, 3 when it starts a word of a title, 2 when one of its corrections does. */
export function scoreOf(groups: WordGroups): Sql {
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

interface CandidateRow {
  id: string;
  categoryId: string;
  cityId: string;
  priceMinor: number | bigint;
  priceModel: string;
  latitude: number;
  longitude: number;
  publishedAt: Date | string | null;
  score: number | bigint;
  rating: number | null;
  ratingCount: number | bigint | null;
}

/** The listed services matching the words, among those `only` keeps (all when it is empty). */
async function queryCandidates(db: Db, provider: DbProvider, groups: WordGroups, only: Sql = sql``): Promise<CandidateSet> {
  const match = groups.length > 0 ? sql` AND ${textMatch(provider, groups)}` : sql``;
  const rows = await db.$queryRaw<CandidateRow[]>`
    SELECT s."id" AS "id", s."categoryId" AS "categoryId", s."cityId" AS "cityId", s."priceMinor" AS "priceMinor",
      CAST(s."priceModel" AS TEXT) AS "priceModel", s."latitude" AS "latitude", s."longitude" AS "longitude",
      s."publishedAt" AS "publishedAt", ${scoreOf(groups)} AS "score", r."average" AS "rating", r."count" AS "ratingCount"
    FROM "Service" s LEFT JOIN "ProviderRating" r ON r."providerId" = s."providerId"
    WHERE s."listed" = true${match}${only}`;
  const set = emptySet(rows.length);
  rows.forEach((r, i) => {
    set.ids[i] = r.id;
    set.categoryCode[i] = codeOf(r.categoryId);
    set.cityCode[i] = codeOf(r.cityId);
    set.priceMinor[i] = Number(r.priceMinor);
    set.priceModelCode[i] = codeOf(r.priceModel);
    set.latitude[i] = Number(r.latitude);
    set.longitude[i] = Number(r.longitude);
    set.publishedAt[i] = r.publishedAt === null ? 0 : new Date(r.publishedAt).getTime();
    set.score[i] = Number(r.score);
    set.rating[i] = Number(r.rating ?? 0);
    set.ratingCount[i] = Number(r.ratingCount ?? 0);
  });
  return set;
}

/**
 * Loads of candidate sets under way at once, per process. A load holds its rows twice for a
 * moment (the driver's objects, then the columns): a burst of new common words at a million
 * services loads 100,000 rows each, and unbounded they overlapped into gigabytes.
 */
const CONCURRENT_LOADS = 2;
let loading = 0;
const waitingLoads: Array<() => void> = [];
async function oneLoadAtATime<T>(load: () => Promise<T>): Promise<T> {
  if (loading >= CONCURRENT_LOADS) await new Promise<void>((resolve) => waitingLoads.push(resolve));
  else loading++;
  try {
    return await load();
  } finally {
    const next = waitingLoads.shift();
    if (next) next();
    else loading--;
  }
}

/** Clocks of the API processes may differ this much: changes are looked for that far back. */
const CLOCK_SKEW_MS = 60_000;
/** Beyond this many changed services, a stale set is loaded again whole. */
const MAX_CHANGED = 2_000;

/**
 * A stale candidate set brought up to date: every change to a service goes through
 * `reindexServices` or an update of the row, both of which move its `updatedAt`, so the
 * services changed since the set was loaded are taken out and matched again. Null when
 * too many changed: loading the set again is then cheaper.
 */
async function refreshCandidates(db: Db, provider: DbProvider, groups: WordGroups, stale: CandidateSet, loadedAt: number) {
  const changed = await db.service.findMany({
    where: { updatedAt: { gte: new Date(loadedAt - CLOCK_SKEW_MS) } },
    select: { id: true },
    take: MAX_CHANGED + 1,
  });
  if (changed.length > MAX_CHANGED) return null;
  if (changed.length === 0) return stale;
  const ids = changed.map((c) => c.id);
  const fresh = await queryCandidates(db, provider, groups, sql` AND s."id" IN (${join(ids)})`);
  const gone = new Set(ids);
  return concatSets([
    { set: stale, keep: (i) => !gone.has(stale.ids[i]!) },
    { set: fresh, keep: () => true },
  ]);
}

/**
 * Candidates kept per process, at most this many in all (the least recently used sets go
 * first): about 2.2 million candidates, 256 MiB. A single set larger than that (a search without words
 * over more listed services) is still kept while it is the newest.
 */
export const MAX_CACHED_BYTES = 256 * 1024 * 1024;
const MAX_CACHED_CANDIDATES = Math.floor(MAX_CACHED_BYTES / CANDIDATE_BYTES);

interface Entry {
  version: string;
  rows: Promise<CandidateSet>;
  size: number;
  loadedAt: number;
}

class CandidateCache {
  private entries = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly db: Db,
    private readonly provider: DbProvider,
  ) {}

  get(version: string, groups: WordGroups): Promise<CandidateSet> {
    const key = JSON.stringify(groups);
    const hit = this.entries.get(key);
    if (hit?.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows;
    }
    // Every catalogue change bumps the version: a set kept from before is brought up to date.
    const loadedAt = Date.now();
    const load = () => oneLoadAtATime(() => queryCandidates(this.db, this.provider, groups));
    const rows = hit
      ? hit.rows.then(async (stale) => (await refreshCandidates(this.db, this.provider, groups, stale, hit.loadedAt)) ?? load(), load)
      : load();
    const entry: Entry = { version, rows, size: 0, loadedAt };
    if (hit) this.size -= hit.size;
    this.entries.delete(key);
    this.entries.set(key, entry);
    rows.then(
      (loaded) => {
        if (this.entries.get(key) !== entry) return;
        entry.size = loaded.size;
        this.size += loaded.size;
        for (const [oldKey, old] of this.entries) {
          if (this.size <= MAX_CACHED_CANDIDATES || old === entry) break;
          this.entries.delete(oldKey);
          this.size -= old.size;
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return rows;
  }
}

const caches = new WeakMap<Db, CandidateCache>();

/** The listed services matching these word groups (all of them when there are none). */
export function candidatesFor({ db, provider, version, groups }: { db: Db; provider: DbProvider; version: string; groups: WordGroups }) {
  const cache = caches.get(db) ?? new CandidateCache(db, provider);
  caches.set(db, cache);
  return cache.get(version, groups);
}
