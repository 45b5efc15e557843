import type { FilingVehicleData } from '@cargo-window/contracts';

import type { Db } from '../../platform/db.ts';

/** Stores a body, numbering its rows 1..n in the order given (序号 is never entered). */
export async function insertBody(trx: Db, filingId: string, vehicles: readonly FilingVehicleData[]): Promise<void> {
  if (vehicles.length === 0) return;
  await trx
    .insertInto('vehicle_filing_rows')
    .values(
      vehicles.map((vehicle, index) => ({
        filing_id: filingId,
        seq: index + 1,
        plate: vehicle.plate,
        plate_color: vehicle.plateColor,
        vehicle_type: vehicle.vehicleType,
        rated_load_kg: vehicle.ratedLoadKg,
        driver_name: vehicle.driverName,
        driver_id_no: vehicle.driverIdNo,
        driver_phone: vehicle.driverPhone,
        vin: vehicle.vin,
        permit_no: vehicle.permitNo,
        replaces_vehicle_id: vehicle.replacesVehicleId,
      })),
    )
    .execute();
}
