import { errorCatalog, type ErrorCode, type FieldError } from '@cargo-window/contracts';

import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';

export interface PlannedVehicle {
  plate: string;
  replacesVehicleId: string | null;
}

type FleetCode = 'PLATE_IN_OTHER_FLEET' | 'PLATE_IN_OWN_FLEET' | 'REPLACED_VEHICLE_INVALID';

const problem = (index: number, field: 'plate' | 'replacesVehicleId', code: FleetCode): FieldError => ({
  field: `vehicles.${index}.${field}`,
  code,
  message: errorCatalog[code].en,
});

/**
 * What the fleet says about a body, row by row: a plate in another enterprise's active fleet is
 * taken; a plate already in our own fleet may only come back as a change (变更) naming that
 * vehicle; a change must name our active vehicle with the same plate. The fleet can change
 * between save, declare and approval, so each of them asks again.
 */
export async function fleetConflicts(db: Db, enterpriseId: string, rows: readonly PlannedVehicle[]): Promise<FieldError[]> {
  if (rows.length === 0) return [];
  const plates = [...new Set(rows.map((row) => row.plate))];
  const replacedIds = [...new Set(rows.flatMap((row) => (row.replacesVehicleId ? [row.replacesVehicleId] : [])))];
  const [active, replaced] = await Promise.all([
    db.selectFrom('vehicles').select(['id', 'enterprise_id', 'plate']).where('status', '=', 'active').where('plate', 'in', plates).execute(),
    replacedIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('vehicles').select(['id', 'enterprise_id', 'plate', 'status']).where('id', 'in', replacedIds).execute(),
  ]);
  const activeByPlate = new Map(active.map((vehicle) => [vehicle.plate, vehicle]));
  const replacedById = new Map(replaced.map((vehicle) => [vehicle.id, vehicle]));
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    const holder = activeByPlate.get(row.plate);
    if (holder && holder.enterprise_id !== enterpriseId) {
      errors.push(problem(index, 'plate', 'PLATE_IN_OTHER_FLEET'));
      return;
    }
    if (row.replacesVehicleId) {
      const target = replacedById.get(row.replacesVehicleId);
      const fits = target && target.enterprise_id === enterpriseId && target.status === 'active' && target.plate === row.plate;
      if (!fits) errors.push(problem(index, 'replacesVehicleId', 'REPLACED_VEHICLE_INVALID'));
      return;
    }
    if (holder) errors.push(problem(index, 'plate', 'PLATE_IN_OWN_FLEET'));
  });
  return errors;
}

/**
 * Refuses a body the fleet does not allow. While the user is saving the form it is a 400 marking
 * the fields; on declare or approval (no form sent) a 409 with the first conflict's code and
 * every marked field.
 */
export async function assertFleetAllows(db: Db, enterpriseId: string, rows: readonly PlannedVehicle[], when: 'save' | 'declare' | 'approve'): Promise<void> {
  const errors = await fleetConflicts(db, enterpriseId, rows);
  if (errors.length === 0) return;
  const code: ErrorCode = when === 'save' ? 'VALIDATION' : (errors[0].code as FleetCode);
  throw new AppError(code, undefined, { fieldErrors: errors });
}
