import type { AppointmentDetail } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notify } from '../notifications/index.ts';
import { loadOwnAppointmentForUpdate, lockFleetVehicle, overlappingAppointment, publishSlots, publishStatus, recordChange, takePlace, type AppointmentRow } from './appointment-records.ts';
import { bookingRefusal } from './booking-rules.ts';
import { loadAppointmentDetail } from './get-appointment.ts';
import { nextAppointmentNo } from './numbers.ts';
import { terminalSettings } from './presenters.ts';
import { formatInZone } from './time-zone.ts';

/**
 * 提交: books the draft's slot in one transaction, or refuses with a 409 and leaves it a draft
 * (the transaction rolls back) that the user may move to another slot.
 *
 * Order matters: the appointment row is locked, the rules are checked, the vehicle row is locked
 * (so two bookings of one vehicle take turns and the overlap check cannot be raced), the booking is
 * written (number, history, audit, notices, detail), and last the conditional UPDATE takes a
 * place — the database's answer to "is a place left?", exact under any concurrency; no place
 * rolls the whole booking back. Taking the place last matters under a rush: the slot's row stays
 * locked from that UPDATE to COMMIT, and every booking of the slot queues on it, so the lock is
 * held for two statements, not for the whole booking (docs/performance.md, booking storm).
 * Ordinary: booked with its appointment number. Operational (作业): submitted, the place held
 * until the terminal operator accepts or rejects.
 */
export async function submitAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  return inTransaction(deps.db, async (trx) => {
    const draft = await loadOwnAppointmentForUpdate(trx, actor, id);
    if (draft.status !== 'draft') throw new AppError('APPOINTMENT_NOT_SUBMITTABLE');
    const terminalRow = await trx.selectFrom('terminals').selectAll().where('id', '=', draft.terminal_id).executeTakeFirstOrThrow();
    const terminal = terminalSettings(terminalRow);
    const slot = await trx.selectFrom('slots').selectAll().where('id', '=', draft.slot_id).executeTakeFirstOrThrow();
    const now = deps.clock.now();

    const refusal = bookingRefusal({
      now,
      terminal,
      slot: { localDate: slot.local_date, start: slot.start_at, capacity: { pickup: slot.capacity_pickup, delivery: slot.capacity_delivery } },
      flag: draft.flag,
    });
    if (refusal) throw new AppError(refusal);

    const vehicle = await lockFleetVehicle(trx, draft.enterprise_id, draft.vehicle_id);
    if (!vehicle) throw new AppError('VEHICLE_NOT_APPROVED');
    const busy = await overlappingAppointment(trx, vehicle.id, { start: slot.start_at, end: slot.end_at }, draft.id);
    if (busy) throw new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: busy.business_no } });

    // A slot already full is refused before any work; the snapshot can only say "full" when it
    // was. Whether a place is left is still decided by takePlace below.
    const [held, capacity] = draft.flag === 'pickup' ? [slot.booked_pickup, slot.capacity_pickup] : [slot.booked_delivery, slot.capacity_delivery];
    if (held >= capacity) throw new AppError('SLOT_FULL');

    const ordinary = draft.declaration_type === 'ordinary';
    const appointmentNo = ordinary ? await nextAppointmentNo(trx, now) : null;
    const booked = await trx
      .updateTable('appointments')
      .set({
        status: ordinary ? 'booked' : 'submitted',
        appointment_no: appointmentNo,
        plate: vehicle.plate,
        window_start: slot.start_at,
        window_end: slot.end_at,
        submitted_at: now,
        updated_at: now,
      })
      .where('id', '=', draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(
      trx,
      actor,
      booked,
      { action: ordinary ? 'booked' : 'submitted', from: 'draft', to: booked.status, detail: { slotId: slot.id, appointmentNo } },
      now,
    );
    if (ordinary) await notifyBooked(trx, booked, terminal.name, terminal.timeZone, now);
    await publishStatus(trx, booked);
    const detail = await loadAppointmentDetail(trx, { id: booked.id, enterpriseId: booked.enterprise_id });

    const taken = await takePlace(trx, slot.id, draft.flag);
    if (!taken) throw new AppError('SLOT_FULL');
    await publishSlots(trx, [taken]);
    return detail;
  });
}

/** 预约成功 reaches every user of the enterprise (also on the terminal operator's acceptance). */
export async function notifyBooked(trx: Db, appointment: AppointmentRow, terminalName: string, timeZone: string, at: Date): Promise<void> {
  const start = formatInZone(appointment.window_start!, timeZone).slice(0, 16).replace('T', ' ');
  await notify(trx, {
    enterpriseId: appointment.enterprise_id,
    kind: 'appointment.booked',
    title: '预约成功',
    body: `${appointment.plate} ${terminalName} ${start} 预约成功，提交货预约编号 ${appointment.appointment_no}`,
    data: { appointmentId: appointment.id, businessNo: appointment.business_no, appointmentNo: appointment.appointment_no },
    at,
  });
}
