import { sql } from 'kysely';

import type { AppointmentDetail, AppointmentFlag, AppointmentStatus } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { notify } from '../notifications/index.ts';
import { liveStatusLiterals, publishSlots, publishStatus, type AppointmentRow } from './appointment-records.ts';
import { bookingRefusal } from './booking-rules.ts';
import { loadAppointmentDetail } from './get-appointment.ts';
import { formatAppointmentNo } from './numbers.ts';
import { calendarDay, type SlotRow } from './presenters.ts';
import { formatInZone } from './time-zone.ts';

/**
 * The rules a submission must pass, checked on a snapshot in one query: the draft with its
 * terminal, slot and vehicle, and whether the vehicle is busy in an overlapping window. In a
 * booking rush most submissions meet a full slot; they are refused here, without a transaction.
 * The snapshot can only say "full" or "past" when it was; a pass is decided again under locks.
 */
interface Snapshot {
  slotId: string;
  vehicleId: string;
  flag: AppointmentFlag;
  ordinary: boolean;
  start: Date;
  end: Date;
  terminalName: string;
  timeZone: string;
}

async function precheck(db: Db, actor: Actor, id: string, now: Date): Promise<Snapshot> {
  if (!isUuid(id) || !actor.enterpriseId) throw notFound();
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('terminals as t', 't.id', 'a.terminal_id')
    .innerJoin('slots as s', 's.id', 'a.slot_id')
    .leftJoin('vehicles as v', (join) => join.onRef('v.id', '=', 'a.vehicle_id').onRef('v.enterprise_id', '=', 'a.enterprise_id').on('v.status', '=', 'active'))
    .select((eb) => [
      'a.id', 'a.status', 'a.flag', 'a.vehicle_id', 'a.slot_id', 'a.declaration_type',
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
  return {
    slotId: row.slot_id,
    vehicleId: row.vehicle_id,
    flag: row.flag,
    ordinary: row.declaration_type === 'ordinary',
    start: row.start_at,
    end: row.end_at,
    terminalName: row.terminal_name,
    timeZone: row.time_zone,
  };
}

/**
 * 提交: books the draft's slot in one transaction, or refuses with a 409 and leaves it a draft
 * that the user may move to another slot.
 *
 * First the rules are checked on a snapshot (`precheck`: one query, no locks), which refuses most
 * submissions of a rush once the slot is full. Then, in a transaction of two statements:
 * 1. the draft and its vehicle are locked together — two bookings of one vehicle take turns here,
 *    so the overlap check that follows cannot be raced; a draft changed since the snapshot (another
 *    slot or vehicle) has its rules checked again;
 * 2. one statement books: the vehicle must not be busy in an overlapping window, the conditional
 *    UPDATE takes a place (the database's answer to "is a place left?", exact under any
 *    concurrency), and only then are the appointment, its number, history, audit row and notices
 *    written. A submission that finds no place has written nothing.
 * The slot's row stays locked from that statement to COMMIT, so every booking of the slot queues
 * on it for one round trip (docs/performance.md, booking storm). The detail is read after the
 * commit. Ordinary: booked with its appointment number. Operational (作业): submitted, the place
 * held until the terminal operator accepts or rejects.
 */
export async function submitAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  const snapshot = await precheck(deps.db, actor, id, deps.clock.now());
  const booked = await inTransaction(deps.db, async (trx) => {
    const locked = await trx
      .selectFrom('appointments as a')
      .innerJoin('vehicles as v', 'v.id', 'a.vehicle_id')
      .select(['a.id', 'a.status', 'a.slot_id', 'a.vehicle_id', 'a.flag', 'a.declaration_type', 'v.plate', 'v.status as vehicle_status', 'v.enterprise_id as vehicle_enterprise_id'])
      .where('a.id', '=', id)
      .where('a.enterprise_id', '=', actor.enterpriseId!)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound();
    if (locked.status !== 'draft') throw new AppError('APPOINTMENT_NOT_SUBMITTABLE');
    const changed = locked.slot_id !== snapshot.slotId || locked.vehicle_id !== snapshot.vehicleId || locked.flag !== snapshot.flag || (locked.declaration_type === 'ordinary') !== snapshot.ordinary;
    const current = changed ? await precheck(trx, actor, id, deps.clock.now()) : snapshot;
    if (locked.vehicle_status !== 'active' || locked.vehicle_enterprise_id !== actor.enterpriseId) throw new AppError('VEHICLE_NOT_APPROVED');
    const result = await book(trx, actor, { id, plate: locked.plate, ...current }, deps.clock.now());
    if (!result.appointment) {
      if (result.busy) throw new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: result.busy } });
      throw new AppError('SLOT_FULL');
    }
    const { appointment, slot } = result;
    await publishSlots(trx, [slot!]);
    await publishStatus(trx, appointment);
    if (result.recipients.length > 0) {
      await publish(trx, { type: 'notification.appointment.booked', userIds: result.recipients, data: { kind: 'appointment.booked', title: BOOKED_TITLE, body: appointment.notice } });
    }
    return appointment;
  });
  return loadAppointmentDetail(deps.db, { id: booked.id, enterpriseId: booked.enterprise_id });
}

const BOOKED_TITLE = '预约成功';

