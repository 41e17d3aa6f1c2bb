// Bundles the API and its operator CLIs (migrate, seed, admin, backup, restore) into dist/ with esbuild.
// npm packages stay external (installed next to the bundle); the shared contracts
// workspace is raw TypeScript, so it is bundled in.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { backendRoot } from '../src/config/paths';

const pkg = JSON.parse(readFileSync(join(backendRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const external = Object.keys(pkg.dependencies).filter((name) => name !== '@khadamat/contracts');

rmSync(join(backendRoot, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: backendRoot,
  entryPoints: {
    server: 'src/server.ts',
    worker: 'src/worker.ts',
    'db-migrate': 'scripts/db-migrate.ts',
    seed: 'scripts/seed.ts',
    'admin-create': 'scripts/admin-create.ts',
    backup: 'scripts/backup.ts',
    restore: 'scripts/restore.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: [...external, ...external.map((name) => `${name}/*`)],
  logLevel: 'warning',
});
console.log('Backend built into backend/dist');
