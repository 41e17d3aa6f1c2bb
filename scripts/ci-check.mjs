// `npm run ci:check`: the fast pre-deploy gate, in order, stopping at the first failure.
// Prints each step with its duration and a total. CI runs the slower suites (real
// services, browser tests, smoke against a started build) in .ci/run around it.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// The PostgreSQL half of the drift check replays the history in a database it wipes.
const shadowDatabaseUrl = process.env.SHADOW_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/khadamat_shadow';

/** The fast tests run on the embedded defaults (SQLite, in-process Redis, no ClamAV), so
 *  drop whatever points a test run at real services, and CI=true which would demand them. */
function embeddedTestEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('TEST_') || name === 'CI' || name === 'VITEST_JSON_REPORT') delete env[name];
  }
  return env;
}

const steps = [
  { name: 'lint', script: 'lint' },
  { name: 'format', script: 'format:check' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'env samples', script: 'check:env-samples' },
  { name: 'deploy files', script: 'check:deploy' },
  { name: 'openapi lint', script: 'lint:openapi' },
  { name: 'migration drift', script: 'db:migrate:check', env: { ...process.env, SHADOW_DATABASE_URL: shadowDatabaseUrl } },
  { name: 'fast tests', script: 'test', env: embeddedTestEnv() },
];

function run(step) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', step.script], { cwd: repoRoot, stdio: 'inherit', env: step.env ?? process.env });
    child.on('error', (error) => resolve({ code: 1, reason: error.message }));
    child.on('exit', (code, signal) => resolve({ code: code ?? 1, reason: signal ? `killed by ${signal}` : `exit ${code}` }));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
const started = performance.now();
let failed = null;

for (const step of steps) {
  console.log(`\n━━━ ci:check › ${step.name} (npm run ${step.script}) ━━━`);
  const t0 = performance.now();
  const { code, reason } = await run(step);
  const ms = performance.now() - t0;
  results.push({ step, ms, ok: code === 0 });
  console.log(`${code === 0 ? '✓' : '✗'} ${step.name} ${code === 0 ? 'passed' : `FAILED (${reason})`} in ${seconds(ms)}`);
  if (code !== 0) {
    failed = step;
    break;
  }
}

console.log('\n━━━ ci:check summary ━━━');
for (const { step, ms, ok } of results) console.log(`${ok ? '✓' : '✗'} ${step.name.padEnd(16)} ${seconds(ms).padStart(8)}`);
for (const step of steps.slice(results.length)) console.log(`- ${step.name.padEnd(16)}  not run`);
console.log(`total ${seconds(performance.now() - started)}`);
if (failed) {
  console.log(`ci:check FAILED at "${failed.name}": run \`npm run ${failed.script}\` to see why.`);
  process.exitCode = 1;
} else {
  console.log('ci:check passed.');
}
