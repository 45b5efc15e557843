import type { SaveFilingData, VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { insertBody } from './filing-body.ts';
import { filingTransition } from './filing-state.ts';
import { assertFleetAllows } from './fleet-rules.ts';
import { recordHistory } from './history.ts';
import { enterpriseOf, filingDetail, loadBody, loadOwnFiling } from './load-filing.ts';

/** 暂存 again: replaces header and body of a draft or returned filing. */
export async function updateFiling(deps: Deps, actor: Actor, id: string, input: SaveFilingData): Promise<VehicleFiling> {
  const enterpriseId = enterpriseOf(actor);
  return inTransaction(deps.db, async (trx) => {
    const before = await loadOwnFiling(trx, actor, id, { lock: true });
    const transition = filingTransition(before.status, 'edit');
    if (!transition.ok) throw new AppError(transition.code);
    await assertFleetAllows(trx, enterpriseId, input.vehicles, 'save');
    const now = deps.clock.now();
    const previousPlates = (await loadBody(trx, before.id)).map((row) => row.plate);
    const filing = await trx
      .updateTable('vehicle_filings')
      .set({
        status: transition.to,
        contact_name: input.header.contactName,
        contact_phone: input.header.contactPhone,
        remarks: input.header.remarks,
        updated_at: now,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('vehicle_filing_rows').where('filing_id', '=', before.id).execute();
    await insertBody(trx, before.id, input.vehicles);
    await recordHistory(trx, actor, { filingId: before.id, action: 'updated', at: now });
    await audit(trx, actor, {
      action: 'vehicle_filing.updated',
      entityType: 'vehicle_filing',
      entityId: before.id,
      before: { status: before.status, plates: previousPlates },
      after: { status: filing.status, plates: input.vehicles.map((vehicle) => vehicle.plate) },
    }, now);
    return filingDetail(trx, filing);
  });
}
