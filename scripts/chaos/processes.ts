// Small process helpers for the chaos suite: a cleanup stack that runs on every way out
// (normal end, failure, Ctrl-C), commands run to completion, free ports and polling.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds since the suite started: every timestamp of the run is on this clock. */
export const now = () => performance.now();

export { freePort } from '../lib/local-server';

/** Runs a command to completion; throws with its output when it fails. */
export async function run(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim());
  }
}

/** Polls `check` every `intervalMs` until it is true; the milliseconds it took, or null on timeout. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<number | null> {
  const started = now();
  while (now() - started < timeoutMs) {
    try {
      if (await check()) return now() - started;
    } catch {
      // not yet
    }
    await sleep(intervalMs);
  }
  return null;
}

interface CleanupStep {
  name: string;
  /** Async path: normal end, failure, Ctrl-C. */
  run: () => Promise<void> | void;
  /** Last-resort path from the 'exit' event, where nothing asynchronous runs. */
  runSync?: () => void;
}

/**
 * Everything the suite starts registers how to stop it; steps run newest first, once,
 * each guarded so one failure never keeps the others from running.
 */
export class Cleanup {
  private steps: CleanupStep[] = [];
  private running: Promise<void> | null = null;

  add(step: CleanupStep): void {
    this.steps.push(step);
  }

  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await Promise.race([step.run(), sleep(20_000)]);
        } catch (error) {
          console.error(`[chaos] cleanup "${step.name}" failed: ${(error as Error).message}`);
        }
      }
      this.steps = [];
    })();
    return this.running;
  }

  /** Ctrl-C and SIGTERM stop everything before leaving; 'exit' covers a crash. */
  installSignalHandlers(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        console.error(`\n[chaos] ${signal}: stopping everything the suite started`);
        void this.runAll().finally(() => process.exit(130));
      });
    }
    process.once('exit', () => {
      for (const step of this.steps.reverse()) {
        try {
          step.runSync?.();
        } catch {
          // best effort on the way out
        }
      }
    });
  }
}

/** A synchronous command for the 'exit' path; its failure is ignored. */
export function runSyncQuietly(command: string, args: string[]): void {
  spawnSync(command, args, { stdio: 'ignore', timeout: 15_000 });
}
