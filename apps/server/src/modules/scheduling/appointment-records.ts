import { sql, type Selectable } from 'kysely';

import { appointmentReaders, liveAppointmentStatuses, type AppointmentFlag, type AppointmentStatus, type FieldError } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { auditRow } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import type { AppointmentsTable, VehiclesTable } from '../../platform/db-schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { publish, type LiveEvent } from '../../platform/events.ts';
import { isUuid } from '../identity/index.ts';
import type { SlotRow, TerminalRow } from './presenters.ts';

export type AppointmentRow = Selectable<AppointmentsTable>;

/**
 * The live statuses as SQL literals, not parameters: a prepared statement's generic plan can then
 * prove that the partial indexes of live appointments apply, and is reused instead of planned anew.
 */
export const liveStatusLiterals = liveAppointmentStatuses.map((status) => sql.lit(status));
export type VehicleRow = Selectable<VehiclesTable>;

/** The actor's enterprise's appointment, locked for the change; anyone else's is "not found". */
export async function loadOwnAppointmentForUpdate(trx: Db, actor: Actor, id: string): Promise<AppointmentRow> {
  if (!isUuid(id) || !actor.enterpriseId) throw notFound();
  const row = await trx.selectFrom('appointments').selectAll().where('id', '=', id).where('enterprise_id', '=', actor.enterpriseId).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** An appointment at the terminal operator's own terminal, locked for its decision. */
export async function loadTerminalAppointmentForUpdate(trx: Db, actor: Actor, id: string): Promise<AppointmentRow> {
  if (!isUuid(id) || actor.role !== 'terminal_operator' || !actor.terminalId) throw notFound();
  const row = await trx.selectFrom('appointments').selectAll().where('id', '=', id).where('terminal_id', '=', actor.terminalId).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export interface Change {
  action: string;
  from: AppointmentStatus | null;
  to: AppointmentStatus | null;
  detail?: Record<string, unknown>;
}

/** The history row (the detail page's sub-table) and the audit row of one change, in its transaction. */
export async function recordChange(trx: Db, actor: Actor | null, appointment: Pick<AppointmentRow, 'id' | 'terminal_id' | 'enterprise_id'>, change: Change, at: Date): Promise<void> {
  // Both rows in one statement: one round trip on every change of every appointment.
  await trx
    .with('history', (db) =>
      db
        .insertInto('appointment_history')
        .values({
          appointment_id: appointment.id,
          terminal_id: appointment.terminal_id,
          at,
          actor_id: actor?.userId || null,
          actor_username: actor?.username || 'system',
          action: change.action,
          from_status: change.from,
          to_status: change.to,
          detail: change.detail ? JSON.stringify(change.detail) : null,
        })
        .returning('id'),
    )
    .insertInto('audit_log')
    .values(
      auditRow(
        actor,
        {
          action: `appointment.${change.action}`,
          entityType: 'appointment',
          entityId: appointment.id,
          enterpriseId: appointment.enterprise_id,
          before: { status: change.from },
          after: { status: change.to, ...change.detail },
        },
        at,
      ),
    )
    .execute();
}

/**
 * The enterprise's fleet vehicle, row-locked: two bookings of one vehicle take turns here, so the
 * "no other live appointment in an overlapping window" check that follows cannot be raced.
 */
export async function lockFleetVehicle(trx: Db, enterpriseId: string, vehicleId: string): Promise<VehicleRow | null> {
  if (!isUuid(vehicleId)) return null;
  const row = await trx.selectFrom('vehicles').selectAll().where('id', '=', vehicleId).forUpdate().executeTakeFirst();
  if (!row || row.enterprise_id !== enterpriseId || row.status !== 'active') return null;
  return row;
}

/** Another live appointment of the vehicle whose window overlaps [start, end), if any. */
export async function overlappingAppointment(trx: Db, vehicleId: string, window: { start: Date; end: Date }, exceptId: string) {
  return trx
    .selectFrom('appointments')
    .select(['id', 'business_no', 'window_start', 'window_end'])
    .where('vehicle_id', '=', vehicleId)
    .where('status', 'in', liveStatusLiterals)
    .where('id', '!=', exceptId)
    .where('window_start', '<', window.end)
    .where('window_end', '>', window.start)
    .executeTakeFirst();
}

/** Gives a place back (cancel, reject). */
export async function returnPlace(trx: Db, slotId: string, flag: AppointmentFlag): Promise<SlotRow | undefined> {
  switch (flag) {
    case 'pickup':
      return trx.updateTable('slots').set((eb) => ({ booked_pickup: eb('booked_pickup', '-', 1) })).where('id', '=', slotId).where('booked_pickup', '>', 0).returningAll().executeTakeFirst();
    case 'delivery':
      return trx.updateTable('slots').set((eb) => ({ booked_delivery: eb('booked_delivery', '-', 1) })).where('id', '=', slotId).where('booked_delivery', '>', 0).returningAll().executeTakeFirst();
    default: {
      const never: never = flag;
      throw new Error(`unknown flag ${String(never)}`);
    }
  }
}

/** The driver named on an appointment: the fleet vehicle's unless the request names another. */
export function driverOf(vehicle: VehicleRow, input: { driverName?: string; driverPhone?: string; driverIdNo?: string }) {
  const name = input.driverName ?? vehicle.driver_name;
  const sameDriver = name === vehicle.driver_name;
  return {
    driver_name: name,
    driver_phone: input.driverPhone ?? vehicle.driver_phone,
    driver_id_no: input.driverIdNo ?? (sameDriver ? vehicle.driver_id_no : null),
  };
}

/**
 * What a draft names — terminal, slot, vehicle — checked together, so the form learns every bad
 * field at once. A slot of another terminal and another enterprise's vehicle are simply invalid.
 * A value that is not an id at all is the schema's to report: it is skipped here, as is a slot
 * whose terminal is unknown.
 */
export async function draftReferenceErrors(
  trx: Db,
  actor: Actor,
  input: { terminalId?: unknown; slotId?: unknown; vehicleId?: unknown },
): Promise<{ errors: FieldError[]; terminal?: TerminalRow; slot?: SlotRow; vehicle?: VehicleRow }> {
  const errors: FieldError[] = [];
  const idOf = (value: unknown) => (typeof value === 'string' && isUuid(value) ? value : undefined);
  const [terminalId, slotId, vehicleId] = [idOf(input.terminalId), idOf(input.slotId), idOf(input.vehicleId)];
  const terminal = terminalId ? await trx.selectFrom('terminals').selectAll().where('id', '=', terminalId).executeTakeFirst() : undefined;
  if (terminalId && !terminal) errors.push({ field: 'terminalId', code: 'TERMINAL_UNKNOWN', message: 'TERMINAL_UNKNOWN' });
  const slot = terminal && slotId ? await trx.selectFrom('slots').selectAll().where('id', '=', slotId).where('terminal_id', '=', terminal.id).executeTakeFirst() : undefined;
  if (terminal && slotId && !slot) errors.push({ field: 'slotId', code: 'SLOT_UNKNOWN', message: 'SLOT_UNKNOWN' });
  const vehicle = vehicleId && actor.enterpriseId ? await trx.selectFrom('vehicles').selectAll().where('id', '=', vehicleId).where('enterprise_id', '=', actor.enterpriseId).executeTakeFirst() : undefined;
  if (vehicleId && !vehicle) errors.push({ field: 'vehicleId', code: 'VEHICLE_UNKNOWN', message: 'VEHICLE_UNKNOWN' });
  else if (vehicle && vehicle.status !== 'active') errors.push({ field: 'vehicleId', code: 'VEHICLE_NOT_APPROVED', message: 'VEHICLE_NOT_APPROVED' });
  return { errors, terminal, slot, vehicle };
}

/** The draft's terminal, slot and vehicle, or a 400 naming every one that is wrong. */
export async function resolveDraftReferences(
  trx: Db,
  actor: Actor,
  input: { terminalId: string; slotId: string; vehicleId: string },
): Promise<{ terminal: TerminalRow; slot: SlotRow; vehicle: VehicleRow }> {
  const { errors, terminal, slot, vehicle } = await draftReferenceErrors(trx, actor, input);
  if (errors.length > 0 || !terminal || !slot || !vehicle) throw new AppError('VALIDATION', undefined, { fieldErrors: errors });
  return { terminal, slot, vehicle };
}

export async function replaceAwbs(trx: Db, appointment: Pick<AppointmentRow, 'id' | 'terminal_id'>, awbs: readonly { awb: string; pieces: number; weightKg: number }[]): Promise<void> {
  await trx.deleteFrom('appointment_awbs').where('appointment_id', '=', appointment.id).execute();
  await trx
    .insertInto('appointment_awbs')
    .values(awbs.map((row, index) => ({ appointment_id: appointment.id, terminal_id: appointment.terminal_id, seq: index + 1, awb: row.awb, pieces: row.pieces, weight_kg: row.weightKg })))
    .execute();
}

/**
 * Live events, sent only if the transaction commits: the slots' new counts for the public capacity
 * board, and an appointment's new status for its enterprise's open pages.
 */
export async function publishSlots(trx: Db, slots: readonly SlotRow[]): Promise<void> {
  if (slots.length === 0) return;
  const { terminal_id: terminalId, local_date: date } = slots[0];
  await publish(trx, {
    type: 'slot.changed',
    terminalId,
    public: true,
    data: {
      terminalId,
      date,
      slots: slots.map((slot) => ({
        id: slot.id,
        capacity: { pickup: slot.capacity_pickup, delivery: slot.capacity_delivery },
        booked: { pickup: slot.booked_pickup, delivery: slot.booked_delivery },
      })),
    },
  });
}

/** An appointment's new status, for the pages of its enterprise's users who read appointments. */
export function appointmentStatusEvent(appointment: Pick<AppointmentRow, 'id' | 'enterprise_id' | 'status'>): LiveEvent {
  return { type: 'appointment.status', enterpriseId: appointment.enterprise_id, permissions: appointmentReaders, data: { id: appointment.id, status: appointment.status } };
}

export async function publishStatus(trx: Db, appointment: Pick<AppointmentRow, 'id' | 'enterprise_id' | 'status'>): Promise<void> {
  await publish(trx, appointmentStatusEvent(appointment));
}
