// `npm run chaos`: fault injection against the built platform, failing when a target is
// missed. It starts its own PostgreSQL cluster and Redis on spare loopback ports, a local
// SMTP and Infobip-speaking SMS receiver, a 1 MiB upload filesystem, then the built API
// and worker; keeps ~50 requests/s going, and injects in order: Redis down 30 s,
// PostgreSQL restart + 20 s down, kill -9 of the API during 500 sign-ups, kill -9 of the
// worker 5 times during 500 messages, a full upload disk, slow-body clients. It stops
// everything it started on any way out. Needs: initdb/pg_ctl (/usr/lib/postgresql/*/bin),
// redis-server, and root for the tmpfs (otherwise the disk-full fault is skipped).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import {
  apiKilledDuringSignUps,
  baseline,
  diskFull,
  killWorkerDuringDelivery,
  outboxOutcome,
  postgresDown,
  redisDown,
  slowBodies,
  type FaultResult,
  type Suite,
} from './chaos/faults';
import { postJson, request, SteadyLoad } from './chaos/load';
import { NodeProcess, platformEnvironment, waitForApi } from './chaos/platform';
import { Cleanup, freePort, now, run } from './chaos/processes';
import { startReceivers } from './chaos/receivers';
import { mountTinyDisk, startPostgres, startRedis } from './chaos/services';

const root = join(import.meta.dirname, '..');
const log = (message: string) => console.log(`[chaos ${(now() / 1000).toFixed(1).padStart(6)} s] ${message}`);
const cleanup = new Cleanup();
cleanup.installSignalHandlers();
// The logs of the API and the worker, printed when the suite stops early (the folder goes).
const logFiles: string[] = [];

