// `npm run cluster`: many processes, one truth. Two API processes (each started with
// `npm run start`, as an operator would) and one worker on one PostgreSQL and one Redis,
// behind HAProxy (Debian's package), all on spare loopback ports. It shows, and fails
// unless:
//   - a session made on one API process works on the other;
//   - the per-IP rate limit is counted once across both;
//   - a search cache invalidated by a change on one process is seen by the other;
//   - every queued job runs once (its verification mail arrives once, none is left);
//   - a rolling restart (SIGTERM to one `npm run start`, start it again, then the other)
//     under a steady load through HAProxy loses no request (0 failed answers) and no job;
//   - a member's live stream held through HAProxy across that restart (ended by each drained
//     process, resumed on the other with Last-Event-ID) gets every message sent meanwhile, once.
// Needs: haproxy, initdb/pg_ctl (/usr/lib/postgresql/*/bin), redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figuresOf, formatFailed, postJson, request, SteadyLoad } from './chaos/load';
import { LiveReader } from './chaos/live';
import { NodeProcess, platformEnvironment } from './chaos/platform';
import { Cleanup, freePort, now, run, sleep, waitUntil } from './chaos/processes';
import { startReceivers } from './chaos/receivers';
import { startPostgres, startRedis } from './chaos/services';

const root = join(import.meta.dirname, '..');
const log = (message: string) => console.log(`[cluster ${(now() / 1000).toFixed(1).padStart(6)} s] ${message}`);
const cleanup = new Cleanup();
cleanup.installSignalHandlers();

/** The per-IP limit of the run: low enough to reach, the load spreads its requests over many addresses. */
const RATE_LIMIT_MAX = 40;
/** SIGTERM → readiness fails this long → close. HAProxy sees it in ~1 s (300 ms × fall 3). */
const DRAIN_MS = 2_000;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const checks: Check[] = [];
const check = (name: string, ok: boolean, detail: string) => {
  checks.push({ name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
};

/** An API process started as `npm run start` in its own process group; SIGTERM goes to npm alone. */
class NpmApi {
  private child: ChildProcess | null = null;
  starts = 0;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {
    cleanup.add({ name, run: () => this.kill(), runSync: () => this.killGroupSync() });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    this.starts++;
    const out = createWriteStream(this.logFile, { flags: 'a' });
    out.write(`\n--- ${this.name} start #${this.starts} ---\n`);
    const child = spawn('npm', ['run', 'start', '--silent'], {
      cwd: root,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    this.child = child;
  }

  async ready(timeoutMs = 60_000): Promise<number> {
    const took = await waitUntil(async () => {
      if (this.child?.exitCode !== null) throw new Error(`${this.name} exited`);
      return (await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
    }, timeoutMs);
    if (took === null) throw new Error(`${this.name} did not become ready`);
    return took;
  }

  /**
   * SIGTERM to `npm` only (not its group): the server must get it through npm. Resolves with
   * npm's exit code and whether anything of the group was left running (an orphaned node).
   */
  async terminate(): Promise<{ code: number | null; orphaned: boolean; ms: number }> {
    const child = this.child!;
    const started = now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(30_000).then(() => -1)]);
    const groupGone = await waitUntil(() => !groupAlive(child.pid!), 5_000, 100);
    return { code, orphaned: groupGone === null, ms: Math.round(now() - started) };
  }

  private async kill(): Promise<void> {
    this.killGroupSync();
  }

  private killGroupSync(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** HAProxy in the foreground with an admin socket, health-checking both API processes. */
async function startHaproxy(dir: string, port: number, apis: NpmApi[]) {
  const socket = join(dir, 'haproxy.sock');
  const config = [
    'global',
    `  stats socket ${socket} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 10s',
    // Live event streams stay open for as long as the page: the heartbeat (25 s) keeps them
    // inside the server and client timeouts, and the tunnel timeout bounds an upgraded or
    // streaming connection once both sides are established.
    '  timeout tunnel 1h',
    // A readiness check may take a while on a loaded machine: slow is not down.
    '  timeout check 3s',
    // The API trusts proxies on the private network for the client address.
    '  option forwardfor',
    // A connection refused or closed before any answer (a process going away) is retried on
    // the other server; nothing was processed, so even a POST is safe to send again.
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    'frontend fe',
    `  bind 127.0.0.1:${port}`,
    '  default_backend api',
    'backend api',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 300ms fastinter 200ms downinter 300ms fall 3 rise 2',
    ...apis.map((api) => `  server ${api.name} 127.0.0.1:${api.port} check`),
    '',
  ].join('\n');
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  await run('haproxy', ['-c', '-q', '-f', file]);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  cleanup.add({ name: 'HAProxy', run: () => void child.kill('SIGKILL'), runSync: () => child.kill('SIGKILL') });
  const up = await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/health/live`)).ok, 15_000, 100);
  if (up === null) throw new Error(`HAProxy did not answer: ${stderr}`);
  /** HAProxy's view of a server: UP, DOWN, … (runtime API `show stat`). */
  const state = async (server: string): Promise<string> => {
    const csv = await adminCommand(socket, 'show stat');
    const line = csv.split('\n').find((l) => l.startsWith(`api,${server},`));
    return line?.split(',')[17] ?? 'unknown';
  };
  return { state, stderr: () => stderr };
}

function adminCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let out = '';
    conn.on('data', (d) => (out += d.toString()));
    conn.on('end', () => resolve(out));
    conn.on('error', reject);
    conn.write(`${command}\n`);
  });
}

