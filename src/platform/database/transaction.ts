import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/**
 * The single way to group writes with their audit events: both commit or neither does.
 * Inside `fn` use only `tx`; on the embedded database touching `db` there would wait forever
 * for the connection the transaction holds.
 */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const hooks: Array<() => Promise<void>> = [];
    commitHooks.set(tx, hooks);
    const result = await fn(tx);
    // A hook may register another (an audit flush after a late write), so drain until none are left.
    while (hooks.length > 0) {
      await (hooks.shift() as () => Promise<void>)();
    }
    commitHooks.delete(tx);
    return result;
  });
}

const commitHooks = new WeakMap<Tx, Array<() => Promise<void>>>();

/**
 * Runs `hook` as the last work of a `withTransaction` transaction, after its callback returns and
 * before the commit, so whatever the hook writes commits with the rest or not at all. Returns false,
 * running nothing, when `tx` did not come from `withTransaction`.
 */
export function beforeCommit(tx: Tx, hook: () => Promise<void>): boolean {
  const hooks = commitHooks.get(tx);
  if (!hooks) {
    return false;
  }
  hooks.push(hook);
  return true;
}
