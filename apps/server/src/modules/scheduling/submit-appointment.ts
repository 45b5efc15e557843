import { sql } from 'kysely';

import { noticeRecord, type AppointmentDetail, type AppointmentFlag, type AppointmentStatus, type NoticeParams } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { BatchQueue, recoverFailedBatch } from '../../platform/batch-queue.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { notice, noticeEvent, notify } from '../notifications/index.ts';
import { liveStatusLiterals, publishSlots, publishStatus, type AppointmentRow } from './appointment-records.ts';
import { bookingRefusal } from './booking-rules.ts';
import { loadAppointmentDetails } from './get-appointment.ts';
import { formatAppointmentNo } from './numbers.ts';
import { calendarDay, type SlotRow } from './presenters.ts';
import { dateTimeText } from './time-zone.ts';

/** A submission waiting for its batch. */
interface PendingSubmit {
  actor: Actor;
  enterpriseId: string;
  id: string;
  /** Times its batch failed on a deadlock or serialization conflict. */
  retries: number;
  resolve: (detail: AppointmentDetail) => void;
  reject: (error: unknown) => void;
}

/** The draft with its terminal, slot and vehicle, as one row of the snapshot query. */
interface SnapshotRow {
  n: number;
  status: AppointmentStatus;
  flag: AppointmentFlag;
  vehicle_id: string;
  slot_id: string;
  declaration_type: string;
  terminal_name: string;
  time_zone: string;
  horizon_days: number;
  min_lead_minutes: number;
  closed_dates: unknown[] | null;
  local_date: string;
  start_at: Date;
  end_at: Date;
  capacity_pickup: number;
  capacity_delivery: number;
  booked_pickup: number;
  booked_delivery: number;
  active_vehicle_id: string | null;
  busy_business_no: string | null;
}

/** What a submission that passed its rules books. */
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

/** A draft asked for by its enterprise. */
type DraftKey = Pick<PendingSubmit, 'id' | 'enterpriseId'>;

/** The drafts as rows `r(n, id, enterprise_id)`, `n` being each one's place in the list. */
const draftRecords = (drafts: readonly DraftKey[]) =>
  sql`json_to_recordset(${JSON.stringify(drafts.map((d, n) => ({ n, id: d.id, enterprise_id: d.enterpriseId })))}::json) as r(n int, id uuid, enterprise_id uuid)`;

/**
 * The rules' inputs for many drafts in one query, without locks: the draft with its terminal,
 * slot and vehicle, and whether the vehicle is busy in an overlapping window. Keyed by the
 * draft's place in `drafts`; a draft that is not the enterprise's is missing.
 */
async function loadSnapshots(db: Db, drafts: readonly DraftKey[]): Promise<Map<number, SnapshotRow>> {
  const { rows } = await sql<SnapshotRow>`
    select r.n, a.status, a.flag, a.vehicle_id, a.slot_id, a.declaration_type,
           t.name as terminal_name, t.time_zone, t.horizon_days, t.min_lead_minutes, t.closed_dates,
           s.local_date, s.start_at, s.end_at, s.capacity_pickup, s.capacity_delivery, s.booked_pickup, s.booked_delivery,
           v.id as active_vehicle_id,
           (select o.business_no from appointments o
             where o.vehicle_id = a.vehicle_id and o.status in (${sql.join(liveStatusLiterals)}) and o.id <> a.id
               and o.window_start < s.end_at and o.window_end > s.start_at
             limit 1) as busy_business_no
      from ${draftRecords(drafts)}
      join appointments a on a.id = r.id and a.enterprise_id = r.enterprise_id
      join terminals t on t.id = a.terminal_id
      join slots s on s.id = a.slot_id
      left join vehicles v on v.id = a.vehicle_id and v.enterprise_id = a.enterprise_id and v.status = 'active'`.execute(db);
  return new Map(rows.map((row) => [row.n, row]));
}

