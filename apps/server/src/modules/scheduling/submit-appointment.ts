import type { AppointmentDetail } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { liveStatusLiterals, loadOwnAppointmentForUpdate, lockFleetVehicle, overlappingAppointment, publishSlots, publishStatus, recordChange, takePlace, type AppointmentRow } from './appointment-records.ts';
import { bookingRefusal } from './booking-rules.ts';
import { loadAppointmentDetail } from './get-appointment.ts';
import { nextAppointmentNo } from './numbers.ts';
import { calendarDay, terminalSettings } from './presenters.ts';
import { formatInZone } from './time-zone.ts';

/**
 * The rules a submission must pass, checked on a snapshot in one query: the draft with its
 * terminal, slot and vehicle, and whether the vehicle is busy in an overlapping window. In a
 * booking rush most submissions meet a full slot; they are refused here, without a transaction.
 * The snapshot can only say "full" or "past" when it was; a pass is decided again under locks.
 */
async function precheck(db: Db, actor: Actor, id: string, now: Date): Promise<{ terminalName: string; timeZone: string }> {
  if (!isUuid(id) || !actor.enterpriseId) throw notFound();
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('terminals as t', 't.id', 'a.terminal_id')
    .innerJoin('slots as s', 's.id', 'a.slot_id')
    .leftJoin('vehicles as v', (join) => join.onRef('v.id', '=', 'a.vehicle_id').onRef('v.enterprise_id', '=', 'a.enterprise_id').on('v.status', '=', 'active'))
    .select((eb) => [
      'a.id', 'a.status', 'a.flag', 'a.vehicle_id',
      't.name as terminal_name', 't.time_zone', 't.horizon_days', 't.min_lead_minutes', 't.closed_dates',
      's.local_date', 's.start_at', 's.end_at', 's.capacity_pickup', 's.capacity_delivery', 's.booked_pickup', 's.booked_delivery',
      'v.id as active_vehicle_id',
      eb
        .selectFrom('appointments as o')
        .select('o.business_no')
        .whereRef('o.vehicle_id', '=', 'a.vehicle_id')
        .where('o.status', 'in', liveStatusLiterals)
        .whereRef('o.id', '!=', 'a.id')
        .whereRef('o.window_start', '<', 's.end_at')
        .whereRef('o.window_end', '>', 's.start_at')
        .limit(1)
        .as('busy_business_no'),
    ])
    .where('a.id', '=', id)
    .where('a.enterprise_id', '=', actor.enterpriseId)
    .executeTakeFirst();
  if (!row) throw notFound();
  if (row.status !== 'draft') throw new AppError('APPOINTMENT_NOT_SUBMITTABLE');
  const refusal = bookingRefusal({
    now,
    terminal: { timeZone: row.time_zone, horizonDays: row.horizon_days, minLeadMinutes: row.min_lead_minutes, closedDates: (row.closed_dates ?? []).map(calendarDay) },
    slot: { localDate: row.local_date, start: row.start_at, capacity: { pickup: row.capacity_pickup, delivery: row.capacity_delivery } },
    flag: row.flag,
  });
  if (refusal) throw new AppError(refusal);
  if (!row.active_vehicle_id) throw new AppError('VEHICLE_NOT_APPROVED');
  if (row.busy_business_no) throw new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: row.busy_business_no } });
  const [held, capacity] = row.flag === 'pickup' ? [row.booked_pickup, row.capacity_pickup] : [row.booked_delivery, row.capacity_delivery];
  if (held >= capacity) throw new AppError('SLOT_FULL');
  return { terminalName: row.terminal_name, timeZone: row.time_zone };
}

/**
 * 提交: books the draft's slot in one transaction, or refuses with a 409 and leaves it a draft
 * (the transaction rolls back) that the user may move to another slot.
 *
 * First the rules are checked on a snapshot (`precheck`: one query, no locks), which refuses most
 * submissions of a rush once the slot is full. Then, in the transaction: the appointment row is
 * locked and the rules checked again on what it names now, the vehicle row is locked (so two
 * bookings of one vehicle take turns and the overlap check cannot be raced), a place is taken, and
 * the booking is written (number, history,
 * audit, notices). The conditional UPDATE that takes a place — the database's answer to "is a place
 * left?", exact under any concurrency — comes right before the writes: in a rush most submissions
 * pass the snapshot check together and then find no place, and they stop there, having written
 * nothing. The slot's row stays locked from that UPDATE to COMMIT (four statements), and every
 * booking of the slot queues on it (docs/performance.md, booking storm). The detail is read after
 * the commit.
 * Ordinary: booked with its appointment number. Operational (作业): submitted, the place held
 * until the terminal operator accepts or rejects.
 */
export async function submitAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  await precheck(deps.db, actor, id, deps.clock.now());
  const booked = await inTransaction(deps.db, async (trx) => {
    const draft = await loadOwnAppointmentForUpdate(trx, actor, id);
    if (draft.status !== 'draft') throw new AppError('APPOINTMENT_NOT_SUBMITTABLE');
    const [terminalRow, slot] = await Promise.all([
      trx.selectFrom('terminals').selectAll().where('id', '=', draft.terminal_id).executeTakeFirstOrThrow(),
      trx.selectFrom('slots').selectAll().where('id', '=', draft.slot_id).executeTakeFirstOrThrow(),
    ]);
    const terminal = terminalSettings(terminalRow);
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

    // The place is taken before the booking's writes: a submission that finds none has written
    // nothing to undo. From here to COMMIT the slot's row is held; what follows is four statements.
    const taken = await takePlace(trx, slot.id, draft.flag);
    if (!taken) throw new AppError('SLOT_FULL');
    await publishSlots(trx, [taken]);

    const ordinary = draft.declaration_type === 'ordinary';
    const appointmentNo = ordinary ? await nextAppointmentNo(trx, now) : null;
    const row = await trx
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
      row,
      { action: ordinary ? 'booked' : 'submitted', from: 'draft', to: row.status, detail: { slotId: slot.id, appointmentNo } },
      now,
    );
    if (ordinary) await notifyBooked(trx, row, terminal.name, terminal.timeZone, now);
    await publishStatus(trx, row);

    return row;
  });
  return loadAppointmentDetail(deps.db, { id: booked.id, enterpriseId: booked.enterprise_id });
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
