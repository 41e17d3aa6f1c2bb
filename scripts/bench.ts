// `npm run bench`: throughput and latency of the API as a ratio to a hello-world Fastify
// measured in the same run, on the same machine (figures from different machines or
// runs are not comparable; ratios are). It reports, it never fails the build.
//
// The API measured is the built one (`backend/dist`, as `npm start` runs it), with the
// production defaults for logs (LOG_LEVEL and REQUEST_LOG_LEVEL info) unless BENCH_LOG_LEVEL says.
// Options (environment): BENCH_DURATION (seconds per target, default 8),
// BENCH_CONNECTIONS (default 50), BENCH_DATABASE_URL (default a fresh SQLite file),
// BENCH_REDIS_URL (default in-process), BENCH_SCALE_SERVICES (services added with
// `seed:scale` before the run, default 0: the demo catalogue only), BENCH_CPU_PROF (a folder:
// instead of the table, CPU profiles of health, categories and warm search under load, and
// where their time went), BENCH_ONLY (a comma-separated list of health, search, bookings, live,
// webhooks: only those targets, after the baseline; such runs are compared with runs of the same list).
// Search is measured warm (one query, served from the cache) at full load, and cold (every
// request a new query, so no answer is cached) at 200 requests/s, once with autocannon's
// rate limit (which sends each second's requests in one burst) and once evenly paced.
// Cold means no cached answer: each process still keeps the candidate sets of recent
// words and the cards of services it showed, which is what makes a new query cheap.
// Message fan-out: BENCH_LIVE_STREAMS live streams on the API process (default 1,000), messages
// written to their members at BENCH_LIVE_RATE per second (default 50), send → event latency.
// Each run is saved as JSON with its commit in backend/.tmp/bench-runs/ and compared with the
// latest saved run of the same setup; the table gives each goal of the issue and its verdict.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { get, type IncomingMessage } from 'node:http';
import { bookingFixture } from './bench/bookings-fixture';
import { liveFixture } from './bench/live-fixture';
import { webhookFixture } from './bench/webhook-fixture';
import { breakdown, printBreakdown, type Profile } from './bench/cpu-profile';
import { createDb } from '../backend/src/platform/db/client';
import { gitCommit, previousRun, printTable, saveRun, type SavedRun } from './bench/saved-runs';
import { freePort, waitFor } from './lib/local-server';

