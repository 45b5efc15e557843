import type { VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { uniqueViolation } from '../../platform/pg-errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notice, notify } from '../notifications/index.ts';
import { filingTransition } from './filing-state.ts';
import { assertFleetAllows } from './fleet-rules.ts';
import { recordHistory } from './history.ts';
import { filingDetail, loadBody, loadFilingForReview } from './load-filing.ts';
import type { FilingBodyRow } from './presenters.ts';

/**
 * 审核通过: every row joins the enterprise's fleet; a change row (replacesVehicleId) rewrites its
 * vehicle in place, which keeps its id. The enterprise is notified in the same transaction.
 */
export async function approveFiling(deps: Deps, actor: Actor, id: string): Promise<VehicleFiling> {
  try {
    return await inTransaction(deps.db, async (trx) => {
      const before = await loadFilingForReview(trx, id, { lock: true });
      const transition = filingTransition(before.status, 'approve');
      if (!transition.ok) throw new AppError(transition.code);
      const body = await loadBody(trx, before.id);
      const changes = body.filter((row) => row.replaces_vehicle_id !== null);
      const additions = body.filter((row) => row.replaces_vehicle_id === null);
      // Lock the vehicles being changed first, so a cancellation cannot slip in after the check.
      const replaced = changes.length === 0
        ? []
        : await trx
          .selectFrom('vehicles')
          .selectAll()
          .where('id', 'in', changes.map((row) => row.replaces_vehicle_id!))
          .forUpdate()
          .execute();
      await assertFleetAllows(trx, before.enterprise_id, body.map((row) => ({ plate: row.plate, replacesVehicleId: row.replaces_vehicle_id })), 'approve');
      const now = deps.clock.now();

      for (const row of changes) {
        const previous = replaced.find((vehicle) => vehicle.id === row.replaces_vehicle_id)!;
        await trx.updateTable('vehicles').set({ ...vehicleData(row), filing_id: before.id, approved_at: now, updated_at: now }).where('id', '=', previous.id).execute();
        await recordHistory(trx, actor, { filingId: previous.filing_id, action: 'vehicle_changed', at: now, detail: row.plate });
        await audit(trx, actor, {
          action: 'vehicle.changed',
          entityType: 'vehicle',
          entityId: previous.id,
          enterpriseId: before.enterprise_id,
          before: { filingId: previous.filing_id, driverName: previous.driver_name, driverIdNo: previous.driver_id_no, driverPhone: previous.driver_phone },
          after: { filingId: before.id, driverName: row.driver_name, driverIdNo: row.driver_id_no, driverPhone: row.driver_phone },
        }, now);
      }
      if (additions.length > 0) {
        await trx
          .insertInto('vehicles')
          .values(additions.map((row) => ({
            ...vehicleData(row),
            enterprise_id: before.enterprise_id,
            plate: row.plate,
            status: 'active' as const,
            filing_id: before.id,
            approved_at: now,
            created_at: now,
            updated_at: now,
          })))
          .execute();
      }
      await linkRowsToFleet(trx, before.id, before.enterprise_id);

      const filing = await trx
        .updateTable('vehicle_filings')
        .set({ status: transition.to, reviewed_at: now, reviewed_by: actor.userId, updated_at: now })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const plates = body.map((row) => row.plate);
      await recordHistory(trx, actor, { filingId: filing.id, action: 'approved', at: now });
      await audit(trx, actor, {
        action: 'vehicle_filing.approved',
        entityType: 'vehicle_filing',
        entityId: filing.id,
        enterpriseId: filing.enterprise_id,
        before: { status: before.status },
        after: { status: filing.status, plates },
      }, now);
      await notify(trx, {
        enterpriseId: filing.enterprise_id,
        ...notice('filing.approved', { plates }, { filingId: filing.id }),
        at: now,
      });
      return filingDetail(trx, filing);
    });
  } catch (error) {
    // Two enterprises' filings of one plate approved at the same moment: the index keeps one.
    if (uniqueViolation(error) === 'vehicles_active_plate_key') throw new AppError('PLATE_IN_OTHER_FLEET');
    throw error;
  }
}

function vehicleData(row: FilingBodyRow) {
  return {
    plate_color: row.plate_color,
    vehicle_type: row.vehicle_type,
    rated_load_kg: row.rated_load_kg,
    driver_name: row.driver_name,
    driver_id_no: row.driver_id_no,
    driver_phone: row.driver_phone,
    vin: row.vin,
    permit_no: row.permit_no,
  };
}

/** Each row remembers the fleet vehicle it became: the enterprise's active vehicle with its plate. */
async function linkRowsToFleet(trx: Db, filingId: string, enterpriseId: string): Promise<void> {
  await trx
    .updateTable('vehicle_filing_rows')
    .from('vehicles')
    .set((eb) => ({ vehicle_id: eb.ref('vehicles.id') }))
    .whereRef('vehicles.plate', '=', 'vehicle_filing_rows.plate')
    .where('vehicles.status', '=', 'active')
    .where('vehicles.enterprise_id', '=', enterpriseId)
    .where('vehicle_filing_rows.filing_id', '=', filingId)
    .execute();
}
