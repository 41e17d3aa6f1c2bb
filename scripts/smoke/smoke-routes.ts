// /api/smoke helpers exist locally and must be absent from staging/production.
import { expectStatus, expectThat, type SmokeCheck } from './lib';

export const smokeRouteChecks: SmokeCheck[] = [
  {
    name: 'smoke routes: /api/smoke/status mounted only where SMOKE_ROUTES_ENABLE is not false',
    run: async ({ request, target }) => {
      const res = await request('/api/smoke/status');
      if (!target.smokeRoutes) {
        expectStatus(res, 404, '/api/smoke/status with SMOKE_ROUTES_ENABLE=false');
        return 'absent, as expected';
      }
      expectStatus(res, 200, '/api/smoke/status (SMOKE_ROUTES_ENABLE is not false)');
      const body = res.json as { smokeRoutes?: boolean; nodeEnv?: string; database?: string; redis?: string } | undefined;
      expectThat(body?.smokeRoutes === true, `unexpected body: ${res.text.slice(0, 160)}`);
      return `${body.nodeEnv}, ${body.database}, redis ${body.redis}`;
    },
  },
];