const root = join(import.meta.dirname, '..');
const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const profileDir = process.env.BENCH_CPU_PROF;
const GROUPS = ['health', 'search', 'bookings', 'live', 'webhooks'] as const;
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of only) {
  if (!(GROUPS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: ${name} is not one of ${GROUPS.join(', ')}`);
}
const runs = (group: (typeof GROUPS)[number]) => only.length === 0 || only.includes(group);

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** What the answers were, when they are not all 2xx by design (booking under contention). */
  note?: string;
}

async function measure(
  name: string,
  url: string,
  opts: { overallRate?: number; vary?: (n: number) => string; headers?: Record<string, string> } = {},
): Promise<Figures> {
  let n = 0;
  // Each request gets its own path when `vary` is given (distinct queries: a cold cache).
  const requests = opts.vary ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: opts.vary!(n++) }) }] : undefined;
  // A short warm-up fills caches and JIT before the measured run.
  const { headers } = opts;
  await autocannon({ url, connections, duration: 2, overallRate: opts.overallRate, requests, headers });
  const result = await autocannon({ url, connections, duration, overallRate: opts.overallRate, requests, headers });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * The same cold queries sent evenly, one every 1000/rate ms over keep-alive connections.
 * autocannon's rate limit lets each connection send its share at the start of every second,
 * so its "200/s" arrives as one burst of 200 requests per second: both are reported.
 */
async function paced(name: string, base: string, rate: number, vary: (n: number) => string, start: number): Promise<Figures> {
  // The same 2-second warm-up as the autocannon runs, at the same rate, not recorded.
  await sendPaced(base, rate, 2, vary, start);
  return sendPaced(base, rate, duration, vary, start + rate * 2, name);
}

async function sendPaced(
  base: string,
  rate: number,
  seconds: number,
  vary: (n: number) => string,
  start: number,
  name = '',
): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      fetch(`${base}${vary(start + i)}`)
        .then(async (res) => {
          await res.arrayBuffer();
          if (!res.ok) errors++;
          latencies.push(performance.now() - sent);
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name, rps: latencies.length / ((performance.now() - began) / 1000), p50: at(0.5), p99: at(0.99), errors };
}

const HELLO = `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });`;

/**
 * Bookings: the slot list of a provider with a full month of bookings (warm, full load), and
 * booking requests under contention: every request asks one of five providers for one of
 * their next 20 starts, so after the first few all are refused (409) — the cost measured is
 * that of the check, the lock and the refusal. 5xx or timeouts count as errors.
 */
async function bookingBenchmarks(base: string, databaseUrl: string): Promise<Figures[]> {
  const fixture = await bookingFixture(databaseUrl);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const figures: Figures[] = [];
  figures.push(
    await measure('slots, month fully booked, 7 days', `${base}/api/services/${fixture.busyServiceId}/slots?from=${day(1)}&to=${day(7)}`),
  );
  // The latency target is for a client's wait at a realistic rate, not at saturation (where
  // p99 is the queue of 50 connections): a week of the busy month, starting on a different day each time.
  const week = (n: number) => `/api/services/${fixture.busyServiceId}/slots?from=${day(1 + (n % 20))}&to=${day(7 + (n % 20))}`;
  figures.push(await paced('slots, fully booked, paced @100/s', base, 100, week, 0));
  const targets: { serviceId: string; startAt: string }[] = [];
  for (const serviceId of fixture.freeServiceIds) {
    const res = await fetch(`${base}/api/services/${serviceId}/slots?from=${day(1)}&to=${day(2)}`);
    const { slots } = (await res.json()) as { slots: string[] };
    for (const startAt of slots.slice(0, 20)) targets.push({ serviceId, startAt });
  }
  let n = 0;
  const result = await autocannon({
    url: `${base}/api/bookings`,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const session = fixture.sessions[n % fixture.sessions.length]!;
          const target = targets[n++ % targets.length]!;
          return {
            ...req,
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
            body: JSON.stringify({ ...target, address: '1 rue du Banc, Casablanca', latitude: 33.59, longitude: -7.61 }),
          };
        },
      },
    ],
  });
  const codes = result as unknown as Record<'2xx' | '4xx' | '5xx', number>;
  figures.push({
    name: 'booking requests under contention',
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: codes['5xx'] + result.errors + result.timeouts,
    note: `${codes['2xx']} booked, ${codes['4xx']} refused (409), ${targets.length} starts on offer`,
  });
  return figures;
}

/**
 * Message fan-out: BENCH_LIVE_STREAMS (default 1,000) members each hold a live stream
 * (`GET /api/me/events`) on the API process; their provider writes to one of them after
 * another, paced at BENCH_LIVE_RATE messages/s (default 50). The latency is from the send
 * to the message event on the reader's stream; a message not received 10 s after the last
 * send, or received twice, is an error.
 */
async function fanOutBenchmark(base: string, databaseUrl: string): Promise<Figures> {
  const streams = Number(process.env.BENCH_LIVE_STREAMS ?? 1_000);
  const rate = Number(process.env.BENCH_LIVE_RATE ?? 50);
  const fixture = await liveFixture(databaseUrl, { members: streams });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let duplicates = 0;
  const received = new Set<string>();
  const open: IncomingMessage[] = [];
  const onMessage = (data: string) => {
    const body = (JSON.parse(data) as { message: { body: string } }).message.body;
    const at = sentAt.get(body);
    if (at === undefined) return;
    if (received.has(body)) duplicates++;
    else latencies.push(performance.now() - at);
    received.add(body);
  };
  // Every stream opened (its first id received) before the first message.
  await Promise.all(
    fixture.members.map(
      (member) =>
        new Promise<void>((resolve, reject) => {
          get(`${base}/api/me/events`, { headers: { cookie: member.cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`stream refused: ${res.statusCode}`));
            open.push(res);
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                end = buffer.indexOf('\n\n');
                if (block.startsWith('retry:')) resolve();
                if (!block.includes('event: message')) continue;
                const data = block.split('\n').find((line) => line.startsWith('data: '));
                if (data) onMessage(data.slice(6));
              }
            });
          }).on('error', reject);
        }),
    ),
  );
  const headers = { 'content-type': 'application/json', cookie: fixture.provider.cookie, 'x-csrf-token': fixture.provider.csrf };
  const total = rate * duration;
  let failedSends = 0;
  const pending: Promise<void>[] = [];
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = began + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const member = fixture.members[i % fixture.members.length]!;
    const body = `bench message ${i}`;
    sentAt.set(body, performance.now());
    pending.push(
      fetch(`${base}/api/bookings/${member.bookingId}/messages`, { method: 'POST', headers, body: JSON.stringify({ body }) })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 201) failedSends++;
        })
        .catch(() => {
          failedSends++;
        }),
    );
  }
  await Promise.all(pending);
  for (let waited = 0; received.size < total && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  const elapsed = (performance.now() - began) / 1000;
  for (const res of open) res.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    name: `message fan-out, ${streams} streams @${rate}/s`,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors: failedSends + (total - received.size) + duplicates,
    note: `${received.size}/${total} delivered, ${duplicates} twice; latency from send to the reader's event`,
  };
}

