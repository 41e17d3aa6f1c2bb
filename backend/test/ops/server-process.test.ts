import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { backendRoot } from '../../src/config/paths';

const TSX = join(backendRoot, '../node_modules/.bin/tsx');

function run(env: Record<string, string>, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    // A bare environment: only what the test gives, as on a fresh machine.
    const child = spawn(TSX, ['src/server.ts'], {
      cwd: backendRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      onOutput?.(output, child);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('server process', () => {
  it('refuses to start in production with an empty environment, naming every missing variable and no value', async () => {
    const { code, output } = await run({ NODE_ENV: 'production', SESSION_SECRET: 'short-secret-value' });
    expect(code).toBe(1);
    for (const name of [
      'DATABASE_URL',
      'SHADOW_DATABASE_URL',
      'REDIS_URL',
      'CLAMAV_HOST',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'SMTP_HOST',
      'SENTRY_DSN',
      'METRICS_TOKEN',
      'ADMIN_IP_ALLOWLIST',
      'TRUST_PROXY',
      'HSTS_ENABLED',
      'SESSION_SECRET',
      'DATA_ENCRYPTION_KEYS',
    ]) {
      expect(output).toContain(name);
    }
    expect(output).not.toContain('short-secret-value');
    expect(output).not.toContain('listening');
  });

  it('starts on the embedded defaults, migrates and seeds a new SQLite file, and shuts down gracefully', async () => {
    const port = await freePort();
    const dbFile = join(inject('tmpDir'), `process-${process.pid}.db`);
    const uploadsDir = join(inject('tmpDir'), `process-${process.pid}-uploads`);
    let ready: { status: number; categories: number } | null = null;
    const { code, output } = await run(
      {
        NODE_ENV: 'development',
        PORT: String(port),
        DATABASE_URL: `file:${dbFile}`,
        UPLOAD_STORAGE_DIR: uploadsDir,
        SERVE_FRONTEND: 'false',
      },
      (text, child) => {
        if (ready || !text.includes('listening on')) return;
        ready = { status: 0, categories: 0 };
        void (async () => {
          const health = await fetch(`http://127.0.0.1:${port}/health/ready`);
          const categories = (await (await fetch(`http://127.0.0.1:${port}/api/categories`)).json()) as { categories: unknown[] };
          ready = { status: health.status, categories: categories.categories.length };
          child.kill('SIGTERM');
        })();
      },
    );
    const photoFiles = readdirSync(uploadsDir).length;
    rmSync(dbFile, { force: true });
    rmSync(uploadsDir, { recursive: true, force: true });
    expect(output).toContain(`http://localhost:${port}/health/ready`);
    expect(ready).toEqual({ status: 200, categories: 12 });
    // The demo services' photos: 12 categories × 3 pictures, each with 2 variants.
    expect(photoFiles).toBe(12 * 3 * 3);
    expect(output).toContain('shutting down');
    expect(code).toBe(0);
  }, 60_000);
});
