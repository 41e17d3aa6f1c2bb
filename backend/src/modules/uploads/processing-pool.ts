import { AppError } from '../../platform/errors/app-error';

export interface ProcessingPoolOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs that may wait for a free slot; past them a job is refused at once. */
  maxQueue: number;
  /** How long a job may wait for a slot before it is refused. */
  maxWaitMs: number;
  /** What a refused client is told to wait before trying again (Retry-After, seconds). */
  retryAfterSeconds: number;
}

export interface ProcessingPool {
  /** Runs the job when a slot is free; refuses (503 UPLOAD_BUSY) when the queue is full or the wait too long. */
  run<T>(job: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly queued: number;
}

/**
 * The one limiter image decoding and re-encoding goes through in an API process. A
 * decode takes a core and memory in proportion to the pixels (about 7 bytes a pixel at
 * peak): unbounded, a handful of concurrent uploads take every core and the memory
 * with them, and every other request waits. Here at most `concurrency` run, a few wait
 * briefly in order, and the rest are refused straight away so that their clients retry
 * later instead of piling up.
 */
export function createProcessingPool({ concurrency, maxQueue, maxWaitMs, retryAfterSeconds }: ProcessingPoolOptions): ProcessingPool {
  let running = 0;
  const waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

  const busy = () =>
    new AppError('UPLOAD_BUSY', 503, `Too many images are being processed; try again in ${retryAfterSeconds} s`, undefined, {
      headers: { 'retry-after': String(retryAfterSeconds) },
      shed: true,
    });

  /** A free slot goes to the longest-waiting job, or back to the pool. */
  const release = () => {
    const next = waiting.shift();
    if (!next) {
      running -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.start();
  };

  const acquire = (): Promise<void> => {
    if (running < concurrency) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= maxQueue) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const waiter = {
        // The slot is handed over as it is: `running` does not change.
        start: resolve,
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(busy());
        }, maxWaitMs),
      };
      waiting.push(waiter);
    });
  };

  return {
    async run(job) {
      await acquire();
      try {
        return await job();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
  };
}

/**
 * The API's pool. Measured on two cores: a 12-MP phone photo takes 1.5–2 s of one core to
 * decode and re-encode with its variants, a 24-MP one about 3.5 s. Two waiting jobs per
 * slot, for at most 5 s, absorb a short burst; a job that would wait longer is better
 * told to come back (Retry-After) than kept holding its connection and its bytes.
 */
export function createUploadPool(concurrency: number): ProcessingPool {
  return createProcessingPool({ concurrency, maxQueue: 2 * concurrency, maxWaitMs: 5_000, retryAfterSeconds: 5 });
}

/** No limiter: for the seed only, which renders its own pictures with a fixed number of workers. */
export const unpooled: Pick<ProcessingPool, 'run'> = { run: (job) => job() };
