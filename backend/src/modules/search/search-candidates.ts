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

export interface Candidate {
  id: string;
  categoryId: string;
  cityId: string;
  priceMinor: number;
  priceModel: string;
  latitude: number;
  longitude: number;
  /** Milliseconds since the epoch. */
  publishedAt: number;
  score: number;
  /** The provider's mean rating (0 before any published review) and how many reviews make it. */
  rating: number;
  ratingCount: number;
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

// The database driver makes a new string for every row's category, city and price model:
// at a million candidates that is three million copies of a few hundred values. Kept sets
// share one string per value instead (about a third of a candidate's memory).
const internedStrings = new Map<string, string>();
function interned(value: string): string {
  const known = internedStrings.get(value);
  if (known !== undefined) return known;
  // Ids of categories and cities, and the price models: a few thousand at most.
  if (internedStrings.size < 100_000) internedStrings.set(value, value);
  return value;
}

/** The listed services matching the words, among those `only` keeps (all when it is empty). */
async function queryCandidates(db: Db, provider: DbProvider, groups: WordGroups, only: Sql = sql``): Promise<Candidate[]> {
  const match = groups.length > 0 ? sql` AND ${textMatch(provider, groups)}` : sql``;
  const rows = await db.$queryRaw<CandidateRow[]>`
    SELECT s."id" AS "id", s."categoryId" AS "categoryId", s."cityId" AS "cityId", s."priceMinor" AS "priceMinor",
      CAST(s."priceModel" AS TEXT) AS "priceModel", s."latitude" AS "latitude", s."longitude" AS "longitude",
      s."publishedAt" AS "publishedAt", ${scoreOf(groups)} AS "score", r."average" AS "rating", r."count" AS "ratingCount"
    FROM "Service" s LEFT JOIN "ProviderRating" r ON r."providerId" = s."providerId"
    WHERE s."listed" = true${match}${only}`;
  return rows.map((r) => ({
    id: r.id,
    categoryId: interned(r.categoryId),
    cityId: interned(r.cityId),
    priceMinor: Number(r.priceMinor),
    priceModel: interned(r.priceModel),
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    publishedAt: r.publishedAt === null ? 0 : new Date(r.publishedAt).getTime(),
    score: Number(r.score),
    rating: Number(r.rating ?? 0),
    ratingCount: Number(r.ratingCount ?? 0),
  }));
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
async function refreshCandidates(db: Db, provider: DbProvider, groups: WordGroups, stale: Candidate[], loadedAt: number) {
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
  return [...stale.filter((c) => !gone.has(c.id)), ...fresh];
}

/** Candidates kept per process, at most this many in all (the least recently used go first). */
export const MAX_CACHED_CANDIDATES = 500_000;

interface Entry {
  version: string;
  rows: Promise<Candidate[]>;
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

  get(version: string, groups: WordGroups): Promise<Candidate[]> {
    const key = JSON.stringify(groups);
    const hit = this.entries.get(key);
    if (hit?.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows;
    }
    // Every catalogue change bumps the version: a set kept from before is brought up to date.
    const loadedAt = Date.now();
    const load = () => queryCandidates(this.db, this.provider, groups);
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
        entry.size = loaded.length;
        this.size += loaded.length;
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
