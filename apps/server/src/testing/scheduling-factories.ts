import { residentIdCheckChar } from '@cargo-window/contracts';

import type { Db } from '../platform/db.ts';

let counter = 0;

/** A valid ordinary plate, unique within a test process (京A + 5 serial characters). */
export function uniquePlate(): string {
  counter += 1;
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const n = (process.pid % 1000) * 1000 + counter;
  return `京${letters[Math.floor(n / 100000) % letters.length]}${String(n % 100000).padStart(5, '0')}`;
}

export function residentId(first17 = '11010519491231002'): string {
  return first17 + residentIdCheckChar(first17);
}

/**
 * An approved vehicle of an enterprise's fleet, written straight to the tables (an approved filing
 * and its active vehicle) instead of going through filing and review.
 */
export async function fleetVehicle(
  db: Db,
  owner: { enterpriseId: string; userId: string },
  overrides: { plate?: string; driverName?: string; driverPhone?: string; status?: 'active' | 'cancelled' } = {},
) {
  const now = new Date();
  const filing = await db
    .insertInto('vehicle_filings')
    .values({
      enterprise_id: owner.enterpriseId,
      status: 'approved',
      contact_name: '张三',
      contact_phone: '13800138000',
      created_by: owner.userId,
      declared_by: owner.userId,
      created_at: now,
      updated_at: now,
      declared_at: now,
      reviewed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cancelled = overrides.status === 'cancelled';
  return db
    .insertInto('vehicles')
    .values({
      enterprise_id: owner.enterpriseId,
      plate: overrides.plate ?? uniquePlate(),
      plate_color: 'blue',
      vehicle_type: 'van',
      rated_load_kg: 5000,
      driver_name: overrides.driverName ?? '李司机',
      driver_id_no: residentId(),
      driver_phone: overrides.driverPhone ?? '13900139000',
      status: cancelled ? 'cancelled' : 'active',
      filing_id: filing.id,
      approved_at: now,
      cancelled_at: cancelled ? now : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Takes a vehicle out of the fleet (注销), as the vehicles module does. */
export async function cancelFleetVehicle(db: Db, vehicleId: string): Promise<void> {
  const now = new Date();
  await db.updateTable('vehicles').set({ status: 'cancelled', cancelled_at: now, updated_at: now }).where('id', '=', vehicleId).execute();
}

/** AWB numbers with a valid check digit: prefix + 7 serial digits + (serial mod 7). */
export function validAwb(serial: number, prefix = '176'): string {
  const seven = String(serial % 10_000_000).padStart(7, '0');
  return `${prefix}-${seven}${Number(seven) % 7}`;
}
