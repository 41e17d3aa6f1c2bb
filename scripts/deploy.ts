// `npm run deploy`: the deployment pipeline of docs (environments guide) as one script.
//   1. validate the target environment (backend/.env files + real env, validateEnv())
//   2. build (npm run build)                              --skip-build to reuse dist/
//   3. apply migrations (backend/dist/db-migrate.js deploy)
//   4. seed the catalogues                                 DEPLOY_SEED=true or --seed
//   5. start or hand over: DEPLOY_START_COMMAND (systemd, pm2, k8s rollout, or in CI a
//      command that starts the built server in the background and returns)
//   6. wait for <SMOKE_BASE_URL or APP_BASE_URL>/health/ready, then npm run smoke:all
// Stops at the first failing stage. --dry-run validates and prints the plan only.
// Only staging and production are deploy targets; --allow-local lets a developer try it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EnvValidationError, loadConfig, loadEnvFiles, type Config } from '../backend/src/config/env';
import { backendRoot, repoRoot } from '../backend/src/config/paths';

const USAGE = `usage: npm run deploy -- [--dry-run] [--skip-build] [--seed] [--allow-local] [--ready-timeout <seconds>]
  Deploys to the environment NODE_ENV names (staging or production), configured by the
  real environment and backend/.env.<NODE_ENV> / backend/.env (see backend/.env.sample.*).`;

const { values: flags } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    seed: { type: 'boolean', default: false },
    'allow-local': { type: 'boolean', default: false },
    'ready-timeout': { type: 'string', default: '120' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

class StageFailure extends Error {}

interface Stage {
  title: string;
  /** What the stage will do, for the plan (--dry-run) and the log. */
  plan: string;
  run?: () => Promise<string | void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Hides credentials when a URL is echoed. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** Runs a command with the (validated) environment; resolves on exit 0, else fails the stage. */
function sh(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; shell?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: opts.env ?? process.env, shell: opts.shell ?? false });
    child.on('error', (error) => reject(new StageFailure(`${command} could not start: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new StageFailure(`\`${[command, ...args].join(' ')}\` ${signal ? `was killed by ${signal}` : `exited with ${code}`}`));
    });
  });
}

async function waitForReady(url: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await res.text();
      if (res.status === 200) return `ready after ${seconds(timeoutMs - (deadline - Date.now()))}`;
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = cause?.code ?? (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new StageFailure(`${url} was not ready within ${seconds(timeoutMs)} (last: ${last})`);
}

// ── 1. The target environment ─────────────────────────────────────────────────────
const loadedFiles = loadEnvFiles(); // also done by loadConfig(); called first to report which files
let config: Readonly<Config>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof EnvValidationError)) throw error;
  console.error(`✗ [1/6] validate environment: refused.\n${error.message}`);
  console.error('Nothing was built, migrated or started. Fix the variables above (see backend/.env.sample.<env>).');
  process.exit(1);
}
if (config.isLocal && !flags['allow-local']) {
  console.error(
    `✗ [1/6] validate environment: NODE_ENV=${config.nodeEnv} is not a deploy target (staging or production).` +
      ' Set NODE_ENV, or pass --allow-local to try the pipeline locally.',
  );
  process.exit(1);
}

const readyTimeoutMs = Number(flags['ready-timeout']) * 1000;
if (!Number.isFinite(readyTimeoutMs) || readyTimeoutMs <= 0) {
  console.error(`--ready-timeout must be a number of seconds\n${USAGE}`);
  process.exit(1);
}
const builtMigrator = join(backendRoot, 'dist/db-migrate.js');
const builtSeeder = join(backendRoot, 'dist/seed.js');
const seed = flags.seed || config.deploy.seed;
const startCommand = config.deploy.startCommand;
const smokeBaseUrl = config.smoke.baseUrl;
const webBuilt = () => existsSync(join(repoRoot, 'frontend/dist/index.html'));

// The smoke expectations follow from the validated config of the deployed platform.
const smokeEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  SMOKE_BASE_URL: smokeBaseUrl,
  SMOKE_EXPECT_HSTS: String(config.hstsEnabled),
  SMOKE_ROUTES_ENABLE: String(config.smoke.routesEnabled),
  SMOKE_EXPECT_WEB: String(config.serveFrontend && webBuilt()),
  SMOKE_METRICS_TOKEN: config.metricsToken ?? '',
  SMOKE_EXPECT_ANTIVIRUS: String(config.antivirus.enabled),
  // Production is seeded with reference data only: results are expected once providers publish.
  SMOKE_EXPECT_SEARCH_RESULTS: process.env.SMOKE_EXPECT_SEARCH_RESULTS ?? String(!config.isProduction),
});

