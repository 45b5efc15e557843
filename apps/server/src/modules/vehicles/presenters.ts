import type { Selectable } from 'kysely';

import type { FilingHistoryEntry, FilingVehicle, Vehicle, VehicleFiling, VehicleFilingSummary } from '@cargo-window/contracts';

import type { FilingHistoryTable, VehicleFilingRowsTable, VehicleFilingsTable, VehiclesTable } from '../../platform/db-schema.ts';

export type FilingRow = Selectable<VehicleFilingsTable>;
export type FilingBodyRow = Selectable<VehicleFilingRowsTable>;
export type VehicleRow = Selectable<VehiclesTable>;
export type HistoryRow = Selectable<FilingHistoryTable>;

/** The enterprise fields shown grey in the header, and who declared. */
export interface FilingParty {
  enterpriseName: string;
  uscc: string;
  customsCode: string | null;
  declarant: string | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function presentFilingVehicle(row: FilingBodyRow): FilingVehicle {
  return {
    seq: row.seq,
    plate: row.plate,
    plateColor: row.plate_color,
    vehicleType: row.vehicle_type,
    ratedLoadKg: row.rated_load_kg,
    driverName: row.driver_name,
    driverIdNo: row.driver_id_no,
    driverPhone: row.driver_phone,
    vin: row.vin,
    permitNo: row.permit_no,
    replacesVehicleId: row.replaces_vehicle_id,
    vehicleId: row.vehicle_id,
  };
}

export function presentHistory(row: HistoryRow): FilingHistoryEntry {
  return { at: row.at.toISOString(), actor: row.actor_username, action: row.action, detail: row.detail };
}

export function presentFiling(filing: FilingRow, party: FilingParty, rows: FilingBodyRow[], history: HistoryRow[]): VehicleFiling {
  return {
    id: filing.id,
    enterpriseId: filing.enterprise_id,
    status: filing.status,
    header: {
      enterpriseName: party.enterpriseName,
      uscc: party.uscc,
      customsCode: party.customsCode,
      declarant: party.declarant,
      contactName: filing.contact_name,
      contactPhone: filing.contact_phone,
      remarks: filing.remarks,
    },
    vehicles: rows.map(presentFilingVehicle),
    returnReason: filing.return_reason,
    createdAt: filing.created_at.toISOString(),
    updatedAt: filing.updated_at.toISOString(),
    declaredAt: iso(filing.declared_at),
    reviewedAt: iso(filing.reviewed_at),
    history: history.map(presentHistory),
  };
}

export function presentFilingSummary(filing: FilingRow & { enterprise_name: string }, plates: string[]): VehicleFilingSummary {
  return {
    id: filing.id,
    enterpriseId: filing.enterprise_id,
    enterpriseName: filing.enterprise_name,
    status: filing.status,
    contactName: filing.contact_name,
    vehicleCount: plates.length,
    plates,
    returnReason: filing.return_reason,
    createdAt: filing.created_at.toISOString(),
    declaredAt: iso(filing.declared_at),
    reviewedAt: iso(filing.reviewed_at),
  };
}

export function presentVehicle(row: VehicleRow): Vehicle {
  return {
    id: row.id,
    plate: row.plate,
    plateColor: row.plate_color,
    vehicleType: row.vehicle_type,
    ratedLoadKg: row.rated_load_kg,
    driverName: row.driver_name,
    driverIdNo: row.driver_id_no,
    driverPhone: row.driver_phone,
    vin: row.vin,
    permitNo: row.permit_no,
    status: row.status,
    filingId: row.filing_id,
    approvedAt: row.approved_at.toISOString(),
    cancelledAt: iso(row.cancelled_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
