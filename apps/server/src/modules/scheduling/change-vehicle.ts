import type { AppointmentDetail, ChangeAppointmentVehicleRequest } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { driverOf, loadOwnAppointmentForUpdate, lockFleetVehicle, overlappingAppointment, recordChange, type AppointmentRow, type VehicleRow } from './appointment-records.ts';
import { loadAppointmentDetail } from './get-appointment.ts';

/**
 * 变更车辆/驾驶员 on a submitted or booked appointment: the slot (and its place) stays; a new vehicle
 * must be an approved fleet vehicle with no other live appointment in an overlapping window.
 */
export async function changeAppointmentVehicle(deps: Deps, actor: Actor, id: string, input: ChangeAppointmentVehicleRequest): Promise<AppointmentDetail> {
  return inTransaction(deps.db, async (trx) => {
    const before = await loadOwnAppointmentForUpdate(trx, actor, id);
    if (before.status !== 'submitted' && before.status !== 'booked') throw new AppError('APPOINTMENT_NOT_EDITABLE');
    const vehicleId = input.vehicleId ?? before.vehicle_id;
    const vehicle = await lockFleetVehicle(trx, before.enterprise_id, vehicleId);
    if (!vehicle) throw new AppError('VEHICLE_NOT_APPROVED');
    if (vehicle.id !== before.vehicle_id) {
      const busy = await overlappingAppointment(trx, vehicle.id, { start: before.window_start!, end: before.window_end! }, before.id);
      if (busy) throw new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: busy.business_no } });
    }
    // A new vehicle brings its own driver unless the request names one; the same vehicle keeps the current one.
    const driver = vehicle.id !== before.vehicle_id ? driverOf(vehicle, input) : sameVehicleDriver(before, vehicle, input);
    const now = deps.clock.now();
    const after = await trx
      .updateTable('appointments')
      .set({ vehicle_id: vehicle.id, plate: vehicle.plate, ...driver, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const snapshot = (row: AppointmentRow) => ({ vehicleId: row.vehicle_id, plate: row.plate, driverName: row.driver_name, driverPhone: row.driver_phone });
    await recordChange(trx, actor, after, { action: 'vehicle_changed', from: before.status, to: after.status, detail: { before: snapshot(before), after: snapshot(after) } }, now);
    return loadAppointmentDetail(trx, { id: after.id, enterpriseId: after.enterprise_id });
  });
}

function sameVehicleDriver(before: AppointmentRow, vehicle: VehicleRow, input: ChangeAppointmentVehicleRequest) {
  const name = input.driverName ?? before.driver_name;
  const idNo = input.driverIdNo ?? (name === before.driver_name ? before.driver_id_no : name === vehicle.driver_name ? vehicle.driver_id_no : null);
  return { driver_name: name, driver_phone: input.driverPhone ?? before.driver_phone, driver_id_no: idNo };
}
