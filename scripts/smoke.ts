// `npm run smoke:all`: checks a RUNNING platform from the outside, over HTTP.
//   SMOKE_BASE_URL       target (default http://localhost:3000)
//   SMOKE_EXPECT_HSTS    true when the target must send HSTS (staging/production)
//   SMOKE_EXPECT_WEB     false when the web client is not served by the API
//   SMOKE_EXPECT_ANTIVIRUS  true when uploads are scanned: the EICAR test file must be refused
//   SMOKE_EXPECT_SEARCH_RESULTS  false when the catalogue has no service yet (fresh production)
//   SMOKE_ROUTES_ENABLE  false when /api/smoke must be absent (staging/production)
//   SMOKE_METRICS_TOKEN  when given, /metrics must accept it
//   SMOKE_OUTSIDE_ADMIN_NETWORK  false when the runner is inside ADMIN_IP_ALLOWLIST (a remote target; the admin-refusal check is skipped)
// One line per check, then `smoke: N passed, N failed` (parsed by CI); exit 1 on any failure.
// Reads process.env only: it checks a platform, it does not load that platform's config.
import { allChecks } from './smoke/index';
import { createContext, SmokeFailure, SmokeSkip, targetFromEnv } from './smoke/lib';

function reasonOf(error: unknown): string {
  if (error instanceof SmokeFailure || error instanceof SmokeSkip) return error.message;
  if (error instanceof Error) {
    // fetch() hides the socket error (ECONNREFUSED, timeout) in `cause`.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause ? `${error.message}: ${cause.code ?? cause.message}` : error.message;
  }
  return String(error);
}

async function main(): Promise<number> {
  const target = targetFromEnv(process.env);
  const ctx = createContext(target);
  console.log(
    `Smoke checks against ${target.baseUrl} (HSTS ${target.expectHsts ? 'expected' : 'not expected'}, web client ${target.expectWeb ? 'expected' : 'not checked'}, smoke routes ${target.smokeRoutes ? 'expected' : 'must be absent'})`,
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const check of allChecks) {
    const started = performance.now();
    try {
      const detail = await check.run(ctx);
      passed++;
      console.log(`✓ ${check.name}${detail ? ` (${detail})` : ''} [${Math.round(performance.now() - started)} ms]`);
    } catch (error) {
      if (error instanceof SmokeSkip) {
        skipped++;
        console.log(`- ${check.name} — skipped: ${error.message}`);
      } else {
        failed++;
        console.log(`✗ ${check.name} — ${reasonOf(error)}`);
      }
    }
  }
  console.log(`smoke: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A configuration error (bad SMOKE_* value) still ends with the parseable line.
    console.error(`smoke: cannot run: ${reasonOf(error)}`);
    console.log('smoke: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
