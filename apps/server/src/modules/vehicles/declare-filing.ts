import type { VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { filingTransition } from './filing-state.ts';
import { assertFleetAllows } from './fleet-rules.ts';
import { recordHistory } from './history.ts';
import { enterpriseOf, filingDetail, loadBody, loadOwnFiling } from './load-filing.ts';

/** 申报: sends a draft (or a returned filing) to review. From here the enterprise can only read it. */
export async function declareFiling(deps: Deps, actor: Actor, id: string): Promise<VehicleFiling> {
  const enterpriseId = enterpriseOf(actor);
  return inTransaction(deps.db, async (trx) => {
    const before = await loadOwnFiling(trx, actor, id, { lock: true });
    const transition = filingTransition(before.status, 'declare');
    if (!transition.ok) throw new AppError(transition.code);
    const body = await loadBody(trx, before.id);
    await assertFleetAllows(trx, enterpriseId, body.map((row) => ({ plate: row.plate, replacesVehicleId: row.replaces_vehicle_id })), 'declare');
    const now = deps.clock.now();
    const filing = await trx
      .updateTable('vehicle_filings')
      .set({ status: transition.to, declared_at: now, declared_by: actor.userId, return_reason: null, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordHistory(trx, actor, { filingId: filing.id, action: 'declared', at: now });
    await audit(trx, actor, {
      action: 'vehicle_filing.declared',
      entityType: 'vehicle_filing',
      entityId: filing.id,
      before: { status: before.status },
      after: { status: filing.status },
    }, now);
    return filingDetail(trx, filing);
  });
}