/** The rules on a snapshot: what the draft would book, or why it is refused. */
function evaluate(row: SnapshotRow, now: Date): Snapshot | AppError {
  if (row.status !== 'draft') return new AppError('APPOINTMENT_NOT_SUBMITTABLE');
  const refusal = bookingRefusal({
    now,
    terminal: { timeZone: row.time_zone, horizonDays: row.horizon_days, minLeadMinutes: row.min_lead_minutes, closedDates: (row.closed_dates ?? []).map(calendarDay) },
    slot: { localDate: row.local_date, start: row.start_at, capacity: { pickup: row.capacity_pickup, delivery: row.capacity_delivery } },
    flag: row.flag,
  });
  if (refusal) return new AppError(refusal);
  if (!row.active_vehicle_id) return new AppError('VEHICLE_NOT_APPROVED');
  if (row.busy_business_no) return new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: row.busy_business_no } });
  const [held, capacity] = row.flag === 'pickup' ? [row.booked_pickup, row.capacity_pickup] : [row.booked_delivery, row.capacity_delivery];
  if (held >= capacity) return new AppError('SLOT_FULL');
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

/** How a submission of a batch ended: booked, refused, or to be tried in a later batch. */
type Outcome = { kind: 'booked'; id: string; enterpriseId: string } | { kind: 'refused'; error: AppError } | { kind: 'again' };

interface Ready {
  n: number;
  item: PendingSubmit;
  snapshot: Snapshot;
  plate: string;
}

interface LockedRow {
  n: number;
  status: AppointmentStatus;
  slot_id: string;
  vehicle_id: string;
  flag: AppointmentFlag;
  declaration_type: string;
  plate: string;
  vehicle_status: string;
  vehicle_enterprise_id: string;
}

/**
 * Locks the drafts that passed their rules with their vehicles, in vehicle order (so that two
 * batches sharing vehicles cannot deadlock): two bookings of one vehicle take turns here, and the
 * overlap check that follows cannot be raced.
 */
async function lockDrafts(trx: Db, drafts: readonly DraftKey[]): Promise<Map<number, LockedRow>> {
  const { rows } = await sql<LockedRow>`
    select r.n, a.status, a.slot_id, a.vehicle_id, a.flag, a.declaration_type, v.plate, v.status as vehicle_status, v.enterprise_id as vehicle_enterprise_id
      from ${draftRecords(drafts)}
      join appointments a on a.id = r.id and a.enterprise_id = r.enterprise_id
      join vehicles v on v.id = a.vehicle_id
     order by v.id, a.id
       for update of a, v`.execute(trx);
  return new Map(rows.map((row) => [row.n, row]));
}

/**
 * In the batch's transaction: locks, checks again what may have changed since the snapshot, and
 * books every submission that gets a place in one statement (`bookAll`).
 */
