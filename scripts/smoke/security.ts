// What an attacker sees first: security headers, the metrics guard, error shape.
import { expectStatus, expectThat, fail, type SmokeCheck } from './lib';

export const securityChecks: SmokeCheck[] = [
  {
    name: 'security headers: nosniff, CSP, X-Frame-Options, HSTS as expected',
    run: async ({ request, target }) => {
      const res = await request('/health/live');
      const h = res.headers;
      expectThat(
        h.get('x-content-type-options') === 'nosniff',
        `x-content-type-options is ${h.get('x-content-type-options') ?? 'missing'}`,
      );
      expectThat(h.get('content-security-policy'), 'content-security-policy is missing');
      expectThat(h.get('x-frame-options'), 'x-frame-options is missing');
      const hsts = h.get('strict-transport-security');
      if (target.expectHsts && !hsts) fail('strict-transport-security is missing (SMOKE_EXPECT_HSTS=true)');
      if (!target.expectHsts && hsts)
        fail('strict-transport-security is sent but not expected (set SMOKE_EXPECT_HSTS=true for a TLS target)');
      return target.expectHsts ? 'HSTS on' : 'HSTS off';
    },
  },
  {
    name: 'metrics guard: /metrics is never open without a token',
    run: async ({ request, target }) => {
      const anonymous = await request('/metrics');
      expectStatus(anonymous, [401, 404], '/metrics without a token');
      if (!target.metricsToken) return `HTTP ${anonymous.status} without a token (no SMOKE_METRICS_TOKEN: authorised scrape not checked)`;
      const wrong = await request('/metrics', { headers: { authorization: 'Bearer smoke-wrong-token' } });
      expectStatus(wrong, 401, '/metrics with a wrong token');
      const scrape = await request('/metrics', { headers: { authorization: `Bearer ${target.metricsToken}` } });
      expectStatus(scrape, 200, '/metrics with SMOKE_METRICS_TOKEN');
      expectThat(scrape.text.includes('http_requests_total'), '/metrics has no http_requests_total series');
      return 'anonymous refused, token accepted';
    },
  },
  {
    name: 'unknown API route: 404 JSON with error.code',
    run: async ({ request }) => {
      const res = await request('/api/smoke-check-no-such-route');
      expectStatus(res, 404, '/api/smoke-check-no-such-route');
      const code = (res.json as { error?: { code?: unknown } } | undefined)?.error?.code;
      expectThat(typeof code === 'string' && code.length > 0, `no error.code in the body: ${res.text.slice(0, 160)}`);
      return `error.code ${code}`;
    },
  },
];
