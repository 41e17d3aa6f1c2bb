import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSummary } from '../../src/app';
import { lenientPath } from '../../src/modules/accounts/access';
import { createTestApp, type TestApp } from '../support/test-app';

// Every rule (admin network, session, Origin, rate limit) is decided on the route the
// router matched. Generated from the live route table: for every route, the spellings an
// attacker tries must be refused or treated exactly like the canonical path.
const ADMIN_NET = '10.20.0.0/16';
const OUTSIDE = '203.0.113.5';
const FOREIGN_ORIGIN = 'https://evil.example';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '0123456789abcdef').replace(/\*$/, 'x');

/** The spellings of a path that a lenient reader would take for the same path. */
export function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encodeFirst = (s: string) => (/^[a-z]/i.test(s) ? `%${s.charCodeAt(0).toString(16)}${s.slice(1)}` : s);
  const rebuild = (fn: (s: string, i: number) => string) => `/${segments.map(fn).join('/')}`;
  const out = new Set<string>([
    rebuild((s, i) => (i === 0 ? encodeFirst(s) : s)), // /%61pi/…
    rebuild((s, i) => (i === 1 ? encodeFirst(s) : s)), // /api/%61dmin/…
    rebuild((s, i) => (i === segments.length - 1 ? encodeFirst(s) : s)),
    rebuild((s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')), // every byte encoded
    rebuild((s) => s.replace(/%/g, '%25').replace(/^([a-z])/i, (c) => `%25${c.charCodeAt(0).toString(16)}`)), // double-encoded
    path.toUpperCase(),
    rebuild((s, i) => (i === 1 ? s.toUpperCase() : s)),
    `/${path}`, // //api/…
    path.replace(/^(\/[^/]+)\//, '$1//'), // /api//…
    path.replace(/^(\/[^/]+)\//, '$1/./'),
    path.replace(/^(\/[^/]+)\//, '$1/x/../'),
    path.replace(/^(\/[^/]+)\//, '$1/%2e/'),
    path.replace(/^(\/[^/]+)\//, '$1%2f'),
    `${path}/`,
    `${path}//`,
    `${path}/.`,
  ]);
  out.delete(path);
  return [...out];
}

describe('every rule follows the route that runs, whatever the spelling', () => {
  let t: TestApp;
  let routes: RouteSummary[];
  beforeAll(async () => {
    // API_DOCS=admin: the documentation routes are admin-network routes too, as in staging.
    t = await createTestApp({ ADMIN_IP_ALLOWLIST: ADMIN_NET, API_DOCS: 'admin', RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '600000' });
    routes = t.app.routeTable.filter(
      (r) => !['HEAD', 'OPTIONS'].includes(r.method) && r.url !== '*' && r.url !== '/*' && !r.url.startsWith('/health/'),
    );
  });
  afterAll(() => t.close());

  let ipCounter = 0;
  const nextIp = (prefix: string) => `${prefix}.${Math.floor(++ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;

  const call = (method: string, url: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: method as Method,
      url,
      remoteAddress,
      headers,
      payload: method === 'GET' || method === 'DELETE' ? undefined : {},
    });

  const verdict = (res: { statusCode: number; body: string }) => {
    let code = '';
    try {
      code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code ?? '';
    } catch {
      code = res.body.includes('The admin area is not reachable') ? 'ADMIN_PAGE' : '';
    }
    return `${res.statusCode} ${code}`.trim();
  };
  // Refused: no route ran (404, malformed URL) — or the same answer as the canonical spelling.
  const refusedOrSame = (got: string, canonical: string) => got === canonical || /^(404 NOT_FOUND|400 \S+)$/.test(got);

  it('finds the routes, admin and non-admin, safe and unsafe', () => {
    expect(routes.some((r) => r.url.startsWith('/api/admin/'))).toBe(true);
    expect(routes.some((r) => r.method === 'POST')).toBe(true);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('admin network, session and Origin rules: refused, or treated like the canonical path', async () => {
    const leaks: string[] = [];
    for (const route of routes) {
      const path = concrete(route.url);
      const scenarios: Array<{ ip: string; headers: Record<string, string> }> = [
        { ip: OUTSIDE, headers: {} }, // from outside the admin networks, anonymous
        ...(route.method === 'GET' ? [] : [{ ip: '10.20.1.5', headers: { origin: FOREIGN_ORIGIN } }]), // a cross-site write
      ];
      for (const { ip, headers } of scenarios) {
        const canonical = verdict(await call(route.method, path, nextIp(ip.split('.').slice(0, 2).join('.')), headers));
        for (const spelled of spellings(path)) {
          const got = verdict(await call(route.method, spelled, nextIp(ip.split('.').slice(0, 2).join('.')), headers));
          if (!refusedOrSame(got, canonical)) leaks.push(`${route.method} ${spelled} → ${got} (canonical ${path} → ${canonical})`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // Thousands of requests, growing with every route added: a sweep, not a unit test.
  }, 180_000);

  it('counts every spelling against the same per-IP limit (unmatched ones included)', async () => {
    const unlimited: string[] = [];
    for (const route of routes.filter((r) => r.access !== undefined && r.url.startsWith('/api/'))) {
      const ip = nextIp('10.20');
      const path = concrete(route.url);
      for (let i = 0; i < 3; i++) await call(route.method, path, ip);
      for (const spelled of spellings(path)) {
        const got = verdict(await call(route.method, spelled, ip));
        if (got !== '429 RATE_LIMITED') unlimited.push(`${route.method} ${spelled} → ${got}`);
      }
    }
    expect(unlimited).toEqual([]);
  }, 180_000);

  it('shows the admin pages of the web client to the admin networks only, however the path is spelled', async () => {
    for (const path of ['/admin', '/admin/sign-in', '/ADMIN/sign-in', '/%61dmin', '//admin', '/x/../admin', '/%2561dmin/users']) {
      const res = await t.app.inject({ method: 'GET', url: path, remoteAddress: OUTSIDE, headers: { accept: 'text/html' } });
      expect([path, res.statusCode]).toEqual([path, 403]);
    }
    expect(lenientPath('/%2561dmin//USERS/./x/..?q=1')).toBe('/admin/users');
  });

  it('over a real socket too, where nothing normalises dot segments before the router', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    // 127.0.0.1 is outside this app's admin networks.
    for (const path of ['/api/admin/audit', ...spellings('/api/admin/audit')]) {
      expect([path, [400, 403, 404, 429].includes(await get(path))]).toEqual([path, true]);
    }
  });
});
