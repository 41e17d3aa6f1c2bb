// `npm run bench:uploads`: what hostile image uploads cost the rest of the API. It starts
// the API in a child process (its own SQLite file and upload folder, in-process Redis),
// runs a steady, evenly paced stream of GET /api/categories, and meanwhile sends six
// concurrent avatar uploads of a 7000×7000 PNG (over the pixel limit: must be refused
// cheaply), then six of a 5000×5000 PNG (25 MP, the largest the limit accepts), each from
// its own member. Both images are a flat colour with an alpha channel: under 1 MB on the
// wire, the worst case in memory. It reports, per phase, the stream's p50/p99/max latency,
// the uploads' answers by status and how long they took, and the API process's peak
// resident memory (VmRSS sampled every 25 ms, and VmHWM at the end, from /proc: Linux only).
// It reports, it never fails the build; a run takes about a minute.
//
// Options (environment): BENCH_UPLOADS_RATE (stream requests per second, default 50),
// BENCH_UPLOADS_COUNT (uploads per burst, default 6), BENCH_API_ROOT (the checkout whose
// API is started, default this one: point it at a checkout of an older commit, with its
// node_modules installed, to measure before and after a change).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const root = join(import.meta.dirname, '..');
const apiRoot = resolve(process.env.BENCH_API_ROOT ?? root);
const rate = Number(process.env.BENCH_UPLOADS_RATE ?? 50);
const burst = Number(process.env.BENCH_UPLOADS_COUNT ?? 6);
const workDir = join(root, 'backend/.tmp/bench-uploads');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} did not become ready`);
}

async function runTo(args: string[], env: Record<string, string>): Promise<void> {
  const run = spawn(join(apiRoot, 'node_modules/.bin/tsx'), args, {
    cwd: apiRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise((done) => run.on('close', done));
  if (code !== 0) throw new Error(`${args.join(' ')} failed`);
}

/** The child's memory from /proc, in MiB; null where there is no /proc. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signUp(base: string, n: number): Promise<Session> {
  const unique = `${Date.now().toString(36)}${n}`;
  const res = await fetch(`${base}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      role: 'client',
      name: 'Bench Member',
      email: `bench-${unique}@example.test`,
      phone: `+2126${String(10_000_000 + ((Date.now() + n * 7919) % 89_999_999)).slice(0, 8)}`,
      password: 'correct horse battery',
      locale: 'fr',
    }),
  });
  if (res.status !== 201) throw new Error(`sign-up: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-khadamat_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('sign-up: no session cookie');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

interface UploadOutcome {
  status: number | string;
  ms: number;
}

async function upload(base: string, session: Session, image: Buffer): Promise<UploadOutcome> {
  const body = new FormData();
  body.append('file', new Blob([image], { type: 'image/png' }), 'avatar.png');
  const began = performance.now();
  try {
    const res = await fetch(`${base}/api/uploads?kind=avatar`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      body,
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - began };
  } catch (error) {
    return { status: (error as Error).message, ms: performance.now() - began };
  }
}

/** Evenly paced GETs until stopped; each latency is kept with the time it was sent. */
function stream(url: string) {
  const samples: { sentAt: number; ms: number; ok: boolean }[] = [];
  let running = true;
  const pending: Promise<void>[] = [];
  const done = (async () => {
    const began = performance.now();
    for (let i = 0; running; i++) {
      const wait = began + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = performance.now();
      pending.push(
        fetch(url)
          .then(async (res) => {
            await res.arrayBuffer();
            samples.push({ sentAt, ms: performance.now() - sentAt, ok: res.ok });
          })
          .catch(() => {
            samples.push({ sentAt, ms: performance.now() - sentAt, ok: false });
          }),
      );
    }
    await Promise.all(pending);
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

interface Phase {
  name: string;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  uploads: UploadOutcome[];
  seconds: number;
  peakRss: number | null;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('exit', stopAll);

const phases: Phase[] = [];
let hwm: number | null = null;
let startRss: number | null = null;
try {
  // The images first, so their making is not counted against the API.
  const flat = (side: number) =>
    sharp({ create: { width: side, height: side, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } })
      .png()
      .toBuffer();
  const [huge, largest, small] = [await flat(7000), await flat(5000), await flat(64)];

  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: `file:${join(workDir, 'bench.db')}`,
    UPLOAD_STORAGE_DIR: join(workDir, 'files'),
    MOCK_REDIS: 'true',
    LOG_LEVEL: 'error',
  };
  // Migrated and seeded apart, so the API process starts without drawing the demo photos.
  await runTo(['backend/scripts/db-migrate.ts', 'deploy'], env);
  await runTo(['backend/scripts/seed.ts', '--reference-only'], env);

  const port = await freePort();
  // `node --import tsx`, not the tsx launcher: the child's pid is then the API's own.
  const api = spawn(process.execPath, ['--import', 'tsx', 'backend/src/server.ts'], {
    cwd: apiRoot,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SERVE_FRONTEND: 'false',
      AUTO_MIGRATE: 'false',
      // The benchmark measures uploads, not the global limiter refusing the load generator.
      RATE_LIMIT_MAX: '100000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(api);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/ready`, api);
  const members = await Promise.all(Array.from({ length: burst }, (_, i) => signUp(base, i)));

  // Warm-up: JIT, the first libvips load, the categories in memory.
  const warm = stream(`${base}/api/categories`);
  await upload(base, members[0]!, small);
  await new Promise((done) => setTimeout(done, 2000));
  await warm.stop();
  startRss = api.pid ? (memoryOf(api.pid)?.rss ?? null) : null;

  const runPhase = async (name: string, image: Buffer | null, minSeconds: number) => {
    let peakRss: number | null = null;
    const sampler = setInterval(() => {
      const memory = api.pid ? memoryOf(api.pid) : null;
      if (memory) peakRss = Math.max(peakRss ?? 0, memory.rss);
    }, 25);
    const load = stream(`${base}/api/categories`);
    const began = performance.now();
    const [uploads] = await Promise.all([
      image ? Promise.all(members.map((member) => upload(base, member, image))) : Promise.resolve([]),
      new Promise((done) => setTimeout(done, minSeconds * 1000)),
    ]);
    await load.stop();
    clearInterval(sampler);
    const latencies = load.samples.map((s) => s.ms).sort((a, b) => a - b);
    phases.push({
      name,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      requests: latencies.length,
      errors: load.samples.filter((s) => !s.ok).length,
      uploads,
      seconds: (performance.now() - began) / 1000,
      peakRss,
    });
  };

  await runPhase('no uploads (baseline)', null, 4);
  await runPhase(`${burst} × 7000×7000 (49 MP)`, huge, 3);
  await runPhase(`${burst} × 5000×5000 (25 MP)`, largest, 3);
  hwm = api.pid ? (memoryOf(api.pid)?.hwm ?? null) : null;
} finally {
  stopAll();
  rmSync(workDir, { recursive: true, force: true });
}