function printLogTails(): void {
  for (const file of logFiles) {
    if (!existsSync(file)) continue;
    console.error(`\n[chaos] last lines of ${file.split('/').pop()}:`);
    console.error(readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'));
  }
}

async function prepare(): Promise<Suite> {
  if (!existsSync(join(root, 'backend/dist/server.js')) || !existsSync(join(root, 'backend/dist/worker.js'))) {
    log('backend/dist missing: npm run build');
    await run('npm', ['run', 'build'], { cwd: root, timeoutMs: 600_000 });
  }
  const dir = mkdtempSync(join(tmpdir(), 'khadamat-chaos-'));
  // The postgres user (when run as root) must reach its folder inside.
  chmodSync(dir, 0o755);
  cleanup.add({
    name: 'temp folder',
    run: () => rmSync(dir, { recursive: true, force: true }),
    runSync: () => rmSync(dir, { recursive: true, force: true }),
  });
  log(`working folder ${dir}`);

  const receivers = await startReceivers();
  cleanup.add({ name: 'receivers', run: () => receivers.close() });
  const [postgres, redis, disk] = await Promise.all([
    startPostgres({ dir: join(dir, 'pg'), cleanup }),
    startRedis({ dir: join(dir, 'redis'), cleanup }),
    mountTinyDisk({ dir: join(dir, 'uploads'), cleanup }),
  ]);
  log(
    `PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}, SMTP on ${receivers.smtpPort}, SMS at ${receivers.smsBaseUrl}`,
  );
  if (disk.unavailable) log(`disk-full fault unavailable: ${disk.unavailable}`);

  const port = await freePort();
  const env = platformEnvironment({
    port,
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    smtpPort: receivers.smtpPort,
    smsBaseUrl: receivers.smsBaseUrl,
    uploadDir: disk.dir,
  });
  await run('npm', ['run', 'db:migrate'], { cwd: root, env: { ...process.env, DATABASE_URL: postgres.url } });
  // The reference catalogue and demo services; their photos would not fit the tiny disk.
  await run(join(root, 'node_modules/.bin/tsx'), ['scripts/seed.ts', '--no-photos'], {
    cwd: join(root, 'backend'),
    env: { ...env, UPLOAD_STORAGE_DIR: join(dir, 'seed-uploads') },
  });
  log('database migrated (npm run db:migrate) and seeded');

  const baseUrl = `http://127.0.0.1:${port}`;
  const api = new NodeProcess('API', 'dist/server.js', env, join(dir, 'api.log'), cleanup);
  const worker = new NodeProcess(
    'worker',
    'dist/worker.js',
    { ...env, LOG_LEVEL: 'info' },
    join(dir, 'worker.log'),
    cleanup,
    /worker started/,
  );
  logFiles.push(join(dir, 'api.log'), join(dir, 'worker.log'));
  api.start();
  worker.start();
  log(`API ready on ${baseUrl} after ${((await waitForApi(api, baseUrl)) / 1000).toFixed(1)} s`);

  const signIn = { email: 'chaos-load@example.test', password: 'chaos load password 0123' };
  const signUp = await request(
    `${baseUrl}/api/auth/sign-up`,
    postJson({ role: 'client', name: 'Chaos Load', phone: '+212600000001', locale: 'fr', ...signIn }),
  );
  if (signUp.status !== 202) throw new Error(`sign-up of the load user answered ${signUp.status} ${signUp.code}`);
  const search = await request(`${baseUrl}/api/search/services`);
  const serviceSlug = (search.body as { results?: { slug: string }[] } | null)?.results?.[0]?.slug;
  if (!serviceSlug) throw new Error(`no published service to read (search answered ${search.status})`);

  const load = new SteadyLoad({ baseUrl, serviceSlug, credentials: signIn });
  load.start();
  cleanup.add({ name: 'steady load', run: () => load.stop() });
  return { baseUrl, port, load, api, worker, postgres, redis, receivers, disk, signIn, serviceSlug, log };
}

function printTable(results: FaultResult[]): void {
  const rows = results.map((r) => [
    r.fault,
    String(r.sent),
    r.failed,
    `${r.slowestMs}`,
    r.recoverySeconds === null ? '—' : `${r.recoverySeconds}`,
    r.skipped ? 'SKIPPED' : r.targets.every((t) => t.met) ? 'met' : 'MISSED',
  ]);
  const header = ['fault', 'sent', 'failed by status', 'slowest ms', 'recovery s', 'targets'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 || i === 3 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  console.log('\nconsistency and targets:');
  for (const r of results) {
    console.log(`  ${r.fault}: ${r.consistency}`);
    if (r.skipped) console.log(`    SKIPPED  ${r.skipped}`);
    for (const t of r.targets) console.log(`    ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.detail}`);
  }
}

const results: FaultResult[] = [];
let crashed: unknown = null;
const began = now();
try {
  const suite = await prepare();
  // The suite's own stalls inflate every time it measures: printed beside each fault.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const stall = () => {
    const ms = Math.round(lag.max / 1e6);
    lag.reset();
    return ms;
  };
  const withLag = (result: FaultResult, ms: number) => ({
    ...result,
    consistency: `${result.consistency}; suite event-loop delay max ${ms} ms`,
  });
  const report = (result: FaultResult) => {
    results.push(result);
    const missed = result.targets.filter((t) => !t.met).map((t) => t.name);
    log(
      `${result.fault}: sent ${result.sent}, failed ${result.failed}, slowest ${result.slowestMs} ms${missed.length ? ` — MISSED: ${missed.join('; ')}` : ''}`,
    );
  };
  report(withLag(await baseline(suite), stall()));
  report(withLag(await redisDown(suite), stall()));
  report(withLag(await postgresDown(suite), stall()));
  report(withLag(await apiKilledDuringSignUps(suite), stall()));
  // The killed worker's claims run out after 60 s: the disk and slow-body faults run while
  // the outbox finishes, and its outcome is read last.
  const outbox = await killWorkerDuringDelivery(suite);
  const outboxLag = stall();
  const disk = withLag(await diskFull(suite), stall());
  const slow = withLag(await slowBodies(suite), stall());
  report(withLag(await outboxOutcome(suite, outbox), Math.max(outboxLag, stall())));
  report(disk);
  report(slow);
  await suite.load.stop();
} catch (error) {
  crashed = error;
  console.error(`[chaos] the suite stopped early: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  printLogTails();
} finally {
  log('stopping everything the suite started');
  await cleanup.runAll();
}

printTable(results);
const missed = results.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.fault}: ${t.name}`));
console.log(`\ntotal ${((now() - began) / 1000).toFixed(0)} s`);
if (crashed || missed.length) {
  console.log(`chaos: FAILED (${crashed ? 'the suite stopped early' : `${missed.length} target(s) missed`})`);
  process.exit(1);
}
console.log('chaos: every target met');
process.exit(0);
