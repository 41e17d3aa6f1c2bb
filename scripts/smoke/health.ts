// Liveness and readiness: what a load balancer asks before sending traffic.
import { expectStatus, expectThat, type SmokeCheck } from './lib';

interface Readiness {
  status?: string;
  checks?: Record<string, { status?: string; error?: string }>;
}

export const healthChecks: SmokeCheck[] = [
  {
    name: 'liveness: GET /health/live answers 200 {status: ok}',
    run: async ({ request }) => {
      const res = await request('/health/live');
      expectStatus(res, 200, '/health/live');
      expectThat((res.json as { status?: string } | undefined)?.status === 'ok', `/health/live body is ${res.text}`);
    },
  },
  {
    name: 'readiness: GET /health/ready answers 200 with every dependency ok or disabled',
    run: async ({ request }) => {
      const res = await request('/health/ready');
      const body = res.json as Readiness | undefined;
      const checks = Object.entries(body?.checks ?? {});
      const bad = checks.filter(([, c]) => c.status !== 'ok' && c.status !== 'disabled');
      expectThat(
        res.status === 200 && body?.status === 'ok' && bad.length === 0,
        `HTTP ${res.status}, status ${body?.status ?? '?'}` +
          (bad.length ? `; failing: ${bad.map(([name, c]) => `${name} (${c.error ?? c.status})`).join(', ')}` : ''),
      );
      expectThat(checks.length > 0, 'no dependency checks reported');
      return checks.map(([name, c]) => `${name} ${c.status}`).join(', ');
    },
  },
];