interface BookResult {
  busy: string | null;
  slot: SlotRow | null;
  appointment: { id: string; enterprise_id: string; status: AppointmentStatus; notice: string } | null;
  recipients: string[];
}

/**
 * The booking's one statement. It writes what `recordChange` and `notifyBooked` write for a
 * booking (the same rows, in SQL), so that all of it depends on the place taken.
 */
async function book(trx: Db, actor: Actor, draft: Snapshot & { id: string; plate: string }, now: Date): Promise<BookResult> {
  const booked = draft.flag === 'pickup' ? sql.ref('booked_pickup') : sql.ref('booked_delivery');
  const capacity = draft.flag === 'pickup' ? sql.ref('capacity_pickup') : sql.ref('capacity_delivery');
  const status = draft.ordinary ? 'booked' : 'submitted';
  const action = draft.ordinary ? 'booked' : 'submitted';
  const prefix = formatAppointmentNo(now, 0).slice(0, -10);
  const noticeHead = bookedNoticeHead(draft.plate, draft.terminalName, draft.start, draft.timeZone);
  const kind = 'appointment.booked';
  const { rows } = await sql<{ busy: string | null; slot: Record<string, unknown> | null; appointment: { id: string; enterprise_id: string; status: AppointmentStatus; appointment_no: string | null; business_no: string } | null; recipients: string[] }>`
    with busy as (
      select o.business_no from appointments o
       where o.vehicle_id = ${draft.vehicleId}::uuid and o.status in (${sql.join(liveStatusLiterals)}) and o.id <> ${draft.id}::uuid
         and o.window_start < ${draft.end}::timestamptz and o.window_end > ${draft.start}::timestamptz
       limit 1
    ), taken as (
      update slots set ${booked} = ${booked} + 1
       where id = ${draft.slotId}::uuid and ${booked} < ${capacity} and not exists (select 1 from busy)
      returning *
    ), booked as (
      update appointments
         set status = ${status}, plate = ${draft.plate}, window_start = ${draft.start}::timestamptz, window_end = ${draft.end}::timestamptz,
             submitted_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
             appointment_no = case when ${draft.ordinary}::boolean then ${prefix} || lpad(nextval('appointment_no_seq')::text, 10, '0') end
       where id = ${draft.id}::uuid and exists (select 1 from taken)
      returning id, terminal_id, enterprise_id, status, appointment_no, business_no
    ), history as (
      insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
      select id, terminal_id, ${now}::timestamptz, ${actor.userId || null}::uuid, ${actor.username || 'system'}, ${action}, 'draft', status,
             jsonb_build_object('slotId', ${draft.slotId}::text, 'appointmentNo', appointment_no)
        from booked
    ), audited as (
      insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
      select ${now}::timestamptz, ${actor.userId || null}::uuid, ${actor.username || null}, enterprise_id, ${actor.ip ?? null}, ${`appointment.${action}`}, 'appointment', id::text,
             '{"status": "draft"}'::jsonb, jsonb_build_object('status', status, 'slotId', ${draft.slotId}::text, 'appointmentNo', appointment_no)
        from booked
    ), notified as (
      insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at)
      select u.id, u.enterprise_id, ${kind}, ${BOOKED_TITLE}, ${noticeHead} || b.appointment_no,
             jsonb_build_object('appointmentId', b.id, 'businessNo', b.business_no, 'appointmentNo', b.appointment_no), ${now}::timestamptz
        from booked b join users u on u.enterprise_id = b.enterprise_id
       where ${draft.ordinary}::boolean and not exists (select 1 from notification_optouts o where o.user_id = u.id and o.kind = ${kind})
      returning user_id
    )
    select (select business_no from busy) as busy,
           (select to_jsonb(taken) from taken) as slot,
           (select to_jsonb(booked) from booked) as appointment,
           coalesce((select json_agg(user_id) from notified), '[]'::json) as recipients`.execute(trx);
  const row = rows[0];
  const appointment = row.appointment ? { ...row.appointment, notice: `${noticeHead}${row.appointment.appointment_no ?? ''}` } : null;
  return { busy: row.busy, slot: row.slot as unknown as SlotRow | null, appointment, recipients: row.recipients };
}

/** The 预约成功 notice's text up to the appointment number, which follows it. */
function bookedNoticeHead(plate: string, terminalName: string, slotStart: Date, timeZone: string): string {
  const start = formatInZone(slotStart, timeZone).slice(0, 16).replace('T', ' ');
  return `${plate} ${terminalName} ${start} 预约成功，提交货预约编号 `;
}

/** 预约成功 reaches every user of the enterprise (also on the terminal operator's acceptance). */
export async function notifyBooked(trx: Db, appointment: AppointmentRow, terminalName: string, timeZone: string, at: Date): Promise<void> {
  await notify(trx, {
    enterpriseId: appointment.enterprise_id,
    kind: 'appointment.booked',
    title: BOOKED_TITLE,
    body: `${bookedNoticeHead(appointment.plate, terminalName, appointment.window_start!, timeZone)}${appointment.appointment_no}`,
    data: { appointmentId: appointment.id, businessNo: appointment.business_no, appointmentNo: appointment.appointment_no },
    at,
  });
}
