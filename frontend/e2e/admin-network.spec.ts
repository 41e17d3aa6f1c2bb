import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// The browser cannot change its own IP, so this spec starts a second built server whose
// ADMIN_IP_ALLOWLIST does not contain loopback: to it, this browser is an outsider.
const backend = join(dirname(fileURLToPath(import.meta.url)), '../../backend');
let server: ChildProcess;
let baseUrl: string;
const dbFile = join(backend, `.tmp/e2e-outsider-${process.pid}.db`);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test.beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/server.js'], {
    cwd: backend,
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_BASE_URL: baseUrl,
      FRONTEND_URL: baseUrl,
      DATABASE_URL: `file:${dbFile}`,
      MOCK_REDIS: 'true',
      ADMIN_IP_ALLOWLIST: '192.0.2.0/24, 2001:db8::/32',
      TRUST_PROXY: '0',
      LOG_LEVEL: 'warn',
    },
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the outsider server did not start');
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dbFile, { force: true });
});

test('a non-allowlisted network is refused the admin pages and API, even with a spoofed X-Forwarded-For', async ({ page, request }) => {
  const response = await page.goto(`${baseUrl}/admin/sign-in`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
  await expect(page.getByText('The admin area is not reachable from this network')).toBeVisible();

  const api = await request.get(`${baseUrl}/api/admin/audit`, { headers: { 'x-forwarded-for': '192.0.2.10' } });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('ADMIN_NETWORK_FORBIDDEN');

  // The rest of the platform stays open to the same browser.
  const home = await page.goto(`${baseUrl}/`);
  expect(home?.status()).toBe(200);
});
