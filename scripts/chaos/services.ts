// The suite's own PostgreSQL cluster, Redis server and tiny upload filesystem, on spare
// loopback ports and temporary folders: the shared servers on 5432/6379 are never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, run, runSyncQuietly, sleep, waitUntil, type Cleanup } from './processes';

const isRoot = process.getuid?.() === 0;

export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error(`initdb not found under ${base}/*/bin (apt-get install postgresql)`);
  return join(base, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: as root, its commands run as the postgres user. */
export function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export interface Postgres {
  port: number;
  /** The database the platform uses. */
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startPostgres({ dir, cleanup }: { dir: string; cleanup: Cleanup }): Promise<Postgres> {
  const bin = postgresBin();
  const port = await freePort();
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  const logFile = join(dir, 'postgres.log');
  mkdirSync(sockets, { recursive: true });
  if (isRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).trim());
    chownSync(dir, uid, gid);
    chownSync(sockets, uid, gid);
  }
  const pg = async (tool: string, args: string[]) => {
    const [command, all] = asPostgres(join(bin, tool), args);
    return run(command, all, { timeoutMs: 60_000 });
  };
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--no-locale']);
  // fsync off: the suite kills the API and the worker, never the machine; UTC like deployments.
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c timezone=UTC`;
  let running = false;
  const ctl = async (action: string, extra: string[] = []) => pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...extra, action]);
  const start = async () => {
    await ctl('start', ['-o', options]);
    running = true;
  };
  const stop = async () => {
    await ctl('stop', ['-m', 'fast']);
    running = false;
  };
  cleanup.add({
    name: 'PostgreSQL cluster',
    run: async () => {
      if (running) await ctl('stop', ['-m', 'immediate']);
      running = false;
    },
    runSync: () => {
      if (running) runSyncQuietly(...asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']));
    },
  });
  await start();
  await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'khadamat_chaos']);
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/khadamat_chaos`,
    start,
    stop,
    restart: async () => {
      await ctl('restart', ['-m', 'fast', '-o', options]);
      running = true;
    },
  };
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL: no goodbye to its clients, nothing saved. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** Answers PING within a second? */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startRedis({ dir, cleanup }: { dir: string; cleanup: Cleanup }): Promise<RedisServer> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  let child: ChildProcess | null = null;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const ready = await waitUntil(() => redisAnswers(port), 10_000, 50);
    if (ready === null) throw new Error(`redis-server did not answer on port ${port}`);
  };
  const kill = async () => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  cleanup.add({ name: 'Redis', run: kill, runSync: () => child?.kill('SIGKILL') });
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start };
}

export interface TinyDisk {
  dir: string;
  /** Why a full disk cannot be simulated here, or null when it can. */
  unavailable: string | null;
}

/**
 * A 1 MiB tmpfs for uploads, so "disk full" is real ENOSPC. Mounting needs root (or
 * CAP_SYS_ADMIN); without it the folder is plain and the disk-full fault is skipped.
 */
export async function mountTinyDisk({ dir, cleanup }: { dir: string; cleanup: Cleanup }): Promise<TinyDisk> {
  mkdirSync(dir, { recursive: true });
  if (!isRoot) return { dir, unavailable: 'mounting a tmpfs needs root; run the suite as root for the disk-full fault' };
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0755', 'tmpfs', dir]);
  } catch (error) {
    return { dir, unavailable: `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}` };
  }
  let mounted = true;
  cleanup.add({
    name: 'upload tmpfs',
    run: async () => {
      if (!mounted) return;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await run('umount', [dir]);
          mounted = false;
          return;
        } catch {
          await sleep(300);
        }
      }
      // Still busy (a process holding a file): detach it so the folder can go.
      await run('umount', ['-l', dir]);
      mounted = false;
    },
    runSync: () => {
      if (mounted) runSyncQuietly('umount', ['-l', dir]);
    },
  });
  chmodSync(dir, 0o755);
  return { dir, unavailable: null };
}
