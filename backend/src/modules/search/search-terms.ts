// Typo tolerance, the same on SQLite and PostgreSQL: every word of the search texts is
// kept once in "SearchTerm"; a query word that starts no known word is corrected to the
// known words within a small edit distance, and the search matches any of them.
import { Prisma } from '../../generated/sqlite/client';
import type { Db, DbClient } from '../../platform/db/client';

const MIN_TERM = 2;
const MAX_TERM = 40;
const INSERT_CHUNK = 400;
/** Corrections kept per query word, the nearest first. */
const MAX_CORRECTIONS = 4;
/** Query words whose alternatives are remembered at most. */
const MAX_KNOWN = 10_000;

/** Records the words of these (normalised) search texts; known words are left alone. */
export async function recordTerms(db: DbClient, texts: Iterable<string>): Promise<void> {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const word of text.split(' ')) if (word.length >= MIN_TERM && word.length <= MAX_TERM) terms.add(word);
  }
  const all = [...terms];
  for (let i = 0; i < all.length; i += INSERT_CHUNK) {
    const values = all.slice(i, i + INSERT_CHUNK).map((term) => Prisma.sql`(${term})`);
    await db.$executeRaw`INSERT INTO "SearchTerm" ("term") VALUES ${Prisma.join(values)} ON CONFLICT ("term") DO NOTHING`;
  }
}

/** Edit distance allowed for a word of this length: none for short words, where a typo is another word. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/** Optimal string alignment distance (a swap of two neighbours counts once), or max + 1 when above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The known words, sorted, loaded incrementally (rows are only ever added). */
export class TermDictionary {
  private terms: string[] = [];
  private lastId = 0;
  /** Alternatives already worked out, until new words arrive (a scan of every word each time otherwise). */
  private known = new Map<string, string[]>();

  constructor(private readonly db: Db) {}

  /** Reads the words added since the last call. */
  async refresh(): Promise<void> {
    const rows = await this.db.searchTerm.findMany({ where: { id: { gt: this.lastId } }, orderBy: { id: 'asc' } });
    if (rows.length === 0) return;
    this.lastId = rows.at(-1)!.id;
    this.terms = [...this.terms, ...rows.map((r) => r.term)].sort();
    this.known.clear();
  }

  /** Whether a known word starts with this prefix (binary search in the sorted list). */
  hasPrefix(prefix: string): boolean {
    let low = 0;
    let high = this.terms.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.terms[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    return low < this.terms.length && this.terms[low]!.startsWith(prefix);
  }

  /**
   * What a query word may stand for: itself, plus, when it starts no known word, the known
   * words within `allowedEdits` of it or of their own start (so a typo in a word still
   * being typed is forgiven too).
   */
  alternatives(word: string): string[] {
    let found = this.known.get(word);
    if (!found) {
      found = this.correct(word);
      // Query words are whatever clients type: the memory stays bounded.
      if (this.known.size >= MAX_KNOWN) this.known.clear();
      this.known.set(word, found);
    }
    return found;
  }

  private correct(word: string): string[] {
    const max = allowedEdits(word.length);
    if (max === 0 || this.hasPrefix(word)) return [word];
    const found: { term: string; distance: number }[] = [];
    for (const term of this.terms) {
      if (term.length < word.length - max) continue;
      const whole = editDistance(word, term, max);
      const start = term.length > word.length ? editDistance(word, term.slice(0, word.length), max) : whole;
      const distance = Math.min(whole, start);
      if (distance <= max) found.push({ term, distance });
    }
    found.sort((a, b) => a.distance - b.distance || a.term.length - b.term.length || (a.term < b.term ? -1 : 1));
    const corrections = found.slice(0, MAX_CORRECTIONS).map((f) => f.term);
    return [word, ...corrections];
  }
}
