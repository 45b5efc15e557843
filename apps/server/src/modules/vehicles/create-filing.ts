import type { SaveFilingData, VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { insertBody } from './filing-body.ts';
import { assertFleetAllows } from './fleet-rules.ts';
import { recordHistory } from './history.ts';
import { enterpriseOf, filingDetail } from './load-filing.ts';

/** 暂存: a new filing as a draft, header and body together or not at all. */
export async function createFiling(deps: Deps, actor: Actor, input: SaveFilingData): Promise<VehicleFiling> {
  const enterpriseId = enterpriseOf(actor);
  return inTransaction(deps.db, async (trx) => {
    await assertFleetAllows(trx, enterpriseId, input.vehicles, 'save');
    const now = deps.clock.now();
    const filing = await trx
      .insertInto('vehicle_filings')
      .values({
        enterprise_id: enterpriseId,
        status: 'draft',
        contact_name: input.header.contactName,
        contact_phone: input.header.contactPhone,
        remarks: input.header.remarks,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertBody(trx, filing.id, input.vehicles);
    await recordHistory(trx, actor, { filingId: filing.id, action: 'created', at: now });
    await audit(trx, actor, {
      action: 'vehicle_filing.created',
      entityType: 'vehicle_filing',
      entityId: filing.id,
      after: { status: filing.status, plates: input.vehicles.map((vehicle) => vehicle.plate) },
    }, now);
    return filingDetail(trx, filing);
  });
}