async function bookBatch(trx: Db, passing: readonly { item: PendingSubmit; snapshot: Snapshot }[], now: Date): Promise<Map<PendingSubmit, Outcome>> {
  const outcomes = new Map<PendingSubmit, Outcome>();
  const locked = await lockDrafts(trx, passing.map(({ item }) => item));
  const changed: number[] = [];
  passing.forEach(({ item, snapshot }, n) => {
    const row = locked.get(n);
    if (!row) return outcomes.set(item, { kind: 'refused', error: notFound() });
    if (row.status !== 'draft') return outcomes.set(item, { kind: 'refused', error: new AppError('APPOINTMENT_NOT_SUBMITTABLE') });
    const moved = row.slot_id !== snapshot.slotId || row.vehicle_id !== snapshot.vehicleId || row.flag !== snapshot.flag || (row.declaration_type === 'ordinary') !== snapshot.ordinary;
    if (moved) changed.push(n);
  });
  // A draft changed since its snapshot (another slot or vehicle) has its rules checked again.
  const current = new Map(passing.map(({ snapshot }, n) => [n, snapshot]));
  if (changed.length > 0) {
    const again = await loadSnapshots(trx, changed.map((n) => passing[n].item));
    changed.forEach((n, k) => {
      const row = again.get(k);
      const checked = row ? evaluate(row, now) : notFound();
      if (checked instanceof AppError) outcomes.set(passing[n].item, { kind: 'refused', error: checked });
      else current.set(n, checked);
    });
  }
  const ready: Ready[] = [];
  const vehicles = new Set<string>();
  passing.forEach(({ item }, n) => {
    if (outcomes.has(item)) return;
    const row = locked.get(n)!;
    if (row.vehicle_status !== 'active' || row.vehicle_enterprise_id !== item.enterpriseId) return outcomes.set(item, { kind: 'refused', error: new AppError('VEHICLE_NOT_APPROVED') });
    // One booking per vehicle per batch: the next one's overlap check must see this one.
    if (vehicles.has(row.vehicle_id)) return outcomes.set(item, { kind: 'again' });
    vehicles.add(row.vehicle_id);
    ready.push({ n, item, snapshot: current.get(n)!, plate: row.plate });
  });
  if (ready.length === 0) return outcomes;
  // The slots' rows, in id order: from here to COMMIT their counters are this batch's to move.
  const slotIds = [...new Set(ready.map((r) => r.snapshot.slotId))].sort();
  await sql`select id from slots where id = any(${sql.val(slotIds)}::uuid[]) order by id for update`.execute(trx);
  const result = await bookAll(trx, ready, now);
  for (const r of ready) {
    const booked = result.booked.get(r.n);
    const busy = result.busy.get(r.n);
    if (booked) outcomes.set(r.item, { kind: 'booked', id: booked.id, enterpriseId: booked.enterprise_id });
    else if (busy) outcomes.set(r.item, { kind: 'refused', error: new AppError('VEHICLE_BUSY', undefined, { extensions: { businessNo: busy } }) });
    else outcomes.set(r.item, { kind: 'refused', error: new AppError('SLOT_FULL') });
  }
  await publishBooked(trx, result, now);
  return outcomes;
}

const BOOKED_KIND = 'appointment.booked';

interface BookedRow {
  n: number;
  id: string;
  enterprise_id: string;
  status: AppointmentStatus;
  appointment_no: string | null;
  business_no: string;
}

interface BookAllResult {
  booked: Map<number, BookedRow>;
  /** The 预约成功 notice's parameters of each submission but its number. */
  params: Map<number, Omit<NoticeParams['appointment.booked'], 'appointmentNo'>>;
  busy: Map<number, string>;
  slots: SlotRow[];
  recipients: Map<string, string[]>;
}

/**
 * The batch's one booking statement, with its drafts and vehicles and slots locked. For each
 * submission: the vehicle must not be busy in an overlapping window; of those that are not, the
 * first ones in arrival order take the places left in their slot (the conditional UPDATE checks
 * the counter again), and only for them are the appointment, its number, history, audit row and
 * notices written. It writes what `recordChange` and `notifyBooked` write for a booking (the
 * same rows, in SQL), so that all of it depends on the place taken.
 */