/** psql against the run's PostgreSQL: one value. */
async function sql(url: string, query: string): Promise<string> {
  const bin = ['/usr/lib/postgresql/15/bin/psql', 'psql'].find((p) => p === 'psql' || existsSync(p))!;
  return (await run(bin, ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', query])).trim();
}

const logFiles: string[] = [];
function printLogTails(): void {
  for (const file of logFiles) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/"msg":"(incoming request|request completed)"/.test(l));
    console.error(`\n[cluster] last lines of ${file.split('/').pop()}:\n${lines.slice(-25).join('\n')}`);
  }
}

const ip = (n: number) => `203.0.113.${n}`;
let phones = 0;
const signUpBody = (email: string) => ({
  role: 'client',
  name: 'Cluster Member',
  email,
  phone: `+2126${String(20_000_000 + ++phones * 7).slice(0, 8)}`,
  password: 'cluster member password 0123',
  locale: 'fr',
});

async function main(): Promise<void> {
  if (!existsSync(join(root, 'backend/dist/server.js')) || !existsSync(join(root, 'frontend/dist/index.html'))) {
    log('built platform missing: npm run build');
    await run('npm', ['run', 'build'], { cwd: root, timeoutMs: 600_000 });
  }
  const dir = mkdtempSync(join(tmpdir(), 'khadamat-cluster-'));
  await chmod(dir, 0o755);
  cleanup.add({ name: 'temp folder', run: () => rmSync(dir, { recursive: true, force: true }) });
  const receivers = await startReceivers();
  cleanup.add({ name: 'receivers', run: () => receivers.close() });
  const [postgres, redis] = await Promise.all([
    startPostgres({ dir: join(dir, 'pg'), cleanup }),
    startRedis({ dir: join(dir, 'redis'), cleanup }),
  ]);
  log(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}, SMTP on ${receivers.smtpPort}`);

  const [port1, port2, lbPort] = [await freePort(), await freePort(), await freePort()];
  const base = (port: number) => ({
    ...platformEnvironment({
      port,
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      smtpPort: receivers.smtpPort,
      smsBaseUrl: receivers.smsBaseUrl,
      uploadDir: join(dir, 'uploads'),
    }),
    RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    LOG_LEVEL: 'info',
  });
  await run('npm', ['run', 'db:migrate'], { cwd: root, env: { ...process.env, DATABASE_URL: postgres.url } });
  await run(join(root, 'node_modules/.bin/tsx'), ['scripts/seed.ts', '--no-photos'], { cwd: join(root, 'backend'), env: base(port1) });
  log('database migrated and seeded');

  const api1 = new NpmApi('api1', port1, base(port1), join(dir, 'api1.log'));
  const api2 = new NpmApi('api2', port2, base(port2), join(dir, 'api2.log'));
  logFiles.push(join(dir, 'api1.log'), join(dir, 'api2.log'), join(dir, 'worker.log'));
  const worker = new NodeProcess(
    'worker',
    'dist/worker.js',
    { ...base(port1), LOG_LEVEL: 'info' },
    join(dir, 'worker.log'),
    cleanup,
    /worker started/,
  );
  api1.start();
  api2.start();
  worker.start();
  await Promise.all([api1.ready(), api2.ready()]);
  const lb = await startHaproxy(dir, lbPort, [api1, api2]);
  const lbUrl = `http://127.0.0.1:${lbPort}`;
  await waitUntil(async () => (await lb.state('api1')) === 'UP' && (await lb.state('api2')) === 'UP', 10_000, 100);
  log(`api1 :${port1}, api2 :${port2}, worker, HAProxy :${lbPort} (api1 ${await lb.state('api1')}, api2 ${await lb.state('api2')})`);

  // ── a session made on one process works on the other ──
  const member = signUpBody(`cluster-session-${Date.now()}@example.test`);
  const made = await request(`${api1.baseUrl}/api/auth/sign-up`, postJson(member, { 'x-forwarded-for': ip(1) }));
  const signedIn = await fetch(
    `${api1.baseUrl}/api/auth/sign-in`,
    postJson({ email: member.email, password: member.password }, { 'x-forwarded-for': ip(1) }),
  );
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const memberCsrf = ((await signedIn.json()) as { csrfToken?: string }).csrfToken ?? '';
  const onOther = await request(`${api2.baseUrl}/api/auth/session`, { headers: { cookie } });
  const otherEmail = (onOther.body as { user?: { email?: string } } | null)?.user?.email;
  check(
    'a session made on api1 works on api2',
    made.status === 202 && signedIn.status === 200 && onOther.status === 200 && otherEmail === member.email,
    `sign-up ${made.status}, sign-in on api1 ${signedIn.status}, GET /api/auth/session on api2 ${onOther.status} (${otherEmail ?? 'no user'})`,
  );

  // ── the per-IP limit is counted once across both processes ──
  const sent = RATE_LIMIT_MAX + 20;
  const statuses: number[] = [];
  for (let i = 0; i < sent; i++) {
    const target = i % 2 === 0 ? api1 : api2;
    statuses.push((await request(`${target.baseUrl}/api/categories`, { headers: { 'x-forwarded-for': ip(77) } })).status);
  }
  const allowed = statuses.filter((s) => s === 200).length;
  const limited = statuses.filter((s) => s === 429).length;
  check(
    'the rate limit is counted once across both processes',
    allowed === RATE_LIMIT_MAX && limited === sent - RATE_LIMIT_MAX,
    `${sent} requests from one address alternating api1/api2: ${allowed} × 200, ${limited} × 429 (limit ${RATE_LIMIT_MAX})`,
  );

  // ── a search cache invalidation on one process is seen by the other ──
  const word = `grappe${Date.now().toString(36)}`;
  const search = async () =>
    (
      (await request(`${api2.baseUrl}/api/search/services?q=${word}`, { headers: { 'x-forwarded-for': ip(2) } })).body as {
        results?: unknown[];
      } | null
    )?.results?.length ?? -1;
  const before = await search();
  const beforeAgain = await search(); // now cached on api2 and in Redis
  const provider = signUpBody(`cluster-provider-${Date.now()}@example.test`);
  await request(`${api1.baseUrl}/api/auth/sign-up`, postJson({ ...provider, role: 'provider' }, { 'x-forwarded-for': ip(3) }));
  // Proven address, phone and identity (the mail, SMS and KYC flows are not what this run is
  // about): a provider sells only once verified.
  await sql(postgres.url, `UPDATE "User" SET "emailVerifiedAt" = now(), "phoneVerifiedAt" = now() WHERE email = '${provider.email}'`);
  await sql(
    postgres.url,
    `UPDATE "ProviderProfile" SET "kycStatus" = 'verified' WHERE "userId" = (SELECT id FROM "User" WHERE email = '${provider.email}')`,
  );
  const providerIn = await fetch(
    `${api1.baseUrl}/api/auth/sign-in`,
    postJson({ email: provider.email, password: provider.password }, { 'x-forwarded-for': ip(3) }),
  );
  const providerState = (await providerIn.json()) as { csrfToken: string };
  const providerHeaders = {
    cookie: (providerIn.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': providerState.csrfToken,
    'x-forwarded-for': ip(3),
  };
  const categoryId = await sql(postgres.url, `SELECT id FROM "Category" WHERE slug = 'leak-repair'`);
  const cityId = await sql(postgres.url, `SELECT id FROM "City" WHERE slug = 'rabat'`);
  const created = await request(
    `${api1.baseUrl}/api/me/services`,
    postJson(
      {
        categoryId,
        cityId,
        title: `Réparation ${word}`,
        description: 'Service créé par la vérification multi-processus',
        priceModel: 'fixed',
        priceMinor: 30_000,
        durationMinutes: 60,
      },
      providerHeaders,
    ),
  );
  const serviceId = (created.body as { id?: string } | null)?.id;
  const published = await request(`${api1.baseUrl}/api/me/services/${serviceId}/publish`, { method: 'POST', headers: providerHeaders });
  const after = await search();
  check(
    'a search cache invalidation on api1 is seen by api2',
    before === 0 && beforeAgain === 0 && created.status === 201 && published.status === 200 && after === 1,
    `api2 searched "${word}": ${before}, ${beforeAgain} (cached) → service created ${created.status} and published ${published.status} on api1 → api2 finds ${after}`,
  );

  // ── rolling restart under a steady load through HAProxy, with sign-ups queuing jobs ──
  const search0 = await request(`${lbUrl}/api/search/services`, { headers: { 'x-forwarded-for': ip(4) } });
  const serviceSlug = (search0.body as { results?: { slug: string }[] } | null)?.results?.[0]?.slug;
  if (!serviceSlug) throw new Error(`no published service through HAProxy (${search0.status})`);
  const loadUser = signUpBody(`cluster-load-${Date.now()}@example.test`);
  await request(`${lbUrl}/api/auth/sign-up`, postJson(loadUser, { 'x-forwarded-for': ip(5) }));
  // A booking between the member and the provider, and the provider's live stream through HAProxy.
  await sql(postgres.url, `UPDATE "User" SET "emailVerifiedAt" = now(), "phoneVerifiedAt" = now() WHERE email = '${member.email}'`);
  const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  const schedule = await request(`${api1.baseUrl}/api/me/schedule`, {
    method: 'PUT',
    headers: { ...providerHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      timeZone: 'Africa/Casablanca',
      weeklyPlan: week,
      minNoticeMinutes: 0,
      horizonDays: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      responseHours: 24,
      freeCancellationHours: 24,
      lateCancellationFeeBps: 2000,
    }),
  });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const slots = await request(`${api1.baseUrl}/api/services/${serviceId}/slots?from=${day(1)}&to=${day(3)}`, {
    headers: { 'x-forwarded-for': ip(6) },
  });
  const startAt = (slots.body as { slots?: string[] } | null)?.slots?.[0];
  const memberHeaders = { cookie, 'x-csrf-token': memberCsrf };
  const booked = await request(
    `${api1.baseUrl}/api/bookings`,
    postJson(
      { serviceId, startAt, address: '1 rue de la Grappe, Rabat', latitude: 34.02, longitude: -6.83 },
      { ...memberHeaders, 'x-forwarded-for': ip(6) },
    ),
  );
  const bookingId = (booked.body as { ids?: string[] } | null)?.ids?.[0];
  if (schedule.status !== 200 || !bookingId)
    throw new Error(`no booking for the live stream: schedule ${schedule.status}, booking ${booked.status}`);
  // The stream is what this check is about: the provider hears of messages in the app only (no mail per message).
  await request(`${api1.baseUrl}/api/me/notification-preferences`, {
    method: 'PUT',
    headers: { ...providerHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ preferences: [{ event: 'messages', channel: 'email', enabled: false }] }),
  });
  const reader = new LiveReader(`${lbUrl}/api/me/events`, { cookie: providerHeaders.cookie, 'x-forwarded-for': ip(7) });
  cleanup.add({ name: 'live stream', run: () => reader.stop() });
  const messagesSent: string[] = [];
  let messaging = true;
  const messageLoop = (async () => {
    for (let n = 0; messaging; n++) {
      const res = await request(
        `${lbUrl}/api/bookings/${bookingId}/messages`,
        postJson({ body: `message ${n} pendant le redémarrage` }, { ...memberHeaders, 'x-forwarded-for': `198.21.${n >> 8}.${n & 255}` }),
      );
      const id = (res.body as { id?: string } | null)?.id;
      if (res.status === 201 && id) messagesSent.push(id);
      await sleep(1_000);
    }
  })();

  const load = new SteadyLoad(
    { baseUrl: lbUrl, serviceSlug, credentials: { email: loadUser.email, password: loadUser.password } },
    50,
    true,
  );
  cleanup.add({ name: 'steady load', run: () => load.stop() });
  // Sign-ups through HAProxy all along: each queues a job whose mail must arrive once.
  const signUps: { email: string; status: number }[] = [];
  let signingUp = true;
  const signUpLoop = (async () => {
    for (let n = 0; signingUp; n++) {
      const email = `cluster-${n}-${Date.now()}@example.test`;
      const res = await request(
        `${lbUrl}/api/auth/sign-up`,
        postJson(signUpBody(email), { 'x-forwarded-for': `198.20.${n >> 8}.${n & 255}` }),
      );
      signUps.push({ email, status: res.status });
      await sleep(250);
    }
  })();
  const loadStarted = now();
  load.start();
  await sleep(3_000);
  const restarts: string[] = [];
  let groupsClean = true;
  for (const api of [api1, api2]) {
    const stopped = await api.terminate();
    const downSeen = await lb.state(api.name);
    api.start();
    const readyMs = await api.ready();
    const backInRotation = await waitUntil(async () => (await lb.state(api.name)) === 'UP', 15_000, 100);
    groupsClean &&= stopped.code === 0 && !stopped.orphaned;
    restarts.push(
      `${api.name}: npm exited ${stopped.code} ${stopped.ms} ms after SIGTERM${stopped.orphaned ? ' (a process of its group survived)' : ''}, HAProxy saw ${downSeen}, ready again in ${Math.round(readyMs)} ms, back in rotation ${backInRotation === null ? 'never' : `in ${Math.round(backInRotation)} ms`}`,
    );
    log(restarts.at(-1)!);
    await sleep(2_000);
  }
  await sleep(2_000);
  signingUp = false;
  messaging = false;
  await Promise.all([signUpLoop, messageLoop]);
  await load.stop();
  const figures = figuresOf(await load.window(loadStarted, now()));
  const signUpFailures = signUps.filter((s) => s.status !== 202).length;
  check(
    'a rolling restart of both API processes under load loses no request',
    figures.sent > 0 && Object.keys(figures.failed).length === 0 && signUpFailures === 0,
    `${figures.sent} requests through HAProxy (~50/s) + ${signUps.length} sign-ups: failed ${formatFailed(figures.failed)}, sign-ups not 202: ${signUpFailures}; slowest ${Math.round(figures.slowestMs)} ms`,
  );
  check('SIGTERM to `npm run start` reaches the server, which exits cleanly', groupsClean, restarts.map((r) => r.split(',')[0]).join('; '));

  // ── the live stream: every message once, in order, across both drains ──
  await waitUntil(() => new Set(reader.messages).size >= messagesSent.length, 30_000, 100);
  await reader.stop();
  const sentSet = new Set(messagesSent);
  const lost = messagesSent.filter((id) => !reader.messages.includes(id)).length;
  const twice = reader.messages.length - new Set(reader.messages).size;
  const inOrder = reader.messages.filter((id) => sentSet.has(id)).join() === messagesSent.join();
  check(
    'a live stream through HAProxy gets every message once across the rolling restart',
    messagesSent.length > 0 && lost === 0 && twice === 0 && inOrder && reader.ended >= 1,
    `${messagesSent.length} messages sent through HAProxy; the stream got ${reader.messages.length} (missing ${lost}, twice ${twice}, ${inOrder ? 'in order' : 'OUT OF ORDER'}); ended by a drain ${reader.ended} times and resumed with Last-Event-ID (${reader.refused} reconnections refused or broken, retried)`,
  );

  // ── each job runs once: every sign-up's mail arrives once, nothing is left queued ──
  // Not the provider: its address was marked verified behind the API's back, so its
  // verification job rightly finds nothing to send when it runs after that.
  const emails = [member.email, loadUser.email, ...signUps.filter((s) => s.status === 202).map((s) => s.email)];
  const inList = emails.map((e) => `'${e}'`).join(',');
  const drained = await waitUntil(
    // Due work only: the live-stream check's booking rightly waits for its expiry a day ahead.
    async () =>
      Number(await sql(postgres.url, `SELECT COUNT(*) FROM "OutboxMessage" WHERE status = 'pending' AND "nextAttemptAt" <= now()`)) === 0,
    60_000,
    500,
  );
  const queued = Number(
    await sql(postgres.url, `SELECT COUNT(*) FROM "OutboxMessage" WHERE channel = 'email' AND recipient IN (${inList})`),
  );
  const ids = (await sql(postgres.url, `SELECT 'outbox-' || id FROM "OutboxMessage" WHERE channel = 'email' AND recipient IN (${inList})`))
    .split('\n')
    .filter(Boolean);
  const jobs = await sql(
    postgres.url,
    `SELECT status || ':' || COUNT(*) FROM "OutboxMessage" WHERE channel = 'job' GROUP BY status ORDER BY 1`,
  );
  const { sentTwice, missing } = receivers.mail.duplicates(ids);
  const withoutMail = await sql(
    postgres.url,
    `SELECT string_agg(e, ' ') FROM unnest(ARRAY[${inList}]) AS e WHERE NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE recipient = e AND channel = 'email')`,
  );
  if (withoutMail) log(`accepted sign-ups without a queued mail: ${withoutMail}`);
  check(
    'each job runs once and none is lost across three outbox runners',
    drained !== null && queued >= emails.length && missing === 0 && sentTwice === 0 && !/failed/.test(jobs),
    `${emails.length} sign-ups → ${queued} mails queued by their jobs (jobs ${jobs.replace(/\n/g, ', ')}); SMTP received ${ids.length - missing}, missing ${missing}, twice ${sentTwice}; outbox ${drained === null ? 'NOT drained' : 'drained'}`,
  );
  if (!worker.alive) check('the worker stayed up', false, 'the worker exited');
}

const began = now();
let crashed: unknown = null;
try {
  await main();
} catch (error) {
  crashed = error;
  console.error(`[cluster] stopped early: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  if (crashed || checks.some((c) => !c.ok)) printLogTails();
  await cleanup.runAll();
}
console.log('\nmany processes, one truth:');
for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}\n        ${c.detail}`);
const failed = checks.filter((c) => !c.ok).length + (crashed ? 1 : 0);
console.log(`\ntotal ${((now() - began) / 1000).toFixed(0)} s`);
console.log(`cluster: ${checks.length - (failed - (crashed ? 1 : 0))} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
