import type { DbClient } from '../db/client';
import { enqueueKeyedJobs, type KeyedJob } from './jobs';

/** Jobs written in one statement, at most. */
export const MAX_GROUP = 500;

interface Waiting extends KeyedJob {
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for keyed jobs that arrive in bursts from outside (Stripe's webhook). The
 * first job is written at once, alone; those that come while a write is under way wait for
 * the next one, and go together in one statement and one commit (enqueueKeyedJobs). So a
 * caller is answered only once its job is stored, a quiet endpoint pays no wait, and a burst
 * of a thousand costs a few commits instead of a thousand.
 */
export function groupedEnqueue(db: DbClient, { maxGroup = MAX_GROUP }: { maxGroup?: number } = {}) {
  let waiting: Waiting[] = [];
  let writing: Promise<void> | null = null;
  let groups = 0;

  const write = async () => {
    while (waiting.length > 0) {
      const group = waiting.slice(0, maxGroup);
      waiting = waiting.slice(group.length);
      groups += 1;
      try {
        const stored = await enqueueKeyedJobs(db, group);
        // A key twice in one group: the first caller stored it, the second finds it there.
        const answered = new Set<string>();
        for (const entry of group) {
          entry.resolve(stored.has(entry.key) && !answered.has(entry.key));
          answered.add(entry.key);
        }
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    // In the same tick as the last look at `waiting` (nothing above throws): a job queued
    // from now on starts a new write.
    writing = null;
  };

  return {
    /** Resolves once the job is stored: true when it is new, false when its key was there. */
    enqueue(entry: KeyedJob): Promise<boolean> {
      const stored = new Promise<boolean>((resolve, reject) => waiting.push({ ...entry, resolve, reject }));
      writing ??= write();
      return stored;
    },
    /** Statements written so far (fewer than jobs when they came in bursts). */
    get groups() {
      return groups;
    },
    /** Waits for the writes under way (at shutdown, before the database closes). */
    async idle(): Promise<void> {
      while (writing) await writing;
    },
  };
}
