// Shared pieces of the smoke checks: what the target is expected to be, an HTTP helper
// with a timeout, and the check shape every area file exports.

/** What the platform under test is expected to look like (from SMOKE_* variables). */
export interface SmokeTarget {
  baseUrl: string;
  /** HSTS header expected (staging/production behind TLS): SMOKE_EXPECT_HSTS=true. */
  expectHsts: boolean;
  /** The built web client is served on the same port: unless SMOKE_EXPECT_WEB=false. */
  expectWeb: boolean;
  /** /api/smoke helpers are mounted: unless SMOKE_ROUTES_ENABLE=false (staging/production). */
  smokeRoutes: boolean;
  /** Bearer token for /metrics: SMOKE_METRICS_TOKEN, when given. */
  metricsToken: string | null;
  /** A verified account for staging/production (SMOKE_USER_EMAIL / SMOKE_USER_PASSWORD). */
  user: { email: string; password: string } | null;
  timeoutMs: number;
}

export interface SmokeContext {
  target: SmokeTarget;
  /** GET (by default) a path of the target; never throws on an HTTP status, only on no answer. */
  request: (path: string, init?: RequestInit) => Promise<SmokeResponse>;
}

export interface SmokeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface SmokeCheck {
  name: string;
  /** Throws SmokeFailure (or any error) to fail, SmokeSkip to skip; may return a short detail. */
  run: (ctx: SmokeContext) => Promise<string | void>;
}

export class SmokeFailure extends Error {}
export class SmokeSkip extends Error {}

export function fail(reason: string): never {
  throw new SmokeFailure(reason);
}
export function skip(reason: string): never {
  throw new SmokeSkip(reason);
}
export function expectThat(condition: unknown, reason: string): asserts condition {
  if (!condition) fail(reason);
}
export function expectStatus(res: SmokeResponse, expected: number | number[], what: string): void {
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (!allowed.includes(res.status)) fail(`${what}: HTTP ${res.status}, expected ${allowed.join(' or ')}${preview(res)}`);
}

function preview(res: SmokeResponse): string {
  const body = res.text.replace(/\s+/g, ' ').trim();
  return body ? ` (${body.length > 160 ? `${body.slice(0, 160)}…` : body})` : '';
}

/** Reads a true/false variable; undefined or empty gives the fallback. */
export function envFlag(value: string | undefined, fallback: boolean): boolean {
  const v = value?.trim().toLowerCase();
  if (!v) return fallback;
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new Error(`expected true or false, got "${value}"`);
}

export function targetFromEnv(env: NodeJS.ProcessEnv): SmokeTarget {
  const baseUrl = (env.SMOKE_BASE_URL?.trim() || 'http://localhost:3000').replace(/\/+$/, '');
  new URL(baseUrl); // throws early on a malformed SMOKE_BASE_URL
  return {
    baseUrl,
    expectHsts: envFlag(env.SMOKE_EXPECT_HSTS, false),
    expectWeb: envFlag(env.SMOKE_EXPECT_WEB, true),
    smokeRoutes: envFlag(env.SMOKE_ROUTES_ENABLE, true),
    metricsToken: env.SMOKE_METRICS_TOKEN?.trim() || null,
    user:
      env.SMOKE_USER_EMAIL?.trim() && env.SMOKE_USER_PASSWORD
        ? { email: env.SMOKE_USER_EMAIL.trim(), password: env.SMOKE_USER_PASSWORD }
        : null,
    timeoutMs: Number(env.SMOKE_TIMEOUT_MS) || 10_000,
  };
}

export function createContext(target: SmokeTarget): SmokeContext {
  return {
    target,
    request: async (path, init = {}) => {
      const res = await fetch(`${target.baseUrl}${path}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(target.timeoutMs) });
      const text = await res.text();
      let json: unknown;
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: res.status, headers: res.headers, text, json };
    },
  };
}
