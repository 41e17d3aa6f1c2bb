import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Db, DbClient } from '../../platform/db/client';
import { redisReady, type RedisClient } from '../../platform/redis/redis';
import { listedServiceWhere } from '../catalogue/visibility';
import { normalizeForSearch } from './normalize';
import { recordTerms } from './search-terms';

const indexInclude = { category: { include: { parent: true } }, city: true, provider: { include: { user: true } } } as const;

type Names = { nameFr: string; nameAr: string; nameEn: string };
/** What the search text is made of (a service row with its category, city and provider). */
export interface IndexableService {
  title: string;
  description: string;
  translations: string;
  category: Names & { parent: Names | null };
  city: Names;
  provider: { user: { name: string } };
}

function loadRows(db: DbClient, where: Record<string, unknown>, skip: number, take: number) {
  return db.service.findMany({ where, include: indexInclude, orderBy: { id: 'asc' }, skip, take });
}

/** Everything a client may type to find a service, in every language, normalised. */
export function searchTextOf(row: IndexableService): string {
  const translations = JSON.parse(row.translations) as Record<string, { title?: string; description?: string }>;
  const categories = [row.category, row.category.parent].filter((c) => c !== null);
  return normalizeForSearch(
    [
      row.title,
      ...Object.values(translations).map((t) => t.title ?? ''),
      ...categories.flatMap((c) => [c.nameFr, c.nameAr, c.nameEn]),
      row.provider.user.name,
      row.city.nameFr,
      row.city.nameAr,
      row.city.nameEn,
      row.description,
      ...Object.values(translations).map((t) => t.description ?? ''),
    ].join(' '),
  );
}

/** The titles in every language, normalised: relevance counts the query words found here. */
export function titleTextOf(row: Pick<IndexableService, 'title' | 'translations'>): string {
  const translations = JSON.parse(row.translations) as Record<string, { title?: string }>;
  return normalizeForSearch([row.title, ...Object.values(translations).map((t) => t.title ?? '')].join(' '));
}

/** The indexed fields of a service row (what `reindexServices` keeps up to date). */
export function indexedFieldsOf(row: IndexableService): { searchText: string; titleText: string } {
  return { searchText: searchTextOf(row), titleText: titleTextOf(row) };
}

/**
 * Recomputes the indexed fields of the matching services, in batches: search text, titles,
 * and `listed`, which follows the one listing rule (`listedServiceWhere`). Their words
 * go to the typo dictionary.
 */
export async function reindexServices({ db, where }: { db: DbClient; where: Record<string, unknown> }): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await loadRows(db, where, done, 500);
    const ids = rows.map((row) => row.id);
    const visible = new Set(
      (await db.service.findMany({ where: { id: { in: ids }, ...listedServiceWhere }, select: { id: true } })).map((r) => r.id),
    );
    const texts: string[] = [];
    for (const row of rows) {
      const fields = { ...indexedFieldsOf(row), listed: visible.has(row.id) };
      texts.push(fields.searchText);
      if (fields.searchText !== row.searchText || fields.titleText !== row.titleText || fields.listed !== row.listed) {
        await db.service.update({ where: { id: row.id }, data: fields });
      }
    }
    await recordTerms(db, texts);
    done += rows.length;
    if (rows.length < 500) return done;
  }
}

const VERSION_KEY = 'search:version';

// While Redis is down, each process keys its caches by a version of its own: bumped by its
// own catalogue changes, and renewed every 30 s so that another process's changes show
// within that time. The bumps it could not record are recorded once Redis is back.
const OFFLINE_VERSION_MS = 30_000;
let offlineBumps = 0;
let pendingBump = false;
const offlineVersion = () => `offline:${Math.floor(Date.now() / OFFLINE_VERSION_MS)}:${offlineBumps}`;

async function recordPendingBump(redis: RedisClient): Promise<void> {
  if (!pendingBump) return;
  pendingBump = false;
  await redis.incr(VERSION_KEY).catch(() => {
    pendingBump = true;
  });
}

/** Cached results (and the in-process category and city lookups) are keyed by this
 *  version; any catalogue change bumps it, so a paused service or a hidden category is
 *  never served from a cache. */
export async function searchVersion(redis: RedisClient): Promise<string> {
  if (!redisReady(redis)) return offlineVersion();
  try {
    await recordPendingBump(redis);
    return (await redis.get(VERSION_KEY)) ?? '0';
  } catch {
    return offlineVersion();
  }
}

/** A JSON answer as sent: text, or its gzip-compressed bytes. */
export interface CachedAnswer {
  body: string | Buffer;
  gzip: boolean;
}

const gzipAsync = promisify(gzip);

/**
 * Answers this process served lately, by cache key: a hit for the current version is sent
 * from memory, so a popular query costs one small Redis read (the version) instead of
 * fetching its whole answer (a search page is about 25 KB as text) on every request. At most
 * HOT_ANSWER_BYTES in all, the least recently used going first; an answer of another
 * version is never sent (every catalogue change bumps the version).
 */
export const HOT_ANSWER_BYTES = 16 * 1024 * 1024;

/** One per Redis (its versions are its own): key → the answer and the version it was made for. */
class HotAnswers {
  private answers = new Map<string, { version: string; body: string | Buffer }>();
  private bytes = 0;

  get(key: string, version: string) {
    const hot = this.answers.get(key);
    if (hot?.version !== version) return null;
    // Recently used: to the end of the eviction order.
    this.answers.delete(key);
    this.answers.set(key, hot);
    return hot.body;
  }

