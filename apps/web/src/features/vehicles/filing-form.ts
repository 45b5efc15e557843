import { normalizePlate, type FieldError, type SaveFilingRequest, type Vehicle, type VehicleFiling } from '@cargo-window/contracts';

import type { FilingFormValues, VehicleRowValues } from './rules.ts';

const trim = (value: string | undefined | null) => (value ?? '').trim();
const upperTrim = (value: string | undefined | null) => trim(value).toUpperCase();

/** A saved filing as the form holds it. */
export function filingToForm(filing: VehicleFiling): FilingFormValues {
  return {
    header: { contactName: filing.header.contactName, contactPhone: filing.header.contactPhone, remarks: filing.header.remarks ?? '' },
    vehicles: filing.vehicles.map((row) => ({
      plate: row.plate,
      plateColor: row.plateColor,
      vehicleType: row.vehicleType,
      ratedLoadKg: String(row.ratedLoadKg),
      driverName: row.driverName,
      driverIdNo: row.driverIdNo,
      driverPhone: row.driverPhone,
      vin: row.vin ?? '',
      permitNo: row.permitNo ?? '',
      replacesVehicleId: row.replacesVehicleId,
    })),
  };
}

/** 变更: a new filing whose one row is the fleet vehicle's, marked as replacing it. */
export function changeOf(vehicle: Vehicle): VehicleRowValues {
  return {
    plate: vehicle.plate,
    plateColor: vehicle.plateColor,
    vehicleType: vehicle.vehicleType,
    ratedLoadKg: String(vehicle.ratedLoadKg),
    driverName: vehicle.driverName,
    driverIdNo: vehicle.driverIdNo,
    driverPhone: vehicle.driverPhone,
    vin: vehicle.vin ?? '',
    permitNo: vehicle.permitNo ?? '',
    replacesVehicleId: vehicle.id,
  };
}

/** The body of 暂存 (POST/PUT): codes upper-cased, empty optionals null, the load a number. */
export function formToRequest(values: FilingFormValues): SaveFilingRequest {
  const remarks = trim(values.header.remarks);
  return {
    header: { contactName: trim(values.header.contactName), contactPhone: trim(values.header.contactPhone), remarks: remarks || null },
    vehicles: (values.vehicles ?? []).map((row) => ({
      plate: normalizePlate(row.plate ?? ''),
      plateColor: row.plateColor!,
      vehicleType: row.vehicleType!,
      ratedLoadKg: Number(trim(row.ratedLoadKg)),
      driverName: trim(row.driverName),
      driverIdNo: upperTrim(row.driverIdNo),
      driverPhone: trim(row.driverPhone),
      vin: upperTrim(row.vin) || null,
      permitNo: upperTrim(row.permitNo) || null,
      replacesVehicleId: row.replacesVehicleId ?? null,
    })),
  };
}

/**
 * Server field → form field where they differ: a row's `replacesVehicleId` has no cell of its
 * own, so its error (REPLACED_VEHICLE_INVALID) shows on that row's plate.
 */
export function renameServerFields(fieldErrors: readonly FieldError[]): Record<string, string> {
  const rename: Record<string, string> = {};
  for (const { field } of fieldErrors) {
    const match = /^vehicles\.(\d+)\.replacesVehicleId$/.exec(field);
    if (match) rename[field] = `vehicles.${match[1]}.plate`;
  }
  return rename;
}
