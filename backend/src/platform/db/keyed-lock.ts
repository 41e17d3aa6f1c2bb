/**
 * Runs work one at a time per key within this process, in arrival order. Not a guarantee
 * across processes (the database gives that); it keeps a burst of writes to one row set
 * (a provider's agenda) from holding every pooled connection while they wait on each
 * other's database locks, so the burst is answered quickly instead of timing out.
 */
export function keyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
