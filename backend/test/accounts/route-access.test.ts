import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSummary } from '../../src/app';
import { signUp, type TestSession } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

// Generated from the live route table: a new API route without an access rule, or one
// that lets an anonymous or wrong-role caller through, fails here.
describe('every API route declares who may call it', () => {
  let t: TestApp;
  let client: TestSession;
  let apiRoutes: RouteSummary[];
  beforeAll(async () => {
    t = await createTestApp();
    client = await signUp(t);
    apiRoutes = t.app.routeTable.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !['HEAD', 'OPTIONS'].includes(r.method),
    );
  });
  afterAll(() => t.close());

  const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '0123456789abcdef');

  it('finds the routes', () => {
    expect(apiRoutes.length).toBeGreaterThan(15);
  });

  it('has an access rule on every route', () => {
    const missing = apiRoutes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('refuses anonymous callers on every non-public route', async () => {
    const leaks: string[] = [];
    for (const route of apiRoutes.filter((r) => r.access !== 'public')) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' ? undefined : {},
      });
      if (res.statusCode !== 401) leaks.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses a signed-in client on every route reserved to other roles', async () => {
    const restricted = apiRoutes.filter((r) => typeof r.access === 'object' && r.access.roles && !r.access.roles.includes('client'));
    expect(restricted.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const route of restricted) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' ? undefined : {},
        headers: { cookie: client.cookie, 'x-csrf-token': client.csrf },
      });
      if (res.statusCode !== 403) leaks.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });
});