const WEBHOOK_SECRET = 'whsec_bench_local';

/** Waits until a server answers anything at all (the local Stripe server has no health route). */
async function listening(url: string, child: ChildProcess): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not start`);
}

/**
 * Stripe's webhook under load: BENCH_WEBHOOK_EVENTS signed `payment_intent.succeeded` events
 * (default 3,000), one in ten delivered twice, over 50 connections; each applied from the
 * local Stripe server's state. Events per second are deliveries answered (each event stored
 * for good) per second; the note gives when the last was applied, and checks one effect per
 * event (a stored event, a capture in the ledger, a captured payment and one notice to the
 * client each).
 */
async function webhookBenchmark(base: string, databaseUrl: string, stripeUrl: string): Promise<Figures> {
  const fixture = await webhookFixture(databaseUrl, {
    stripeUrl,
    webhookSecret: WEBHOOK_SECRET,
    count: Number(process.env.BENCH_WEBHOOK_EVENTS ?? 3_000),
  });
  let n = 0;
  const began = performance.now();
  const result = await autocannon({
    url: `${base}/api/webhooks/stripe`,
    connections,
    amount: fixture.deliveries.length,
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const delivery = fixture.deliveries[n++ % fixture.deliveries.length]!;
          return {
            ...req,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': delivery.header },
            body: delivery.payload,
          };
        },
      },
    ],
  });
  const elapsed = (performance.now() - began) / 1000;
  // Every event is stored when its answer comes; applying goes on behind (the API process
  // runs the job runner too): wait for the last one, then count the effects.
  let effects = await fixture.effects();
  for (let waited = 0; effects.captured < fixture.events && waited < 300; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    effects = await fixture.effects();
  }
  const applied = (performance.now() - began) / 1000;
  const wrong = [effects.events, effects.captures, effects.captured, effects.notices].filter((x) => x !== fixture.events).length;
  return {
    name: 'Stripe webhooks, 10% redelivered',
    rps: fixture.deliveries.length / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + wrong,
    note:
      `${fixture.deliveries.length} deliveries of ${fixture.events} events, all applied ${applied.toFixed(1)} s after the first ` +
      `(${(fixture.events / applied).toFixed(0)} events/s); stored ${effects.events}, ` +
      `captures posted ${effects.captures}, payments captured ${effects.captured}, client notices ${effects.notices}`,
  };
}

/** The goals, per target (by the start of its name): reported, never enforced. */
const TARGETS: { name: string; describe: string; met: (f: Figures, baseline: number) => boolean }[] = [
  { name: 'search q + 2 filters, warm', describe: '≥ 25% of hello-world', met: (f, baseline) => f.rps / baseline >= 0.25 },
  { name: 'search q + 2 filters, cold', describe: 'p99 < 50 ms, no error', met: (f) => f.p99 < 50 },
  { name: '  same, evenly paced', describe: 'p99 < 50 ms, no error', met: (f) => f.p99 < 50 },
  // At a client's realistic rate; the saturated line above it is throughput only.
  { name: 'slots, fully booked, paced', describe: 'p99 < 20 ms, no error', met: (f) => f.p99 < 20 },
  { name: 'message fan-out', describe: 'p99 < 100 ms, none lost or twice', met: (f) => f.p99 < 100 },
  { name: 'Stripe webhooks', describe: '≥ 1,000 events/s, one effect each', met: (f) => f.rps >= 1000 },
];
/** A goal is met by a run that answered, without errors. */
const meets = (goal: (typeof TARGETS)[number], f: Figures, baseline: number) => f.rps > 0 && f.errors === 0 && goal.met(f, baseline);

interface Setup {
  database: string;
  redis: string;
  services: number;
  connections: number;
  durationSeconds: number;
  /** BENCH_ONLY's list, when the run was partial. */
  only?: string[];
}

/** The API process's resident memory now and at its peak, in MiB (Linux: /proc/<pid>/status). */
interface Memory {
  rssMiB: number;
  peakRssMiB: number;
}

function memoryOf(pid: number | undefined): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

// Saved runs stay on the machine that made them (figures from different machines are not comparable).
const runsDir = join(root, 'backend/.tmp/bench-runs');

function databaseKind(url: string | undefined): string {
  return url?.startsWith('postgres') ? 'postgresql' : 'sqlite';
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(0)}`;