async function bookAll(trx: Db, ready: readonly Ready[], now: Date): Promise<BookAllResult> {
  const prefix = formatAppointmentNo(now, 0).slice(0, -10);
  const params = new Map(ready.map(({ n, snapshot, plate }) => [n, bookedParams(plate, snapshot)]));
  const input = JSON.stringify(
    ready.map(({ n, item, snapshot, plate }) => ({
      n,
      id: item.id,
      slot_id: snapshot.slotId,
      vehicle_id: snapshot.vehicleId,
      start_at: snapshot.start.toISOString(),
      end_at: snapshot.end.toISOString(),
      pickup: snapshot.flag === 'pickup',
      ordinary: snapshot.ordinary,
      plate,
      ...bookedNoticeHead(params.get(n)!),
      notice_params: params.get(n),
      actor_id: item.actor.userId || null,
      actor_username: item.actor.username || null,
      actor_ip: item.actor.ip ?? null,
    })),
  );
  const { rows } = await sql<{ busy: { n: number; busy: string }[]; slots: SlotRow[]; booked: BookedRow[]; recipients: { appointment_id: string; user_id: string }[] }>`
    with input as (
      select * from json_to_recordset(${input}::json) as r(n int, id uuid, slot_id uuid, vehicle_id uuid, start_at timestamptz, end_at timestamptz,
                                                         pickup boolean, ordinary boolean, plate text, notice_title text, notice_head text, notice_params jsonb, actor_id uuid, actor_username text, actor_ip text)
    ), checked as (
      select i.n, i.slot_id, i.pickup,
             (select o.business_no from appointments o
               where o.vehicle_id = i.vehicle_id and o.status in (${sql.join(liveStatusLiterals)}) and o.id <> i.id
                 and o.window_start < i.end_at and o.window_end > i.start_at
               limit 1) as busy
        from input i
    ), chosen as (
      select c.n
        from (select c.*, row_number() over (partition by c.slot_id, c.pickup order by c.n) as k from checked c where c.busy is null) c
        join slots s on s.id = c.slot_id
       where c.k <= case when c.pickup then s.capacity_pickup - s.booked_pickup else s.capacity_delivery - s.booked_delivery end
    ), counts as (
      select c.slot_id, (count(*) filter (where c.pickup))::int as pickups, (count(*) filter (where not c.pickup))::int as deliveries
        from checked c join chosen using (n)
       group by c.slot_id
    ), taken as (
      update slots s set booked_pickup = s.booked_pickup + k.pickups, booked_delivery = s.booked_delivery + k.deliveries
        from counts k
       where s.id = k.slot_id and s.booked_pickup + k.pickups <= s.capacity_pickup and s.booked_delivery + k.deliveries <= s.capacity_delivery
      returning s.*
    ), booked as (
      update appointments a
         set status = case when i.ordinary then 'booked' else 'submitted' end, plate = i.plate, window_start = i.start_at, window_end = i.end_at,
             submitted_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
             appointment_no = case when i.ordinary then ${prefix} || lpad(nextval('appointment_no_seq')::text, 10, '0') end
        from input i
       where a.id = i.id and i.n in (select n from chosen) and i.slot_id in (select id from taken)
      returning a.id, a.terminal_id, a.enterprise_id, a.status, a.appointment_no, a.business_no, i.n, i.slot_id, i.ordinary, i.notice_title, i.notice_head, i.notice_params, i.actor_id, i.actor_username, i.actor_ip
    ), history as (
      insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
      select id, terminal_id, ${now}::timestamptz, actor_id, coalesce(actor_username, 'system'), status, 'draft', status,
             jsonb_build_object('slotId', slot_id::text, 'appointmentNo', appointment_no)
        from booked
    ), audited as (
      insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
      select ${now}::timestamptz, actor_id, actor_username, enterprise_id, actor_ip, 'appointment.' || status, 'appointment', id::text,
             '{"status": "draft"}'::jsonb, jsonb_build_object('status', status, 'slotId', slot_id::text, 'appointmentNo', appointment_no)
        from booked
    ), notified as (
      insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at)
      select u.id, u.enterprise_id, ${BOOKED_KIND}, b.notice_title, b.notice_head || b.appointment_no,
             b.notice_params || jsonb_build_object('appointmentId', b.id, 'businessNo', b.business_no, 'appointmentNo', b.appointment_no), ${now}::timestamptz
        from booked b join users u on u.enterprise_id = b.enterprise_id
       where b.ordinary and not exists (select 1 from notification_optouts o where o.user_id = u.id and o.kind = ${BOOKED_KIND})
      returning user_id, data->>'appointmentId' as appointment_id
    )
    select (select coalesce(json_agg(json_build_object('n', n, 'busy', busy)), '[]'::json) from checked where busy is not null) as busy,
           (select coalesce(json_agg(to_jsonb(taken)), '[]'::json) from taken) as slots,
           (select coalesce(json_agg(json_build_object('n', n, 'id', id, 'enterprise_id', enterprise_id, 'status', status, 'appointment_no', appointment_no, 'business_no', business_no)), '[]'::json) from booked) as booked,
           (select coalesce(json_agg(json_build_object('appointment_id', appointment_id, 'user_id', user_id)), '[]'::json) from notified) as recipients`.execute(trx);
  const row = rows[0];
  const recipients = new Map<string, string[]>();
  for (const r of row.recipients) recipients.set(r.appointment_id, [...(recipients.get(r.appointment_id) ?? []), r.user_id]);
  return {
    booked: new Map(row.booked.map((b) => [b.n, b])),
    params,
    busy: new Map(row.busy.map((b) => [b.n, b.busy])),
    slots: row.slots,
    recipients,
  };
}

