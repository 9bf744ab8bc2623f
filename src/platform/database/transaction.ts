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
  return db.transaction().execute(fn);
}