const children: ChildProcess[] = [];

/** The built API (`backend/dist`, as `npm start` runs it), with the given extra Node flags. */
async function startApi(port: number, databaseUrl: string, nodeArgs: string[] = [], stripeUrl?: string): Promise<ChildProcess> {
  const api = start(process.execPath, [...nodeArgs, join(root, 'backend/dist/server.js')], {
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    SERVE_FRONTEND: 'false',
    DATABASE_URL: databaseUrl,
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, MOCK_REDIS: 'false' } : { MOCK_REDIS: 'true' }),
    // The benchmark measures serving, not the limiter refusing the load generator.
    RATE_LIMIT_MAX: '100000000',
    // Card payments against the local Stripe server (the webhook target).
    ...(stripeUrl ? { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripeUrl } : {}),
  });
  children.push(api);
  await waitFor(`http://127.0.0.1:${port}/health/ready`, api);
  return api;
}

/**
 * BENCH_CPU_PROF=<dir>: each of these targets again under full load in an API process of its
 * own started with `--cpu-prof`, and where that process's CPU time went.
 */
async function profileTargets(databaseUrl: string, dir: string, targets: [string, string][]): Promise<void> {
  for (const [name, path] of targets) {
    const port = await freePort();
    const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const api = await startApi(port, databaseUrl, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${slug}.cpuprofile`]);
    const figures = await measure(name, `http://127.0.0.1:${port}${path}`);
    const exited = new Promise((resolve) => api.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
    const profile = JSON.parse(readFileSync(join(dir, `${slug}.cpuprofile`), 'utf8')) as Profile;
    // The measured run only: not the start-up, the warm-up or the shutdown.
    const title = `CPU profile of the API under load, ${name} (${figures.rps.toFixed(0)} req/s, p99 ${figures.p99} ms)`;
    printBreakdown(title, breakdown(profile, { lastMs: duration * 1000 - 500 }));
  }
}
/**
 * Waits (up to 5 minutes) until the API process has run the jobs and sent the mail that are
 * due, so that work left by an earlier run on the same database (the notices of its payments,
 * say) is not done during this run's measurements. Returns what was waited for.
 */
async function drainedOutbox(databaseUrl: string): Promise<{ waitedSeconds: number; queued: number; left: number }> {
  const { db } = createDb({ databaseUrl });
  const due = () => db.outboxMessage.count({ where: { status: 'pending', nextAttemptAt: { lte: new Date() } } });
  const began = performance.now();
  try {
    const queued = await due();
    let left = queued;
    while (left > 0 && performance.now() - began < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      left = await due();
    }
    return { waitedSeconds: (performance.now() - began) / 1000, queued, left };
  } finally {
    await db.$disconnect();
  }
}

/** A hello-world Fastify in a process of its own, measured as the API is. */
async function helloWorld(): Promise<Figures> {
  const helloPort = await freePort();
  const hello = start(process.execPath, ['--input-type=module', '-e', HELLO], { PORT: String(helloPort) });
  children.push(hello);
  try {
    await waitFor(`http://127.0.0.1:${helloPort}/`, hello);
    return await measure('hello-world Fastify', `http://127.0.0.1:${helloPort}/`);
  } finally {
    hello.kill('SIGTERM');
  }
}

const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('exit', stopAll);

const results: Figures[] = [];
let memory: Memory | null = null;
try {
  const apiPort = await freePort();
  const dbFile = join(root, 'backend/.tmp/bench.db');
  rmSync(dbFile, { force: true });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `file:${dbFile}`;
  const scale = Number(process.env.BENCH_SCALE_SERVICES ?? 0);
  if (scale > 0) {
    const tsx = join(root, 'node_modules/.bin/tsx');
    for (const args of [
      ['backend/scripts/db-migrate.ts', 'deploy'],
      ['backend/scripts/seed-scale.ts', '--services', String(scale)],
    ]) {
      const run = spawn(tsx, args, {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const code = await new Promise((resolve) => run.on('close', resolve));
      if (code !== 0) throw new Error(`${args[0]} failed`);
    }
  }
  if (profileDir) {
    await profileTargets(databaseUrl, profileDir, [
      ['GET /health/live', '/health/live'],
      ['GET /api/categories', '/api/categories'],
      ['search q + 2 filters, warm cache', '/api/search/services?q=plomberie&city=casablanca&priceModel=fixed'],
    ]);
    process.exit(0);
  }
  const helloBefore = await helloWorld();
  results.push({ ...helloBefore, name: 'hello-world Fastify (baseline)' });

  // The local Stripe server, a process of its own (as Stripe is): it posts no webhook, the benchmark does.
  const stripePort = await freePort();
  const stripeUrl = `http://127.0.0.1:${stripePort}`;
  const localStripe = start(
    join(root, 'node_modules/.bin/tsx'),
    ['backend/scripts/stripe-local.ts', '--port', String(stripePort), '--webhook-url', 'none'],
    {
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  );
  children.push(localStripe);
  await listening(stripeUrl, localStripe);
  const api = await startApi(apiPort, databaseUrl, [], stripeUrl);
  const drained = await drainedOutbox(databaseUrl);
  if (drained.queued > 0) {
    console.log(
      `waited ${drained.waitedSeconds.toFixed(0)} s for ${drained.queued} due jobs and messages left by an earlier run` +
        (drained.left > 0 ? ` (${drained.left} still due: the figures below include their cost)` : ''),
    );
  }
  if (runs('health')) {
    results.push(await measure('GET /health/live', `http://127.0.0.1:${apiPort}/health/live`));
    results.push(await measure('GET /api/categories', `http://127.0.0.1:${apiPort}/api/categories`));
  }
  if (runs('search')) {
    const search = `http://127.0.0.1:${apiPort}/api/search/services`;
    const warm = `${search}?q=plomberie&city=casablanca&priceModel=fixed`;
    results.push(await measure('search q + 2 filters, warm cache', warm));
    // As browsers ask for it: the compressed answer, stored compressed.
    results.push(await measure('search q + 2 filters, warm, gzip', warm, { headers: { 'accept-encoding': 'gzip, deflate, br' } }));
    results.push(await measure('suggestions, warm cache', `http://127.0.0.1:${apiPort}/api/search/suggestions?q=plomb`));
    const words = ['plomberie', 'menage', 'electricite', 'peinture', 'سباكة', 'تنظيف', 'cleaning', 'tutoring', 'climatisation', 'henne'];
    const cities = ['casablanca', 'rabat', 'marrakech', 'fes', 'tangier', 'agadir', 'meknes', 'oujda'];
    const cold = (n: number) =>
      `/api/search/services?q=${encodeURIComponent(words[n % words.length]!)}&city=${cities[(n >> 3) % cities.length]}&priceMax=${20_000 + n}`;
    results.push(await measure('search q + 2 filters, cold cache @200/s', search, { overallRate: 200, vary: cold }));
    // Far from the queries above: none of these answers is cached yet.
    results.push(await paced('  same, evenly paced @200/s', `http://127.0.0.1:${apiPort}`, 200, cold, 1_000_000));
    // What the search caches cost the process once every query above has run.
    memory = memoryOf(api.pid);
  }
  // The baseline again, after the targets measured against it: this machine's pace drifts
  // (hello-world alone has gone from 30,000 to 64,000 req/s between two runs), and the
  // ratios use the mean of both.
  if (runs('health') || runs('search')) {
    const helloAfter = await helloWorld();
    results[0] = {
      ...results[0]!,
      rps: (helloBefore.rps + helloAfter.rps) / 2,
      p99: Math.max(helloBefore.p99, helloAfter.p99),
      note: `mean of ${helloBefore.rps.toFixed(0)} req/s before the API's targets and ${helloAfter.rps.toFixed(0)} after them`,
    };
  }
  if (runs('bookings')) results.push(...(await bookingBenchmarks(`http://127.0.0.1:${apiPort}`, databaseUrl)));
  if (runs('live')) results.push(await fanOutBenchmark(`http://127.0.0.1:${apiPort}`, databaseUrl));
  if (runs('webhooks')) results.push(await webhookBenchmark(`http://127.0.0.1:${apiPort}`, databaseUrl, stripeUrl));
} finally {
  stopAll();
}

const baseline = results[0]!.rps;
const setup: Setup = {
  database: databaseKind(process.env.BENCH_DATABASE_URL),
  redis: process.env.BENCH_REDIS_URL ? 'server' : 'in-process',
  services: Number(process.env.BENCH_SCALE_SERVICES ?? 0),
  connections,
  durationSeconds: duration,
  ...(only.length > 0 ? { only } : {}),
};
const run: SavedRun<Setup, Figures> = { commit: gitCommit(root), date: new Date().toISOString(), setup, results, memory };
const previous = previousRun<Setup, Figures>(runsDir, setup);
const file = saveRun(runsDir, run);

console.log(`\n${connections} connections, ${duration} s per target, load generator on the same machine`);
console.log(
  previous
    ? `compared with the run of ${previous.date} at ${previous.commit} (${previous.file})`
    : 'no earlier run with the same setup to compare with',
);
const rows = results.map((r) => {
  const before = previous?.results.find((p) => p.name === r.name);
  const beforeBaseline = previous?.results[0]?.rps;
  const goal = TARGETS.find((t) => r.name.startsWith(t.name));
  const change =
    before && beforeBaseline ? `${signed((r.rps / baseline - before.rps / beforeBaseline) * 100)} pt, p99 ${before.p99} → ${r.p99}` : '';
  return [
    r.name,
    r.rps.toFixed(0),
    `${((r.rps / baseline) * 100).toFixed(0)}%`,
    String(r.p50),
    String(r.p99),
    String(r.errors),
    change,
    goal?.describe ?? '',
    goal ? (meets(goal, r, baseline) ? 'met' : 'NOT met') : '',
    r.note ?? '',
  ];
});
printTable(
  ['target', 'req/s', 'ratio', 'p50 ms', 'p99 ms', 'errors', 'against the previous run', 'goal', 'verdict', ''],
  rows,
  new Set([1, 2, 3, 4, 5]),
);
if (memory) {
  const before = previous?.memory ? ` (previous run: ${previous.memory.rssMiB} MiB, peak ${previous.memory.peakRssMiB} MiB)` : '';
  console.log(`\nAPI process after the search targets: ${memory.rssMiB} MiB resident, peak ${memory.peakRssMiB} MiB${before}`);
}
console.log(`\nsaved to ${file}`);
if (setup.database !== 'postgresql' || setup.services < 100_000) {
  console.log('(the goals are set for 100,000 services on PostgreSQL: BENCH_SCALE_SERVICES=100000 BENCH_DATABASE_URL=postgresql://…)');
}