/** The batch's live events, sent once it commits: the slots' counters, each status, each notice. */
async function publishBooked(trx: Db, result: BookAllResult, now: Date): Promise<void> {
  const byDay = new Map<string, SlotRow[]>();
  for (const slot of result.slots) {
    const key = `${slot.terminal_id} ${slot.local_date}`;
    byDay.set(key, [...(byDay.get(key) ?? []), slot]);
  }
  for (const slots of byDay.values()) await publishSlots(trx, slots);
  for (const appointment of result.booked.values()) {
    await publishStatus(trx, appointment);
    const userIds = result.recipients.get(appointment.id) ?? [];
    if (userIds.length > 0 && appointment.appointment_no) {
      const booked = notice(BOOKED_KIND, { ...result.params.get(appointment.n)!, appointmentNo: appointment.appointment_no }, bookedData(appointment));
      await publish(trx, noticeEvent(userIds, { ...booked, at: now }));
    }
  }
}

/** Batches of submissions in flight at once (each holds one database connection in its transaction). */
const MAX_BATCHES = 2;
/** Submissions in one batch at most. */
const MAX_BATCH_SIZE = 64;
/** Times a submission is tried again after its batch lost a deadlock or serialization conflict. */
const MAX_RETRIES = 5;

const queues = new WeakMap<Deps, BatchQueue<PendingSubmit>>();

function queueOf(deps: Deps): BatchQueue<PendingSubmit> {
  let queue = queues.get(deps);
  if (!queue) {
    const created: BatchQueue<PendingSubmit> = new BatchQueue<PendingSubmit>({
      run: (batch) => runBatch(deps, created, batch),
      // The same draft submitted twice at once is decided once, then again.
      keysOf: (item) => [item.id],
      maxBatches: MAX_BATCHES,
      maxSize: MAX_BATCH_SIZE,
    });
    queue = created;
    queues.set(deps, queue);
  }
  return queue;
}

/**
 * One batch of submissions: one query checks every submission's rules on a snapshot and refuses
 * what it can (in a rush, most meet a full slot) without a transaction; the rest are booked in
 * one transaction of three statements (`bookBatch`). Once it commits, each booked submission
 * answers its detail. When the batch fails, each of its submissions runs again alone, so that one
 * bad submission fails alone (but when the database is away they all fail at once).
 */
