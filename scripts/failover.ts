// `npm run failover`: the built API under load while its database primary, then its Redis
// primary, is lost and replaced, on existing engines only, all on spare loopback ports.
//   PostgreSQL: a primary and a streaming-replication standby made with pg_basebackup,
//   synchronous (`synchronous_standby_names` + `synchronous_commit = on`: a commit is
//   acknowledged only once the standby has flushed it), behind HAProxy (TCP, the standby as
//   `backup`). The primary is killed (`pg_ctl stop -m immediate`) and the standby promoted
//   (`pg_ctl promote`) while sign-ups keep coming; the API is not restarted. Measured: the
//   seconds until a write succeeds again, and every acknowledged sign-up found afterwards.
//   Redis: a primary, a replica and three sentinels (Debian's redis-sentinel); the API
//   connects through REDIS_SENTINELS. The primary is killed (SIGKILL); the sentinels
//   promote the replica. Measured: seconds until sign-in (which needs Redis) answers again;
//   a session made before still works; the per-IP limit still counts across the failover.
// Needs: initdb/pg_ctl/pg_basebackup (/usr/lib/postgresql/*/bin), haproxy, redis-server,
// redis-sentinel.
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figuresOf, formatFailed, postJson, request, SteadyLoad } from './chaos/load';
import { NodeProcess, platformEnvironment, waitForApi } from './chaos/platform';
import { Cleanup, freePort, now, run, runSyncQuietly, sleep, waitUntil } from './chaos/processes';
import { startReceivers } from './chaos/receivers';
import { asPostgres, postgresBin, redisAnswers } from './chaos/services';

const root = join(import.meta.dirname, '..');
const log = (message: string) => console.log(`[failover ${(now() / 1000).toFixed(1).padStart(6)} s] ${message}`);
const cleanup = new Cleanup();
cleanup.installSignalHandlers();
const isRoot = process.getuid?.() === 0;
const logFiles: string[] = [];

/** Targets: the API answers writes / sign-ins again within these many seconds, without a restart. */
const POSTGRES_RECOVERY_TARGET_S = 15;
const REDIS_RECOVERY_TARGET_S = 15;

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

let phones = 0;
const member = (email: string) => ({
  role: 'client',
  name: 'Failover Member',
  email,
  phone: `+2126${String(30_000_000 + ++phones * 7).slice(0, 8)}`,
  password: 'failover member password 0123',
  locale: 'fr',
});

