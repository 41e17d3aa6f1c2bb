// `npm run bench:uploads`: what hostile image uploads cost the rest of the API. It starts
// the API in a child process (its own SQLite file and upload folder, in-process Redis)
// and runs a steady, evenly paced stream of GET /api/categories: first alone (the
// baseline), then while six avatar uploads of a 7000×7000 PNG (over the pixel limit: must
// be refused cheaply) are sent at once, then six of a 5000×5000 PNG (25 MP, the largest
// the limit accepts), each upload from its own member. Both images are a flat colour with
// an alpha channel: under 1 MB on the wire, the worst case in memory. Each phase runs in
// a fresh, warmed-up API process. It reports, per phase, the stream's p50/p99/max latency,
// the uploads' answers by status and the slowest, and the API process's resident memory
// (before, highest sampled every 25 ms, and VmHWM, from /proc: Linux only). It reports,
// it never fails the build; a run takes about a minute on the current code.
//
// Options (environment): BENCH_UPLOADS_RATE (stream requests per second, default 50),
// BENCH_UPLOADS_COUNT (uploads per burst, default 6), BENCH_API_ROOT (the checkout whose
// API is started, default this one: point it at a checkout of an older commit, with its
// node_modules installed, to measure before and after a change).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { freePort, waitFor } from './lib/local-server';

const root = join(import.meta.dirname, '..');
const apiRoot = resolve(process.env.BENCH_API_ROOT ?? root);
const rate = Number(process.env.BENCH_UPLOADS_RATE ?? 50);
const burst = Number(process.env.BENCH_UPLOADS_COUNT ?? 6);
const workDir = join(root, 'backend/.tmp/bench-uploads');

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

/**
 * A verified, signed-in member: sign-up answers 202 with no session, so the benchmark reads
 * the verification link from the local inbox (smoke routes, on outside staging and
 * production) and follows it, which signs in.
 */
async function signUp(base: string, n: number): Promise<Session> {
  const unique = `${Date.now().toString(36)}${n}`;
  const email = `bench-${unique}@example.test`;
  const res = await fetch(`${base}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      role: 'client',
      name: 'Bench Member',
      email,
      phone: `+2126${String(10_000_000 + ((Date.now() + n * 7919) % 89_999_999)).slice(0, 8)}`,
      password: 'correct horse battery',
      locale: 'fr',
    }),
  });
  if (res.status !== 202) throw new Error(`sign-up: HTTP ${res.status} ${await res.text()}`);
  let token: string | undefined;
  for (let i = 0; i < 80 && !token; i += 1) {
    const inbox = await fetch(`${base}/api/smoke/mailbox?recipient=${encodeURIComponent(email)}`);
    const { messages } = (await inbox.json()) as { messages: { text: string }[] };
    token = messages.map((m) => /verify-email\?token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).find(Boolean);
    if (!token) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!token) throw new Error('sign-up: the verification mail did not arrive in 20 s');
  const verified = await fetch(`${base}/api/auth/verify-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (verified.status !== 200) throw new Error(`verify-email: HTTP ${verified.status} ${await verified.text()}`);
  const cookie = verified.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-khadamat_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('verify-email: no session cookie');
  return { cookie, csrf: ((await verified.json()) as { csrfToken: string }).csrfToken };
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
  const samples: { ms: number; ok: boolean; outcome: string }[] = [];
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
            samples.push({ ms: performance.now() - sentAt, ok: res.ok, outcome: `HTTP ${res.status}` });
          })
          .catch((error: Error) => {
            const cause = (error.cause as { code?: string; message?: string } | undefined) ?? {};
            samples.push({ ms: performance.now() - sentAt, ok: false, outcome: cause.code ?? cause.message ?? error.message });
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
  /** What each failed request of the stream got. */
  errors: string[];
  uploads: UploadOutcome[];
  seconds: number;
  /** Resident memory before the phase, its highest sampled during it, and the process's VmHWM after it (MiB). */
  rssBefore: number | null;
  peakRss: number | null;
  hwm: number | null;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('exit', stopAll);

const phases: Phase[] = [];
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

  // A fresh API process for each burst, so each phase's peak memory is its own (the
  // allocator keeps what a previous phase took).
  const startApi = async () => {
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
    return { api, base, pid: api.pid! };
  };

  let n = 0;
  const runPhase = async (name: string, image: Buffer | null) => {
    const { api, base, pid } = await startApi();
    const members = await Promise.all(Array.from({ length: burst }, () => signUp(base, n++)));
    // Warm-up: JIT, the first libvips load, the categories in memory.
    const warm = stream(`${base}/api/categories`);
    await upload(base, members[0]!, small);
    await new Promise((done) => setTimeout(done, 2000));
    await warm.stop();
    const rssBefore = memoryOf(pid)?.rss ?? null;

    let peakRss: number | null = null;
    const sampler = setInterval(() => {
      const memory = memoryOf(pid);
      if (memory) peakRss = Math.max(peakRss ?? 0, memory.rss);
    }, 25);
    const load = stream(`${base}/api/categories`);
    const began = performance.now();
    const [uploads] = await Promise.all([
      image ? Promise.all(members.map((member) => upload(base, member, image))) : Promise.resolve([]),
      // At least a few seconds of the stream, however fast the uploads are answered.
      new Promise((done) => setTimeout(done, (image ? 3 : 4) * 1000)),
    ]);
    await load.stop();
    clearInterval(sampler);
    const hwm = memoryOf(pid)?.hwm ?? null;
    api.kill('SIGTERM');
    await new Promise((done) => (api.exitCode !== null ? done(null) : api.once('exit', done)));

    const latencies = load.samples.map((s) => s.ms).sort((a, b) => a - b);
    phases.push({
      name,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      requests: latencies.length,
      errors: load.samples.filter((s) => !s.ok).map((s) => s.outcome),
      uploads,
      seconds: (performance.now() - began) / 1000,
      rssBefore,
      peakRss,
      hwm,
    });
  };

  await runPhase('no uploads (baseline)', null);
  await runPhase(`${burst} × 7000×7000 (49 MP)`, huge);
  await runPhase(`${burst} × 5000×5000 (25 MP)`, largest);
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
    'RSS MiB: before'.padStart(15),
    'peak'.padStart(5),
    'HWM'.padStart(5),
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
      String(phase.errors.length).padStart(7),
      fmt(phase.rssBefore).padStart(15),
      fmt(phase.peakRss).padStart(5),
      fmt(phase.hwm).padStart(5),
      `  ${uploads}`,
    ].join(' '),
  );
}
for (const phase of phases.filter((p) => p.errors.length)) {
  const kinds = new Map<string, number>();
  for (const error of phase.errors) kinds.set(error, (kinds.get(error) ?? 0) + 1);
  console.log(`\n${phase.name}: the stream's errors were ${[...kinds].map(([kind, count]) => `${kind} × ${count}`).join(', ')}`);
}
console.log('\nEach phase runs in a fresh API process, warmed up first (one small upload, 2 s of the stream).');