async function runBatch(deps: Deps, queue: BatchQueue<PendingSubmit>, batch: PendingSubmit[]): Promise<void> {
  const settled = new Set<PendingSubmit>();
  const fail = (item: PendingSubmit, error: unknown) => {
    settled.add(item);
    item.reject(error);
  };
  const again = (item: PendingSubmit, options: { retry?: boolean; alone?: boolean } = {}) => {
    if (options.retry && item.retries >= MAX_RETRIES) return fail(item, new AppError('BOOKING_BUSY'));
    settled.add(item);
    queue.add({ ...item, retries: item.retries + (options.retry ? 1 : 0) }, { front: true, alone: options.alone });
  };
  try {
    const snapshots = await loadSnapshots(deps.db, batch);
    const now = deps.clock.now();
    const passing: { item: PendingSubmit; snapshot: Snapshot }[] = [];
    batch.forEach((item, n) => {
      const row = snapshots.get(n);
      const checked = row ? evaluate(row, now) : notFound();
      if (checked instanceof AppError) return fail(item, checked);
      passing.push({ item, snapshot: checked });
    });
    if (passing.length === 0) return;
    const outcomes = await inTransaction(deps.db, (trx) => bookBatch(trx, passing, deps.clock.now()));
    const booked: { item: PendingSubmit; id: string; enterpriseId: string }[] = [];
    for (const [item, outcome] of outcomes) {
      if (outcome.kind === 'refused') fail(item, outcome.error);
      else if (outcome.kind === 'again') again(item);
      else {
        settled.add(item);
        booked.push({ item, ...outcome });
      }
    }
    if (booked.length === 0) return;
    try {
      const details = await loadAppointmentDetails(deps.db, booked);
      booked.forEach(({ item }, k) => (details[k] ? item.resolve(details[k]) : item.reject(notFound())));
    } catch (error) {
      booked.forEach(({ item }) => item.reject(error));
    }
  } catch (error) {
    // Nothing of the failed transaction was written; submissions already answered keep their answer.
    recoverFailedBatch(error, batch.length, batch.filter((item) => !settled.has(item)), { retry: (item) => again(item, { retry: true }), alone: (item) => again(item, { alone: true }), fail });
  }
}

/**
 * 提交: books the draft's slot, or refuses with a 409 and leaves it a draft that the user may move
 * to another slot. Ordinary: booked with its appointment number. Operational (作业): submitted, the
 * place held until the terminal operator accepts or rejects.
 *
 * Submissions arriving together are checked and booked together (`runBatch`), the way gate reads
 * are: a storm of 200 for one slot's 50 places costs a few statements, not 200 transactions queued
 * on the slot's row (docs/performance.md, booking storm). A submission on a quiet system goes at
 * once, alone. Exact under any concurrency, also across server processes: the drafts, vehicles and
 * slots are locked before the booking statement, which takes places only while the counter allows.
 */
export function submitAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  if (!isUuid(id) || !actor.enterpriseId) return Promise.reject(notFound());
  const enterpriseId = actor.enterpriseId;
  return new Promise<AppointmentDetail>((resolve, reject) => {
    queueOf(deps).add({ actor, enterpriseId, id, retries: 0, resolve, reject });
  });
}

/** The 预约成功 notice's parameters but the number: the slot's start as the terminal's clock shows it. */
function bookedParams(plate: string, slot: { terminalName: string; start: Date; timeZone: string }): Omit<NoticeParams['appointment.booked'], 'appointmentNo'> {
  return { plate, terminalName: slot.terminalName, slot: dateTimeText(slot.start, slot.timeZone) };
}

/** The 预约成功 notice's title, and its text up to the appointment number, which the booking statement appends. */
function bookedNoticeHead(params: Omit<NoticeParams['appointment.booked'], 'appointmentNo'>): { notice_title: string; notice_head: string } {
  const { title, body } = noticeRecord(BOOKED_KIND, { ...params, appointmentNo: '' });
  return { notice_title: title, notice_head: body };
}

function bookedData(appointment: { id: string; business_no: string }): Record<string, unknown> {
  return { appointmentId: appointment.id, businessNo: appointment.business_no };
}

/** 预约成功 reaches every user of the enterprise (also on the terminal operator's acceptance). */
export async function notifyBooked(trx: Db, appointment: AppointmentRow, terminalName: string, timeZone: string, at: Date): Promise<void> {
  const params = { ...bookedParams(appointment.plate, { terminalName, start: appointment.window_start!, timeZone }), appointmentNo: appointment.appointment_no! };
  await notify(trx, { enterpriseId: appointment.enterprise_id, ...notice(BOOKED_KIND, params, bookedData(appointment)), at });
}
