// A fresh clone: `npm run dev` seeds on its first start, then a member runs `npm run seed`,
// then again. Each leaves the same rows: the first start and the seed script take their
// options from one place (seedOptionsFor), and the first start seeds until a seed has
// run to its end (seedComplete). Local first starts are SQLite; run as the real processes.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { backendRoot } from '../../src/config/paths';
import { testEnv } from '../support/test-env';

const TSX = join(backendRoot, '../node_modules/.bin/tsx');

function run(args: string[], env: Record<string, string>, stopWhen?: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(TSX, args, { cwd: backendRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let output = '';
    let stopping = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (stopWhen && !stopping && output.includes(stopWhen)) {
        stopping = true;
        child.kill('SIGTERM');
      }
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

/** Rows per table (the migrations' own bookkeeping left out). */
function tableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'ServiceFts%'",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

describe.runIf(testEnv.dbProvider === 'sqlite')('first start, then npm run seed twice', () => {
  const dbFile = join(inject('tmpDir'), `first-start-${process.pid}.db`);
  const uploadsDir = join(inject('tmpDir'), `first-start-${process.pid}-uploads`);
  afterAll(() => {
    rmSync(dbFile, { force: true });
    rmSync(uploadsDir, { recursive: true, force: true });
  });

  it('leaves the same rows in every table', { timeout: 600_000 }, async () => {
    const env = {
      NODE_ENV: 'development',
      DATABASE_URL: `file:${dbFile}`,
      UPLOAD_STORAGE_DIR: uploadsDir,
      SERVE_FRONTEND: 'false',
      MOCK_REDIS: 'true',
      LOG_LEVEL: 'warn',
      SMOKE_USER_EMAIL: 'smoke@example.test',
      SMOKE_USER_PASSWORD: 'smoke password for the seed test',
    };
    const started = await run(['src/server.ts'], { ...env, PORT: String(await freePort()) }, 'listening on');
    expect(started.output).toContain('Seeded reference data');
    const afterFirstStart = tableCounts(dbFile);
    expect(afterFirstStart.SearchTerm).toBeGreaterThan(100);

    const seeded = await run(['scripts/seed.ts'], env);
    expect(seeded.code, seeded.output).toBe(0);
    const afterSeed = tableCounts(dbFile);
    expect(afterSeed).toEqual(afterFirstStart);

    const again = await run(['scripts/seed.ts'], env);
    expect(again.code, again.output).toBe(0);
    expect(tableCounts(dbFile)).toEqual(afterSeed);

    // A start after a complete seed does not seed again.
    const restarted = await run(['src/server.ts'], { ...env, PORT: String(await freePort()) }, 'listening on');
    expect(restarted.output).not.toContain('Seeded reference data');
  });
});
