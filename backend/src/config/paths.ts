import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The backend package folder, found by walking up from this file, so it is the same
 * whether the code runs from src/ (tsx, vitest) or from the bundled dist/.
 */
function findBackendRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@khadamat/backend') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot locate the backend package folder');
    dir = parent;
  }
}

export const backendRoot = findBackendRoot();
export const repoRoot = dirname(backendRoot);
