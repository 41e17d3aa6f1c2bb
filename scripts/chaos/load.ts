// The steady load of the chaos suite: about 50 requests/s evenly paced from the suite's own
// event loop, a mix of public reads and sign-ins; every answer is kept as a sample so each
// fault reads the figures of its own time window.
import { now, sleep } from './processes';

export type Kind = 'categories' | 'search-cached' | 'search-new' | 'service' | 'sign-in' | 'upload';
/** Reads any process can answer from a cache (its memo, Redis) vs. reads that need the database. */
export const CACHED_READS: readonly Kind[] = ['categories', 'search-cached'];
export const UNCACHED_READS: readonly Kind[] = ['search-new', 'service'];
export const PUBLIC_READS: readonly Kind[] = [...CACHED_READS, ...UNCACHED_READS];

export interface Sample {
  kind: Kind;
  /** When it was sent (ms on the suite's clock). */
  at: number;
  ms: number;
  /** 0: no HTTP answer (refused, reset, timed out). */
  status: number;
  /** The error code of a non-2xx JSON answer. */
  code: string;
}

// Ten slots a cycle: at 50/s, 15 category lists, 10 cached searches, 10 new searches,
// 10 service pages and 5 sign-ins a second.
const CYCLE: Kind[] = ['categories', 'search-cached', 'service', 'search-new', 'sign-in'];
const CYCLE_B: Kind[] = ['categories', 'search-cached', 'service', 'search-new', 'categories'];
const CACHED_QUERIES = ['plomberie', 'menage', 'electricite'];

/**
 * A word no search has used: neither Redis nor the process's own word and card caches hold
 * anything for it, so only the database can answer. (A new filter on a known word is not
 * enough: each process keeps the candidates of recent words.)
 */
export function freshWord(n: number): string {
  let word = '';
  for (let rest = n + 26 ** 3; rest > 0; rest = Math.floor(rest / 26)) word += String.fromCharCode(97 + (rest % 26));
  return `chaos${word}`;
}

export interface LoadTarget {
  baseUrl: string;
  serviceSlug: string;
  credentials: { email: string; password: string };
}

export async function request(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; code: string; ms: number; body: unknown; headers: Headers | null }> {
  const started = now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 5_000) });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    // The platform's error shape: { error: { code, message, requestId } }.
    const code = response.ok ? '' : String((body as { error?: { code?: unknown } } | null)?.error?.code ?? '');
    return { status: response.status, code, ms: now() - started, body, headers: response.headers };
  } catch (error) {
    const name = (error as Error).name;
    return { status: 0, code: name === 'TimeoutError' ? 'timeout' : 'no answer', ms: now() - started, body: null, headers: null };
  }
}

export const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export class SteadyLoad {
  readonly samples: Sample[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private inFlight = new Set<Promise<void>>();
  private sent = 0;

  constructor(
    private readonly target: LoadTarget,
    private readonly rate = 50,
    /** Every request from its own client address (X-Forwarded-For), not only sign-ins: a low per-IP limit then never answers. */
    private readonly spreadClients = false,
  ) {}

  private url(kind: Kind, n: number): [string, RequestInit] {
    const [url, init] = this.route(kind, n);
    if (!this.spreadClients || kind === 'sign-in') return [url, init];
    return [
      url,
      { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': `198.19.${(n >> 8) & 255}.${n & 255}` } },
    ];
  }

  private route(kind: Kind, n: number): [string, RequestInit] {
    const { baseUrl, serviceSlug, credentials } = this.target;
    switch (kind) {
      case 'categories':
        return [`${baseUrl}/api/categories`, {}];
      case 'search-cached':
        return [`${baseUrl}/api/search/services?q=${CACHED_QUERIES[n % CACHED_QUERIES.length]}`, {}];
      case 'search-new':
        return [`${baseUrl}/api/search/services?q=${freshWord(n)}`, {}];
      case 'service':
        return [`${baseUrl}/api/services/${serviceSlug}`, {}];
      case 'sign-in':
        // Members sign in from many addresses (through the load balancer, which the API
        // trusts): one address for all of them would soon meet the per-IP sign-in limit.
        return [`${baseUrl}/api/auth/sign-in`, postJson(credentials, { 'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}` })];
      case 'upload':
        throw new Error('uploads are not part of the steady load');
    }
  }

  start(): void {
    this.running = true;
    const began = now();
    this.loop = (async () => {
      while (this.running) {
        const n = this.sent++;
        const due = began + (n * 1000) / this.rate;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        // Behind schedule (a busy machine): skip ahead rather than send a burst.
        else if (wait < -1000) this.sent += Math.floor((-wait * this.rate) / 1000);
        const cycle = Math.floor(n / 5) % 2 === 0 ? CYCLE : CYCLE_B;
        const kind = cycle[n % 5]!;
        const [url, init] = this.url(kind, n);
        const at = now();
        const done: Promise<void> = request(url, init).then(({ status, code, ms }) => {
          this.samples.push({ kind, at, ms, status, code });
          this.inFlight.delete(done);
        });
        this.inFlight.add(done);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.inFlight);
  }

  /** Samples sent in [from, to), once every one of them has its answer. */
  async window(from: number, to: number): Promise<Sample[]> {
    await Promise.all(this.inFlight);
    return this.samples.filter((s) => s.at >= from && s.at < to);
  }
}

export interface WindowFigures {
  sent: number;
  /** "503 DATABASE_UNAVAILABLE" → count, for every answer that was not a 2xx. */
  failed: Record<string, number>;
  slowestMs: number;
}

export function figuresOf(samples: Sample[]): WindowFigures {
  const failed: Record<string, number> = {};
  for (const s of samples) {
    if (s.status >= 200 && s.status < 300) continue;
    const label = `${s.status}${s.code ? ` ${s.code}` : ''}`;
    failed[label] = (failed[label] ?? 0) + 1;
  }
  return { sent: samples.length, failed, slowestMs: Math.max(0, ...samples.map((s) => s.ms)) };
}

export function formatFailed(failed: Record<string, number>): string {
  const entries = Object.entries(failed).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([label, count]) => `${label}×${count}`).join(', ') : 'none';
}
