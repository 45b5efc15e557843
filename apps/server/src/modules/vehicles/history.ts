import type { FilingHistoryAction } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';

/** One line of a filing's history (the detail page's sub-table). Write it in the change's transaction. */
export async function recordHistory(
  trx: Db,
  actor: Actor,
  entry: { filingId: string; action: FilingHistoryAction; at: Date; detail?: string | null },
): Promise<void> {
  await trx
    .insertInto('filing_history')
    .values({
      filing_id: entry.filingId,
      at: entry.at,
      actor_id: actor.userId || null,
      actor_username: actor.username || null,
      action: entry.action,
      detail: entry.detail ?? null,
    })
    .execute();
}
