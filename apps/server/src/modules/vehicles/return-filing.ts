import type { VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notice, notify } from '../notifications/index.ts';
import { filingTransition } from './filing-state.ts';
import { recordHistory } from './history.ts';
import { filingDetail, loadBody, loadFilingForReview } from './load-filing.ts';

/** 退回 with a reason: the enterprise may edit the filing and declare it again. */
export async function returnFiling(deps: Deps, actor: Actor, id: string, reason: string): Promise<VehicleFiling> {
  return inTransaction(deps.db, async (trx) => {
    const before = await loadFilingForReview(trx, id, { lock: true });
    const transition = filingTransition(before.status, 'return');
    if (!transition.ok) throw new AppError(transition.code);
    const now = deps.clock.now();
    const filing = await trx
      .updateTable('vehicle_filings')
      .set({ status: transition.to, return_reason: reason, reviewed_at: now, reviewed_by: actor.userId, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const plates = (await loadBody(trx, filing.id)).map((row) => row.plate);
    await recordHistory(trx, actor, { filingId: filing.id, action: 'returned', at: now, detail: reason });
    await audit(trx, actor, {
      action: 'vehicle_filing.returned',
      entityType: 'vehicle_filing',
      entityId: filing.id,
      enterpriseId: filing.enterprise_id,
      before: { status: before.status },
      after: { status: filing.status, reason },
    }, now);
    await notify(trx, {
      enterpriseId: filing.enterprise_id,
      ...notice('filing.returned', { plates, reason }, { filingId: filing.id }),
      at: now,
    });
    return filingDetail(trx, filing);
  });
}