// ── PostgreSQL: primary + synchronous standby ────────────────────────────────────────────
async function postgresPair(dir: string) {
  const bin = postgresBin();
  mkdirSync(dir, { recursive: true });
  if (isRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).trim());
    chownSync(dir, uid, gid);
  }
  const pg = (tool: string, args: string[]) => run(...asPostgres(join(bin, tool), args), { timeoutMs: 120_000 });
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primary = join(dir, 'primary');
  const standby = join(dir, 'standby');
  const running = new Set<string>();
  const ctl = async (data: string, action: string, extra: string[] = []) => {
    await pg('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-t', '60', ...extra, action]);
    if (action === 'start') running.add(data);
    if (action === 'stop') running.delete(data);
  };
  cleanup.add({
    name: 'PostgreSQL pair',
    run: async () => {
      for (const data of running) await ctl(data, 'stop', ['-m', 'immediate']).catch(() => undefined);
    },
    runSync: () => {
      for (const data of running) runSyncQuietly(...asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']));
    },
  });
  await pg('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--no-locale']);
  const options = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c timezone=UTC`;
  // Synchronous replication to the standby named `standby1`: `on` waits for its flush to
  // disk, so no commit the API acknowledged can be missing from the standby it fails over to.
  writeFileSync(
    join(primary, 'postgresql.auto.conf'),
    [
      'wal_level = replica',
      'max_wal_senders = 5',
      'hot_standby = on',
      "synchronous_standby_names = 'FIRST 1 (standby1)'",
      'synchronous_commit = on',
      '',
    ].join('\n'),
    { flag: 'a' },
  );
  await ctl(primary, 'start', ['-o', options(primaryPort)]);
  await pg('pg_basebackup', [
    '-D',
    standby,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '-d',
    `host=127.0.0.1 port=${primaryPort} user=postgres application_name=standby1`,
  ]);
  // Promoted, the standby must not wait for a standby of its own (it copied the primary's
  // settings): it commits alone until a new standby is attached from it.
  writeFileSync(join(standby, 'postgresql.auto.conf'), "synchronous_standby_names = ''\n", { flag: 'a' });
  await ctl(standby, 'start', ['-o', options(standbyPort)]);
  await pg('createdb', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', 'khadamat_failover']);
  const sync = await waitUntil(
    async () =>
      (
        await pg('psql', [
          '-X',
          '-A',
          '-t',
          '-h',
          '127.0.0.1',
          '-p',
          String(primaryPort),
          '-U',
          'postgres',
          '-c',
          "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'",
        ])
      ).trim() === 'sync',
    20_000,
    200,
  );
  if (sync === null) throw new Error('the standby did not become a synchronous standby');
  return {
    primaryPort,
    standbyPort,
    killPrimary: () => ctl(primary, 'stop', ['-m', 'immediate']),
    promoteStandby: () => pg('pg_ctl', ['-D', standby, '-w', '-t', '60', 'promote']),
    query: async (port: number, sql: string) =>
      (
        await pg('psql', [
          '-X',
          '-A',
          '-t',
          '-q',
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'khadamat_failover',
          '-c',
          sql,
        ])
      ).trim(),
  };
}

/** HAProxy in TCP mode: the primary, and the standby as `backup` (used only while the primary is down). */
async function tcpBalancer(dir: string, name: string, primaryPort: number, backupPort: number) {
  const port = await freePort();
  const file = join(dir, `${name}-haproxy.cfg`);
  writeFileSync(
    file,
    [
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 5m',
      '  timeout server 5m',
      '  timeout check 2s',
      `frontend ${name}`,
      `  bind 127.0.0.1:${port}`,
      `  default_backend ${name}_servers`,
      `backend ${name}_servers`,
      '  default-server inter 300ms fall 2 rise 2 on-marked-down shutdown-sessions',
      `  server primary 127.0.0.1:${primaryPort} check`,
      `  server standby 127.0.0.1:${backupPort} check backup`,
      '',
    ].join('\n'),
  );
  await run('haproxy', ['-c', '-q', '-f', file]);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: 'ignore' });
  cleanup.add({ name: `HAProxy ${name}`, run: () => void child.kill('SIGKILL'), runSync: () => child.kill('SIGKILL') });
  await sleep(500);
  return port;
}

// ── Redis: primary, replica, three sentinels ─────────────────────────────────────────────
async function redisWithSentinels(dir: string) {
  mkdirSync(dir, { recursive: true });
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  cleanup.add({
    name: 'Redis and sentinels',
    run: () => children.forEach((c) => c.kill('SIGKILL')),
    runSync: () => children.forEach((c) => c.kill('SIGKILL')),
  });
  const server = (port: number, extra: string[] = []) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
      {
        stdio: 'ignore',
      },
    );
    children.push(child);
    return child;
  };
  const primary = server(primaryPort);
  server(replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]);
  for (const port of [primaryPort, replicaPort]) {
    if ((await waitUntil(() => redisAnswers(port), 10_000, 50)) === null) throw new Error(`redis-server did not answer on ${port}`);
  }
  const sentinelPorts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const file = join(dir, `sentinel-${i}.conf`);
    // Sentinel rewrites its own file: each one gets its own, writable.
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor khadamat 127.0.0.1 ${primaryPort} 2`,
        'sentinel down-after-milliseconds khadamat 1000',
        'sentinel failover-timeout khadamat 10000',
        'sentinel parallel-syncs khadamat 1',
        '',
      ].join('\n'),
    );
    const child = spawn('redis-sentinel', [file], { stdio: 'ignore' });
    children.push(child);
    sentinelPorts.push(port);
  }
  for (const port of sentinelPorts) {
    if ((await waitUntil(() => redisAnswers(port), 10_000, 50)) === null) throw new Error(`redis-sentinel did not answer on ${port}`);
  }
  const masterPort = async (): Promise<number> => {
    const out = await run('redis-cli', ['-p', String(sentinelPorts[0]), 'SENTINEL', 'get-master-addr-by-name', 'khadamat']);
    return Number(out.trim().split('\n')[1]);
  };
  return {
    primaryPort,
    replicaPort,
    sentinels: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
    masterPort,
    killPrimary: async () => {
      const exited = new Promise((resolve) => primary.once('exit', resolve));
      primary.kill('SIGKILL');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'backend/dist/server.js'))) {
    log('backend/dist missing: npm run build');
    await run('npm', ['run', 'build'], { cwd: root, timeoutMs: 600_000 });
  }
  const dir = mkdtempSync(join(tmpdir(), 'khadamat-failover-'));
  await chmod(dir, 0o755);
  cleanup.add({ name: 'temp folder', run: () => rmSync(dir, { recursive: true, force: true }) });
  const receivers = await startReceivers();
  cleanup.add({ name: 'receivers', run: () => receivers.close() });

  const [pgPair, redis] = await Promise.all([postgresPair(join(dir, 'pg')), redisWithSentinels(join(dir, 'redis'))]);
  const pgLbPort = await tcpBalancer(dir, 'postgres', pgPair.primaryPort, pgPair.standbyPort);
  const databaseUrl = `postgresql://postgres@127.0.0.1:${pgLbPort}/khadamat_failover`;
  log(
    `PostgreSQL primary :${pgPair.primaryPort} → synchronous standby :${pgPair.standbyPort} (pg_basebackup), HAProxy :${pgLbPort}; Redis primary :${redis.primaryPort}, replica :${redis.replicaPort}, sentinels ${redis.sentinels}`,
  );
  const port = await freePort();
  const env = {
    ...platformEnvironment({
      port,
      databaseUrl,
      redisUrl: '',
      smtpPort: receivers.smtpPort,
      smsBaseUrl: receivers.smsBaseUrl,
      uploadDir: join(dir, 'uploads'),
    }),
    REDIS_URL: '',
    REDIS_SENTINELS: redis.sentinels,
    REDIS_SENTINEL_NAME: 'khadamat',
    RATE_LIMIT_MAX: '30',
  };
  await run('npm', ['run', 'db:migrate'], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });
  await run(join(root, 'node_modules/.bin/tsx'), ['scripts/seed.ts', '--no-photos'], { cwd: join(root, 'backend'), env });
  const api = new NodeProcess('API', 'dist/server.js', env, join(dir, 'api.log'), cleanup);
  logFiles.push(join(dir, 'api.log'), join(dir, 'pg', 'primary.log'), join(dir, 'pg', 'standby.log'));
  api.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForApi(api, baseUrl);
  log(`API on ${baseUrl} (database through HAProxy, Redis through Sentinel)`);

  const loadUser = member(`failover-load-${Date.now()}@example.test`);
  await request(`${baseUrl}/api/auth/sign-up`, postJson(loadUser, { 'x-forwarded-for': '203.0.113.5' }));
  const search = await request(`${baseUrl}/api/search/services`, { headers: { 'x-forwarded-for': '203.0.113.6' } });
  const serviceSlug = (search.body as { results?: { slug: string }[] } | null)?.results?.[0]?.slug;
  if (!serviceSlug) throw new Error(`no published service (${search.status})`);
  const load = new SteadyLoad({ baseUrl, serviceSlug, credentials: { email: loadUser.email, password: loadUser.password } }, 30, true);
  cleanup.add({ name: 'steady load', run: () => load.stop() });
  load.start();

  // ── PostgreSQL failover under sign-ups ──
  const acknowledged: string[] = [];
  const writes: { at: number; status: number; code: string }[] = [];
  let writing = true;
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      const email = `failover-${n}-${Date.now()}@example.test`;
      const at = now();
      const res = await request(
        `${baseUrl}/api/auth/sign-up`,
        postJson(member(email), { 'x-forwarded-for': `198.20.${n >> 8}.${n & 255}` }),
      );
      writes.push({ at, status: res.status, code: res.code });
      if (res.status === 202) acknowledged.push(email);
      await sleep(100);
    }
  })();
  await sleep(3_000);
  const killedAt = now();
  await pgPair.killPrimary();
  await pgPair.promoteStandby();
  log(`PostgreSQL primary killed and standby promoted in ${((now() - killedAt) / 1000).toFixed(1)} s`);
  const firstWriteOk = await waitUntil(() => writes.some((w) => w.at > killedAt && w.status === 202), 60_000, 100);
  await sleep(3_000);
  writing = false;
  await writer;
  const recovered = firstWriteOk === null ? null : (writes.find((w) => w.at > killedAt && w.status === 202)!.at - killedAt) / 1000;
  const duringFailover = writes.filter((w) => w.at > killedAt && w.status !== 202);
  const failedWrites: Record<string, number> = {};
  for (const w of duringFailover) failedWrites[`${w.status} ${w.code}`.trim()] = (failedWrites[`${w.status} ${w.code}`.trim()] ?? 0) + 1;
  const found = Number(
    await pgPair.query(
      pgPair.standbyPort,
      `SELECT COUNT(*) FROM "User" WHERE email IN (${acknowledged.map((e) => `'${e}'`).join(',') || "''"})`,
    ),
  );
  check(
    `PostgreSQL: writes succeed again within ${POSTGRES_RECOVERY_TARGET_S} s of the primary's loss, without restarting the API`,
    recovered !== null && recovered <= POSTGRES_RECOVERY_TARGET_S && api.starts === 1 && api.alive,
    `first acknowledged sign-up ${recovered === null ? 'never' : `${recovered.toFixed(1)} s`} after the kill; sign-ups refused meanwhile: ${formatFailed(failedWrites)}`,
  );
  check(
    'PostgreSQL: no acknowledged write is lost (synchronous_commit = on, synchronous standby)',
    acknowledged.length > 0 && found === acknowledged.length,
    `${writes.length} sign-ups sent, ${acknowledged.length} acknowledged (202), ${found} found on the promoted standby`,
  );

  // ── Redis failover through Sentinel ──
  const person = member(`failover-session-${Date.now()}@example.test`);
  await request(`${baseUrl}/api/auth/sign-up`, postJson(person, { 'x-forwarded-for': '203.0.113.7' }));
  const signedIn = await request(
    `${baseUrl}/api/auth/sign-in`,
    postJson({ email: person.email, password: person.password }, { 'x-forwarded-for': '203.0.113.7' }),
  );
  const cookie = (signedIn.headers?.get('set-cookie') ?? '').split(';')[0]!;
  const limitedIp = '203.0.113.88';
  const countFrom = async (n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++)
      statuses.push((await request(`${baseUrl}/api/categories`, { headers: { 'x-forwarded-for': limitedIp } })).status);
    return statuses;
  };
  const beforeLimit = await countFrom(20);
  const oldMaster = await redis.masterPort();
  const redisKilledAt = now();
  await redis.killPrimary();
  let signIns = 0;
  const signInOk = await waitUntil(
    async () => {
      signIns++;
      const res = await request(
        `${baseUrl}/api/auth/sign-in`,
        postJson({ email: person.email, password: person.password }, { 'x-forwarded-for': `198.21.0.${signIns % 250}` }),
      );
      return res.status === 200;
    },
    60_000,
    200,
  );
  const redisRecovered = signInOk === null ? null : (now() - redisKilledAt) / 1000;
  const newMaster = await redis.masterPort();
  const session = await request(`${baseUrl}/api/auth/session`, { headers: { cookie } });
  const afterLimit = await countFrom(20);
  const okBefore = beforeLimit.filter((s) => s === 200).length;
  const okAfter = afterLimit.filter((s) => s === 200).length;
  const limitedAfter = afterLimit.filter((s) => s === 429).length;
  check(
    `Redis: sign-in works again within ${REDIS_RECOVERY_TARGET_S} s of the primary's loss, through Sentinel, without restarting the API`,
    signInOk !== null &&
      redisRecovered! <= REDIS_RECOVERY_TARGET_S &&
      oldMaster !== newMaster &&
      newMaster === redis.replicaPort &&
      api.starts === 1,
    `sentinels moved the primary :${oldMaster} → :${newMaster}; sign-in answered 200 again ${redisRecovered === null ? 'never' : `${redisRecovered.toFixed(1)} s`} after the kill (${signIns} tries)`,
  );
  check(
    'Redis: a session made before the failover still works, and the per-IP limit keeps counting',
    session.status === 200 && okBefore === 20 && okAfter + limitedAfter === 20 && okAfter <= 10 && limitedAfter >= 10,
    `session ${session.status}; one address, limit 30: ${okBefore}/20 allowed before, ${okAfter}/20 allowed and ${limitedAfter} × 429 after (a counter lost with the primary would allow 20)`,
  );

  await load.stop();
  const figures = figuresOf(load.samples);
  log(`steady load through both failovers: ${figures.sent} requests, not 2xx: ${formatFailed(figures.failed)}`);
  // What the 500s were (the API logs each server error with its cause).
  const errors = readFileSync(join(dir, 'api.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"level":50'))
    .map((l) => /"message":"([^"]{0,160})/.exec(l)?.[1] ?? l.slice(0, 160));
  const byMessage = new Map<string, number>();
  for (const e of errors) byMessage.set(e, (byMessage.get(e) ?? 0) + 1);
  for (const [message, count] of byMessage) log(`API error ×${count}: ${message}`);
  const serverErrors = load.samples.filter((x) => x.status >= 500 && x.status !== 503).length;
  check(
    'no request answers a server error during either failover (a lost dependency is 503 "try again")',
    serverErrors === 0,
    `${figures.sent} requests of the steady load (30/s) through both failovers: not 2xx ${formatFailed(figures.failed)}`,
  );
}

const began = now();
let crashed: unknown = null;
try {
  await main();
} catch (error) {
  crashed = error;
  console.error(`[failover] stopped early: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  if (crashed || checks.some((c) => !c.ok)) {
    for (const file of logFiles.filter((f) => existsSync(f))) {
      console.error(
        `\n[failover] last lines of ${file.split('/').pop()}:\n${readFileSync(file, 'utf8').split('\n').slice(-25).join('\n')}`,
      );
    }
  }
  await cleanup.runAll();
}
console.log('\nfailover:');
for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}\n        ${c.detail}`);
const failed = checks.filter((c) => !c.ok).length;
console.log(`\ntotal ${((now() - began) / 1000).toFixed(0)} s`);
console.log(`failover: ${checks.length - failed} passed, ${failed + (crashed ? 1 : 0)} failed`);
process.exit(failed || crashed ? 1 : 0);
