// Adds up every suite of a CI run and prints, LAST, the line CI is judged on:
//   N passed, N failed
// Usage: node scripts/ci/summarize.mjs <kind>:<label>:<file> …
//   vitest:<label>:<vitest JSON report>      numPassedTests / numFailedTests
//   playwright:<label>:<Playwright JSON>      stats.expected / stats.unexpected + stats.flaky
//   smoke:<label>:<log of npm run smoke:all>  its last `smoke: N passed, N failed` line
//   checks:<label>:<file>                     lines `pass <name>` / `fail <name>` (shell checks, failed steps)
// A suite whose report is missing or unreadable counts as one failure: a run that
// produced nothing must never look green. Exit code: 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';

function readJson(file) {
  if (!existsSync(file)) throw new Error(`no report at ${file}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const parsers = {
  vitest(file) {
    const r = readJson(file);
    const passed = r.numPassedTests ?? 0;
    let failed = r.numFailedTests ?? 0;
    const notes = [];
    if ((r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)) notes.push(`${(r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)} skipped`);
    // A file that fails to load, or global setup failing, fails the run without failing a test.
    if (r.success === false && failed === 0) {
      failed = 1;
      notes.push(`run failed outside tests (${r.numFailedTestSuites ?? '?'} failed suite(s))`);
    }
    if (passed + failed === 0) {
      failed = 1;
      notes.push('ran no test');
    }
    return { passed, failed, notes };
  },
  playwright(file) {
    const r = readJson(file);
    const s = r.stats ?? {};
    const passed = s.expected ?? 0;
    let failed = (s.unexpected ?? 0) + (s.flaky ?? 0);
    const notes = [];
    if (s.flaky) notes.push(`${s.flaky} flaky (counted as failed)`);
    if (s.skipped) notes.push(`${s.skipped} skipped`);
    // e.g. the web server did not start: an error with no test result.
    if ((r.errors ?? []).length && failed === 0) {
      failed = 1;
      notes.push(
        `${r.errors.length} run error(s): ${String(r.errors[0]?.message ?? '')
          .split('\n')[0]
          .slice(0, 120)}`,
      );
    }
    if (passed + failed === 0) {
      failed = 1;
      notes.push('ran no test');
    }
    return { passed, failed, notes };
  },
  smoke(file) {
    if (!existsSync(file)) throw new Error(`no log at ${file}`);
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^smoke: \d+ passed, \d+ failed/.test(l));
    if (!lines.length) throw new Error('the smoke run printed no summary line (it did not run or crashed)');
    const [, passed, failed, skipped] = /^smoke: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(lines.at(-1));
    return { passed: Number(passed), failed: Number(failed), notes: skipped ? [`${skipped} skipped`] : [] };
  },
  checks(file) {
    if (!existsSync(file)) return { passed: 0, failed: 0, notes: ['none recorded'] };
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const failedNames = lines.filter((l) => l.startsWith('fail ')).map((l) => l.slice(5));
    return {
      passed: lines.filter((l) => l.startsWith('pass ')).length,
      failed: failedNames.length,
      notes: failedNames.length ? [`failed: ${failedNames.join('; ')}`] : [],
    };
  },
};

let passed = 0;
let failed = 0;
console.log('\n════ summary ════');
for (const arg of process.argv.slice(2)) {
  const [kind, label, ...rest] = arg.split(':');
  const file = rest.join(':');
  let result;
  try {
    if (!parsers[kind]) throw new Error(`unknown kind ${kind}`);
    result = parsers[kind](file);
  } catch (error) {
    result = { passed: 0, failed: 1, notes: [error.message] };
  }
  passed += result.passed;
  failed += result.failed;
  const notes = result.notes.length ? `  (${result.notes.join('; ')})` : '';
  console.log(
    `${result.failed ? '✗' : '✓'} ${label.padEnd(28)} ${String(result.passed).padStart(4)} passed, ${result.failed} failed${notes}`,
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
