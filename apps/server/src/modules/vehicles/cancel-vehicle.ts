import { liveAppointmentStatuses, type Vehicle } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { recordHistory } from './history.ts';
import { enterpriseOf } from './load-filing.ts';
import { presentVehicle } from './presenters.ts';

/**
 * 注销: the vehicle leaves the fleet; its plate is free to be filed again, by anyone. Not while it
 * has a booking still open (waiting, booked, inside): the gate would turn the truck away while the
 * booking held its place. Bookings lock the vehicle's row too, so none slips in meanwhile.
 */
export async function cancelVehicle(deps: Deps, actor: Actor, id: string, reason: string | null): Promise<Vehicle> {
  const enterpriseId = enterpriseOf(actor);
  if (!isUuid(id)) throw notFound();
  return inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('vehicles').selectAll().where('id', '=', id).where('enterprise_id', '=', enterpriseId).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    if (before.status !== 'active') throw new AppError('VEHICLE_NOT_ACTIVE');
    const open = await trx.selectFrom('appointments').select('appointment_no').where('vehicle_id', '=', before.id).where('status', 'in', liveAppointmentStatuses).orderBy('window_start').execute();
    if (open.length > 0) throw new AppError('VEHICLE_HAS_APPOINTMENTS', undefined, { extensions: { appointmentNos: open.map((a) => a.appointment_no) } });
    const now = deps.clock.now();
    const row = await trx
      .updateTable('vehicles')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordHistory(trx, actor, { filingId: row.filing_id, action: 'vehicle_cancelled', at: now, detail: reason ? `${row.plate}：${reason}` : row.plate });
    await audit(trx, actor, {
      action: 'vehicle.cancelled',
      entityType: 'vehicle',
      entityId: row.id,
      before: { status: before.status, plate: before.plate },
      after: { status: row.status, reason },
    }, now);
    return presentVehicle(row);
  });
}
