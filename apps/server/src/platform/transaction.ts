import type { Db } from './db.ts';

/** Runs a command in one transaction: everything it writes is stored, or nothing is. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(trx as unknown as Db));
}
