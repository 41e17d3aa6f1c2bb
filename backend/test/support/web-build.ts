import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/config/paths';

export const frontendDist = join(repoRoot, 'frontend/dist');
export const frontendServerDist = join(repoRoot, 'frontend/dist-ssr');

/**
 * The built web client (its assets and its server bundle), built now when missing: the tests of
 * what the server sends run against the real build, never skip.
 */
export function ensureWebBuilt(): void {
  if (existsSync(join(frontendDist, 'index.html')) && existsSync(join(frontendServerDist, 'entry-server.js'))) return;
  const build = spawnSync('npm', ['run', 'build', '--workspace', 'frontend'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build --workspace frontend failed');
}
