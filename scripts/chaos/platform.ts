// The built API and worker as child processes of the suite, with a complete environment
// pointing at the suite's own PostgreSQL, Redis, receivers and upload filesystem.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { now, waitUntil, type Cleanup } from './processes';

export const REQUEST_TIMEOUT_MS = 3_000;

export interface PlatformEnv {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  smtpPort: number;
  smsBaseUrl: string;
  uploadDir: string;
}

/** Everything the API and the worker read, and nothing inherited but PATH and HOME. */
export function platformEnvironment(e: PlatformEnv): NodeJS.ProcessEnv {
  const base = `http://127.0.0.1:${e.port}`;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(e.port),
    LOG_LEVEL: 'warn',
    APP_BASE_URL: base,
    FRONTEND_URL: base,
    SERVE_FRONTEND: 'false',
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    DATABASE_URL: e.databaseUrl,
    DATABASE_POOL_MAX: '10',
    AUTO_MIGRATE: 'false',
    REDIS_URL: e.redisUrl,
    MOCK_REDIS: 'false',
    // The suite's load comes from one address: the limiter must not be what answers.
    RATE_LIMIT_MAX: '100000000',
    // The load stands for many members behind a load balancer on loopback.
    TRUST_PROXY: '1',
    UPLOAD_STORAGE_DIR: e.uploadDir,
    UPLOAD_ANTIVIRUS: 'false',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(e.smtpPort),
    SMTP_SECURE: 'false',
    SMTP_FROM: 'Khadamat Chaos <no-reply@chaos.khadamat.test>',
    SMS_PROVIDER: 'infobip',
    SMS_API_BASE_URL: e.smsBaseUrl,
    SMS_API_KEY: 'chaos-suite-key',
    SMS_SENDER_ID: 'Khadamat',
    SMOKE_ROUTES_ENABLE: 'false',
    API_DOCS: 'off',
  };
}

/**
 * A node process that can be SIGKILLed and started again with the same command; its
 * output goes to a log file in the suite's folder, kept for a failed run.
 */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream;
  startedAt = 0;
  starts = 0;
  /** Set when the process printed its readiness line (the worker), or answered (the API). */
  ready = false;

  constructor(
    private readonly name: string,
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    logFile: string,
    cleanup: Cleanup,
    private readonly readyLine?: RegExp,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
    cleanup.add({ name, run: () => this.stop(), runSync: () => this.child?.kill('SIGKILL') });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.starts++;
    this.ready = false;
    this.startedAt = now();
    this.log.write(`\n--- ${this.name} start #${this.starts} ---\n`);
    const child = spawn(process.execPath, ['--enable-source-maps', this.script], {
      cwd: join(import.meta.dirname, '../../backend'),
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const watch = (data: Buffer) => {
      this.log.write(data);
      if (this.readyLine?.test(data.toString())) this.ready = true;
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
  }

  /** kill -9: no shutdown hook runs. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** A graceful stop (SIGTERM), then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function waitForApi(api: NodeProcess, baseUrl: string, timeoutMs = 60_000): Promise<number> {
  const took = await waitUntil(
    async () => {
      if (!api.alive) throw new Error('the API exited');
      return (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
    },
    timeoutMs,
    50,
  );
  if (took === null) throw new Error(`the API did not become ready within ${timeoutMs / 1000} s`);
  api.ready = true;
  return took;
}
