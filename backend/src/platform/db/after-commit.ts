import type { Db, DbClient } from './client';

// Work that must wait until a transaction's rows are visible to others (live delivery wakes
// the member's streams, which then read the database): registered on the transaction client,
// run once it has committed, never when it rolls back. Outside a transaction the write has
// committed already, so the hook runs at once.

type Hook = () => void;
type MembersListener = (userIds: string[]) => void;

/** Open transactions made through a client of createDb: their hooks, and the client they belong to. */
const open = new WeakMap<object, { hooks: Hook[]; root: Db }>();
const listeners = new WeakMap<object, Set<MembersListener>>();

/** Makes `db.$transaction(async (tx) => …)` run the hooks registered on `tx` after it commits. */
export function runHooksAfterCommit(db: Db): void {
  const transaction = db.$transaction.bind(db) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const wrapped = async (arg: unknown, options?: unknown) => {
    // The batch form (an array of queries) has no client to register hooks on.
    if (typeof arg !== 'function') return transaction(arg, options);
    const hooks: Hook[] = [];
    const result = await transaction(async (tx: object) => {
      open.set(tx, { hooks, root: db });
      try {
        return await (arg as (tx: object) => Promise<unknown>)(tx);
      } finally {
        open.delete(tx);
      }
    }, options);
    for (const hook of hooks) runSafely(hook);
    return result;
  };
  Object.defineProperty(db, '$transaction', { value: wrapped, configurable: true, writable: true });
}

/** Runs `hook` once what `client` wrote is committed (at once outside a transaction). */
export function afterCommit(client: DbClient, hook: Hook): void {
  const tx = open.get(client);
  if (tx) tx.hooks.push(hook);
  else runSafely(hook);
}

function runSafely(hook: Hook) {
  try {
    hook();
  } catch {
    // A hook only signals (live delivery has its own catch-up): it never fails the change.
  }
}

/**
 * Rows that a member sees live (their bell, their conversations) were written through
 * `client`: once committed, the listeners of its database are told the members' ids.
 */
export function touchMembers(client: DbClient, userIds: string[]): void {
  const root = open.get(client)?.root ?? client;
  afterCommit(client, () => {
    for (const listener of listeners.get(root) ?? []) listener(userIds);
  });
}

/** Listens to touchMembers on `db` (live delivery: wake the members' streams, here and in the other processes). */
export function onMembersTouched(db: Db, listener: MembersListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
