import type { Db } from './db.ts';
import { holdEvents, isHoldingEvents, sendCommitted } from './events.ts';

/**
 * Runs a command in one transaction: everything it writes is stored, or nothing is. The live
 * events it publishes go out after the commit, and not at all if it rolls back.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (isHoldingEvents(db)) return work(db);
  let held: ReturnType<typeof holdEvents> = [];
  const result = await db.transaction().execute((trx) => {
    held = holdEvents(trx as unknown as Db);
    return work(trx as unknown as Db);
  });
  sendCommitted(db, held);
  return result;
}