  set(key: string, version: string, body: string | Buffer) {
    const size = sizeOf(body);
    this.forget(key);
    if (size > HOT_ANSWER_BYTES / 16) return;
    this.answers.set(key, { version, body });
    this.bytes += size;
    for (const [oldKey] of this.answers) {
      if (this.bytes <= HOT_ANSWER_BYTES) break;
      this.forget(oldKey);
    }
  }

  private forget(key: string) {
    const old = this.answers.get(key);
    if (!old) return;
    this.answers.delete(key);
    this.bytes -= sizeOf(old.body);
  }
}

const sizeOf = (body: string | Buffer) => (typeof body === 'string' ? body.length * 2 : body.length);
const hotAnswers = new WeakMap<RedisClient, HotAnswers>();

/**
 * A JSON answer cached under the catalogue version: the version is read from Redis on every
 * request; the answer comes from this process's memory when it served it under that version
 * lately, else from Redis, stored there as "<version>\n<json>" (an answer stored under an
 * older version is a miss). A hit comes back as the stored bytes, sent without decoding them. Each answer is also
 * stored gzip-compressed (compressed once, when computed), and a client that accepts gzip gets
 * those bytes: a search page's answer is about a sixth of its size then, and neither Redis nor
 * the API compresses it again. Without Redis, the answer is computed (the cache is bypassed,
 * never waited on) and sent as text.
 */
export async function cachedForVersion(
  redis: RedisClient,
  key: string,
  ttlSeconds: number,
  compute: (version: string) => Promise<string>,
  { gzip: wantsGzip = false }: { gzip?: boolean } = {},
): Promise<CachedAnswer> {
  const storedKey = wantsGzip ? `${key}:gz` : key;
  const hot = hotAnswers.get(redis) ?? new HotAnswers();
  hotAnswers.set(redis, hot);
  let version: string;
  let stored: Buffer | null;
  try {
    if (!redisReady(redis)) return { body: await compute(offlineVersion()), gzip: false };
    await recordPendingBump(redis);
    version = (await redis.get(VERSION_KEY)) ?? '0';
    const body = hot.get(storedKey, version);
    if (body !== null) return { body, gzip: wantsGzip };
    stored = await redis.getBuffer(storedKey);
  } catch {
    return { body: await compute(offlineVersion()), gzip: false };
  }
  const prefix = `${version}\n`;
  if (stored && stored.length > prefix.length && stored.toString('latin1', 0, prefix.length) === prefix) {
    const body = stored.subarray(prefix.length);
    hot.set(storedKey, version, body);
    return { body, gzip: wantsGzip };
  }
  const value = await compute(version);
  const compressed = await gzipAsync(value);
  // The answer does not wait for the cache write; a lost write is only a later miss, and a
  // late one is stored under its own (by then older) version, so it is never served.
  redis
    .multi()
    .set(key, `${prefix}${value}`, 'EX', ttlSeconds)
    .set(`${key}:gz`, Buffer.concat([Buffer.from(prefix, 'latin1'), compressed]), 'EX', ttlSeconds)
    .exec()
    .catch(() => undefined);
  // As bytes, encoded once: a popular answer is sent again and again from the process's memory.
  const body = wantsGzip ? compressed : Buffer.from(value);
  hot.set(storedKey, version, body);
  return { body, gzip: wantsGzip };
}

const memos = new WeakMap<object, Map<string, { version: string; value: Promise<unknown> }>>();

/** A value computed once per catalogue version in this process (per database). */
export function memoForVersion<T>(db: object, name: string, version: string, compute: () => Promise<T>): Promise<T> {
  const byName = memos.get(db) ?? new Map<string, { version: string; value: Promise<unknown> }>();
  memos.set(db, byName);
  const memo = byName.get(name);
  if (memo?.version === version) return memo.value as Promise<T>;
  const value = compute();
  byName.set(name, { version, value });
  // A failed computation is not kept.
  value.catch(() => {
    if (byName.get(name)?.value === value) byName.delete(name);
  });
  return value;
}

/** A catalogue change: every cache keyed by the version is stale. Never fails for Redis. */
export async function invalidateSearch(redis: RedisClient): Promise<void> {
  offlineBumps++;
  try {
    if (!redisReady(redis)) throw new Error('redis down');
    await redis.incr(VERSION_KEY);
  } catch {
    pendingBump = true;
  }
}

/**
 * A catalogue change, whole or absent: `write` changes the rows and records its audit event,
 * the services `reindex` names get their search text in the same transaction, and the
 * caches hear of it once that has committed.
 */
export async function changeCatalogue<T>({
  db,
  redis,
  write,
  reindex,
}: {
  db: Db;
  redis: RedisClient;
  write: (tx: DbClient) => Promise<T>;
  reindex?: (result: NoInfer<T>) => Record<string, unknown>;
}): Promise<T> {
  const result = await db.$transaction(async (tx) => {
    const value = await write(tx);
    if (reindex) await reindexServices({ db: tx, where: reindex(value) });
    return value;
  });
  await invalidateSearch(redis);
  return result;
}

/** After a change to services, categories or providers: fresh search text, stale caches gone. */
export async function catalogueChanged({
  db,
  redis,
  where,
}: {
  db: Db;
  redis: RedisClient;
  where: Record<string, unknown>;
}): Promise<void> {
  await reindexServices({ db, where });
  await invalidateSearch(redis);
}
