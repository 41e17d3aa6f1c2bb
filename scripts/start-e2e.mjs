// `npm run start:e2e`: the server the browser tests (frontend/playwright.config.ts) run
// against: the BUILT API + web client on 127.0.0.1:4173, on a fresh SQLite database that
// the server migrates and seeds at start (AUTO_MIGRATE), with the in-process Redis.
// E2E_PORT overrides the port (CI uses it when 4173 is taken by someone else).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const backend = join(repoRoot, 'backend');
const log = (message) => console.error(`[start:e2e] ${message}`);

// 1. Build only what is missing: the tests must run against the production bundle, but a
//    rebuild on every run would double the time of `npm run build && npm run test:e2e`.
const built = [
  join(backend, 'dist/server.js'),
  join(repoRoot, 'frontend/dist/index.html'),
  join(repoRoot, 'frontend/dist-ssr/entry-server.js'),
];
if (!built.every((file) => existsSync(file))) {
  log('build output missing: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    log(`npm run build failed (exit ${build.status ?? build.signal})`);
    process.exit(1);
  }
}

// 2. A fresh database and upload folder every run, so tests never see a previous run's data
//    and the demo photos the seed stores do not pile up in backend/uploads.
//    SQLite `file:` paths are relative to backend/ (see platform/db/schema-variants).
const databaseUrl = 'file:./.tmp/e2e.db';
const databaseFile = join(backend, '.tmp/e2e.db');
const uploadsDir = './.tmp/e2e-uploads';
mkdirSync(dirname(databaseFile), { recursive: true });
for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
rmSync(join(backend, uploadsDir), { recursive: true, force: true });

// 3. Run the built server directly (not through npm) so signals reach it.
const port = process.env.E2E_PORT || '4173';

// 3a. The local Stripe server (payments, receipts, the reconciliation), on the port 8000
//     above the app's unless STRIPE_LOCAL_PORT says otherwise; it posts its webhooks to the app.
const stripePort = process.env.STRIPE_LOCAL_PORT || String(Number(port) + 8000);
const stripeEnv = {
  STRIPE_SECRET_KEY: 'sk_test_e2e_local',
  STRIPE_WEBHOOK_SECRET: 'whsec_e2e_local',
  STRIPE_API_URL: `http://127.0.0.1:${stripePort}`,
  // The checkout loads the local server's Stripe.js stand-in, so the browser tests pay for real.
  STRIPE_PUBLISHABLE_KEY: 'pk_test_e2e_local',
  STRIPE_JS_URL: `http://127.0.0.1:${stripePort}/v3`,
};
const localStripe = spawn(process.execPath, ['--import', 'tsx', 'scripts/stripe-local.ts', '--port', stripePort], {
  cwd: backend,
  stdio: 'inherit',
  env: { ...process.env, ...stripeEnv, APP_BASE_URL: `http://127.0.0.1:${port}` },
});
process.on('exit', () => {
  if (localStripe.exitCode === null) localStripe.kill('SIGTERM');
});
const server = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
  cwd: backend,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: port,
    HOST: '127.0.0.1',
    APP_BASE_URL: `http://127.0.0.1:${port}`,
    FRONTEND_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    MOCK_REDIS: 'true',
    AUTO_MIGRATE: 'true',
    SERVE_FRONTEND: 'true',
    UPLOAD_STORAGE_DIR: uploadsDir,
    UPLOAD_ANTIVIRUS: 'false',
    SMOKE_ROUTES_ENABLE: 'true',
    // A browser loads many assets per page; the default 300/min could turn a test into a 429.
    RATE_LIMIT_MAX: '100000',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL || 'warn',
    ...stripeEnv,
    // A confirmed job is payable at once: the payouts spec pays out without waiting a week.
    PAYOUT_HOLD_DAYS: '0',
  },
});
log(`built server (pid ${server.pid}) starting on http://127.0.0.1:${port} with ${databaseUrl}`);

// 4. Forward stop signals (Playwright sends SIGTERM) and exit as the server does, with the
//    local Stripe server.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
    if (localStripe.exitCode === null) localStripe.kill(signal);
  });
}
server.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
});
server.on('error', (error) => {
  log(`cannot start the server: ${error.message}`);
  process.exit(1);
});
