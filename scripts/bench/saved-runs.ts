// Saved benchmark runs (`npm run bench`, `npm run bench:web`): each run is written as JSON with
// its commit, and compared with the latest saved run of the same setup. Saved runs stay on the
// machine that made them (figures from different machines are not comparable).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SavedRun<Setup, Result> {
  commit: string;
  date: string;
  setup: Setup;
  results: Result[];
  /** The measured process's resident memory after the run and at its peak (`npm run bench`). */
  memory?: { rssMiB: number; peakRssMiB: number } | null;
}

/** The commit measured (`+changes` when the working tree differs from it). */
export function gitCommit(root: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}

/** The latest run saved in `dir` with the same setup. */
export function previousRun<Setup, Result>(dir: string, setup: Setup): (SavedRun<Setup, Result> & { file: string }) | null {
  if (!existsSync(dir)) return null;
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()) {
    const run = JSON.parse(readFileSync(join(dir, name), 'utf8')) as SavedRun<Setup, Result>;
    if (JSON.stringify(run.setup) === JSON.stringify(setup)) return { ...run, file: join(dir, name) };
  }
  return null;
}

/** Writes the run to `dir` (named by its date and commit); returns the file. */
export function saveRun<Setup, Result>(dir: string, run: SavedRun<Setup, Result>): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${run.date.replace(/[:.]/g, '-')}-${run.commit}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}

/** A plain-text table; the `numeric` columns are aligned right. */
export function printTable(header: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}