const fmt = (n: number | null, digits = 0) => (n === null || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
console.log(`\nAPI: ${apiRoot}`);
console.log(`GET /api/categories evenly paced at ${rate}/s during each phase; uploads sent all at once, one member each\n`);
console.log(
  [
    'phase'.padEnd(26),
    'secs'.padStart(5),
    'reqs'.padStart(5),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'max ms'.padStart(7),
    'errors'.padStart(7),
    'peak RSS MiB'.padStart(13),
    '  uploads: status × count (slowest answer)',
  ].join(' '),
);
for (const phase of phases) {
  const byStatus = new Map<string, number>();
  for (const outcome of phase.uploads) byStatus.set(String(outcome.status), (byStatus.get(String(outcome.status)) ?? 0) + 1);
  const slowest = Math.max(...phase.uploads.map((u) => u.ms));
  const uploads = phase.uploads.length
    ? `${[...byStatus].map(([status, count]) => `${status} × ${count}`).join(', ')} (${(slowest / 1000).toFixed(2)} s)`
    : '-';
  console.log(
    [
      phase.name.padEnd(26),
      phase.seconds.toFixed(1).padStart(5),
      String(phase.requests).padStart(5),
      fmt(phase.p50).padStart(7),
      fmt(phase.p99).padStart(7),
      fmt(phase.max).padStart(7),
      String(phase.errors).padStart(7),
      fmt(phase.peakRss).padStart(13),
      `  ${uploads}`,
    ].join(' '),
  );
}
console.log(`\nAPI process resident memory: ${fmt(startRss)} MiB after warm-up, ${fmt(hwm)} MiB at its highest (VmHWM)`);