const stages: Stage[] = [
  {
    title: 'validate environment',
    plan:
      `NODE_ENV=${config.nodeEnv}${loadedFiles.length ? ` (with backend/${loadedFiles.join(', backend/')})` : ' (process environment only)'}; ` +
      `database ${config.database.provider} ${redact(config.database.url)}; redis ${config.redis.mock ? 'in-process' : 'server'}; ` +
      `antivirus ${config.antivirus.enabled ? `clamd ${config.antivirus.host}:${config.antivirus.port}` : 'off'}; stripe ${config.stripe.mode}`,
    run: async () => 'validateEnv() accepted every variable',
  },
  {
    title: 'build',
    plan: flags['skip-build'] ? 'skipped (--skip-build): reuse backend/dist and frontend/dist' : 'npm run build (API bundle + web client)',
    run: flags['skip-build']
      ? async () => {
          if (!existsSync(join(backendRoot, 'dist/server.js')))
            throw new StageFailure('--skip-build but backend/dist/server.js is missing');
          return 'skipped (--skip-build)';
        }
      : // Vite builds a production client only under NODE_ENV=production (staging would give React's dev build).
        () => sh('npm', ['run', 'build'], { env: { ...process.env, NODE_ENV: 'production' } }),
  },
  {
    title: 'apply migrations',
    plan: `node backend/dist/db-migrate.js deploy → ${redact(config.database.url)}`,
    run: () => (existsSync(builtMigrator) ? sh(process.execPath, [builtMigrator, 'deploy']) : sh('npm', ['run', 'db:migrate', '--silent'])),
  },
  {
    title: 'seed catalogues',
    plan: seed
      ? `node backend/dist/seed.js (${flags.seed ? '--seed' : 'DEPLOY_SEED=true'}${config.isProduction ? ', reference data only' : ', with demo content and photos'})`
      : 'skipped (DEPLOY_SEED is not true and no --seed)',
    run: seed
      ? () => (existsSync(builtSeeder) ? sh(process.execPath, [builtSeeder]) : sh('npm', ['run', 'seed', '--silent']))
      : async () => 'skipped',
  },
  {
    title: 'start / hand over',
    plan: startCommand
      ? `sh -c "$DEPLOY_START_COMMAND" (${startCommand})`
      : 'no DEPLOY_START_COMMAND: hand the build to the orchestrator (`npm run start`)',
    run: startCommand
      ? () => sh(startCommand, [], { shell: true })
      : async () => 'DEPLOY_START_COMMAND is unset: the build is ready; start it with `npm run start` through your orchestrator',
  },
  {
    title: 'readiness + smoke',
    plan: startCommand
      ? `wait up to ${seconds(readyTimeoutMs)} for ${smokeBaseUrl}/health/ready, then npm run smoke:all against it`
      : `skipped (nothing was started here): run \`SMOKE_BASE_URL=${smokeBaseUrl} npm run smoke:all\` once it is up`,
    run: startCommand
      ? async () => {
          const ready = await waitForReady(`${smokeBaseUrl}/health/ready`, readyTimeoutMs);
          console.log(`  ${smokeBaseUrl} ${ready}`);
          await sh('npm', ['run', 'smoke:all', '--silent'], { env: smokeEnv() });
        }
      : async () => 'skipped: nothing was started by this script',
  },
];

console.log(`Deploy to ${config.nodeEnv}${flags['dry-run'] ? ' — DRY RUN (nothing is changed)' : ''}`);
if (flags['dry-run']) {
  stages.forEach((stage, i) => console.log(`  [${i + 1}/${stages.length}] ${stage.title}: ${stage.plan}`));
  console.log('Dry run: the environment is valid; run without --dry-run to deploy.');
  process.exit(0);
}

const started = performance.now();
for (const [i, stage] of stages.entries()) {
  const label = `[${i + 1}/${stages.length}] ${stage.title}`;
  console.log(`\n▶ ${label}: ${stage.plan}`);
  const t0 = performance.now();
  try {
    const note = await stage.run?.();
    console.log(`✓ ${label} (${seconds(performance.now() - t0)})${note ? ` — ${note}` : ''}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`✗ ${label} FAILED after ${seconds(performance.now() - t0)}: ${reason}`);
    console.error(
      i >= 4
        ? 'The new build may be running: investigate, or roll back to the previous release.'
        : 'Stopped before anything was started; the running release (if any) is untouched.',
    );
    console.error(`deploy failed (total ${seconds(performance.now() - started)})`);
    process.exit(1);
  }
}
console.log(`\ndeploy to ${config.nodeEnv} done in ${seconds(performance.now() - started)}`);
