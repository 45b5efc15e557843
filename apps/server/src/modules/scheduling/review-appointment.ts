import type { TerminalAppointment } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notice, notify } from '../notifications/index.ts';
import { loadTerminalAppointmentForUpdate, publishSlots, publishStatus, recordChange, returnPlace } from './appointment-records.ts';
import { listBase } from './list-appointments.ts';
import { presentAppointmentSummary, presentAwb, terminalSettings, type AppointmentListRow } from './presenters.ts';
import { nextAppointmentNo } from './numbers.ts';
import { notifyBooked } from './submit-appointment.ts';

/** An operational (作业) appointment the terminal accepts: booked, with its appointment number. */
export async function acceptAppointment(deps: Deps, actor: Actor, id: string): Promise<TerminalAppointment> {
  return inTransaction(deps.db, async (trx) => {
    const appointment = await loadTerminalAppointmentForUpdate(trx, actor, id);
    if (appointment.status !== 'submitted') throw new AppError('APPOINTMENT_NOT_REVIEWABLE');
    const now = deps.clock.now();
    const appointmentNo = await nextAppointmentNo(trx, now);
    const booked = await trx
      .updateTable('appointments')
      .set({ status: 'booked', appointment_no: appointmentNo, updated_at: now })
      .where('id', '=', appointment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, booked, { action: 'accepted', from: 'submitted', to: 'booked', detail: { appointmentNo } }, now);
    const terminal = terminalSettings(await trx.selectFrom('terminals').selectAll().where('id', '=', booked.terminal_id).executeTakeFirstOrThrow());
    await notifyBooked(trx, booked, terminal.name, terminal.timeZone, now);
    await publishStatus(trx, booked);
    return loadTerminalAppointment(trx, booked.id);
  });
}

/** Rejected (已退回) with the terminal's reason; the held place returns to the slot. */
export async function rejectAppointment(deps: Deps, actor: Actor, id: string, input: { reason: string }): Promise<TerminalAppointment> {
  return inTransaction(deps.db, async (trx) => {
    const appointment = await loadTerminalAppointmentForUpdate(trx, actor, id);
    if (appointment.status !== 'submitted') throw new AppError('APPOINTMENT_NOT_REVIEWABLE');
    const now = deps.clock.now();
    const slot = await returnPlace(trx, appointment.slot_id, appointment.flag);
    const rejected = await trx
      .updateTable('appointments')
      .set({ status: 'rejected', reject_reason: input.reason, updated_at: now })
      .where('id', '=', appointment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, rejected, { action: 'rejected', from: 'submitted', to: 'rejected', detail: { reason: input.reason } }, now);
    await publishStatus(trx, rejected);
    if (slot) await publishSlots(trx, [slot]);
    await notify(trx, {
      enterpriseId: rejected.enterprise_id,
      ...notice('appointment.rejected', { plate: rejected.plate, businessNo: rejected.business_no, reason: input.reason }, { appointmentId: rejected.id }),
      at: now,
    });
    return loadTerminalAppointment(trx, rejected.id);
  });
}

async function loadTerminalAppointment(db: Db, id: string): Promise<TerminalAppointment> {
  const row = await listBase(db)
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select(['e.id as enterprise_id', 'e.name as enterprise_name', 'a.driver_name', 'a.driver_phone', 'a.reject_reason'])
    .where('a.id', '=', id)
    .executeTakeFirstOrThrow();
  const awbs = await db.selectFrom('appointment_awbs').select(['seq', 'awb', 'pieces', 'weight_kg']).where('appointment_id', '=', id).orderBy('seq').execute();
  return {
    ...presentAppointmentSummary(row as AppointmentListRow),
    enterprise: { id: row.enterprise_id, name: row.enterprise_name },
    driverName: row.driver_name,
    driverPhone: row.driver_phone,
    rejectReason: row.reject_reason,
    awbs: awbs.map(presentAwb),
  };
}
