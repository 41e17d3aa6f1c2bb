// The text half of search, in the database: the listed services whose search text matches
// every query word (by prefix, through FTS5 on SQLite and the tsvector on PostgreSQL, the
// same on both), with the few columns that filtering, facets and sorting need and a
// relevance score. A process keeps recent candidate sets per catalogue version, so the
// filters, sorts and pages of one text are answered from memory.
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
}

async function loadCandidates(db: Db, provider: DbProvider, groups: WordGroups): Promise<Candidate[]> {
  const match = groups.length > 0 ? sql` AND ${textMatch(provider, groups)}` : sql``;
  const rows = await db.$queryRaw<CandidateRow[]>`
    SELECT s."id" AS "id", s."categoryId" AS "categoryId", s."cityId" AS "cityId", s."priceMinor" AS "priceMinor",
      CAST(s."priceModel" AS TEXT) AS "priceModel", s."latitude" AS "latitude", s."longitude" AS "longitude",
      s."publishedAt" AS "publishedAt", ${scoreOf(groups)} AS "score"
    FROM "Service" s WHERE s."listed" = true${match}`;
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.categoryId,
    cityId: r.cityId,
    priceMinor: Number(r.priceMinor),
    priceModel: r.priceModel,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    publishedAt: r.publishedAt === null ? 0 : new Date(r.publishedAt).getTime(),
    score: Number(r.score),
  }));
}

/** Candidates kept per process, at most this many in all (the least recently used go first). */
export const MAX_CACHED_CANDIDATES = 500_000;

class CandidateCache {
  private version = '';
  private entries = new Map<string, { rows: Promise<Candidate[]>; size: number }>();
  private size = 0;

  get(version: string, key: string, load: () => Promise<Candidate[]>): Promise<Candidate[]> {
    // Every catalogue change bumps the version: what was kept before is stale.
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
      this.size = 0;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows;
    }
    const entry = { rows: load(), size: 0 };
    this.entries.set(key, entry);
    entry.rows.then(
      (rows) => {
        if (this.entries.get(key) !== entry) return;
        entry.size = rows.length;
        this.size += rows.length;
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
    return entry.rows;
  }
}

const caches = new WeakMap<Db, CandidateCache>();

/** The listed services matching these word groups (all of them when there are none). */
export function candidatesFor({ db, provider, version, groups }: { db: Db; provider: DbProvider; version: string; groups: WordGroups }) {
  const cache = caches.get(db) ?? new CandidateCache();
  caches.set(db, cache);
  return cache.get(version, JSON.stringify(groups), () => loadCandidates(db, provider, groups));
}
