import { sql } from 'kysely';

import { normalizePlate } from '@cargo-window/contracts';

import { boundTerminal, type Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { BatchQueue, recoverFailedBatch } from '../../platform/batch-queue.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { publish, sendCommitted, type LiveEvent } from '../../platform/events.ts';
import { hashToken } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { noticeEvent } from '../notifications/index.ts';
import { appointmentStatusEvent, dateTimeText, liveStatusLiterals, PLATFORM_TIME_ZONE, recordAppointmentChange } from '../scheduling/index.ts';
import { decisionOf, gateRule, type SqlDecisionRow } from './decide-sql.ts';
import type { GateDecision } from './decide.ts';

export interface GateAnswer {
  decision: 'lift' | 'deny';
  code: string;
  appointmentNo?: string;
  message: string;
  eventId: number;
  earlyByMinutes?: number;
  lateByMinutes?: number;
}

function present(eventId: number, d: { decision: 'lift' | 'deny'; code: string; message: string; appointmentNo: string | null }, extra: { earlyByMinutes?: number; lateByMinutes?: number } = {}): GateAnswer {
  return {
    decision: d.decision,
    code: d.code,
    ...(d.appointmentNo ? { appointmentNo: d.appointmentNo } : {}),
    message: d.message,
    eventId,
    ...(extra.earlyByMinutes === undefined ? {} : { earlyByMinutes: extra.earlyByMinutes }),
    ...(extra.lateByMinutes === undefined ? {} : { lateByMinutes: extra.lateByMinutes }),
  };
}

interface StoredAnswer {
  id: number;
  decision: 'lift' | 'deny';
  code: string;
  message: string;
  detail: Record<string, number> | null;
  appointmentNo: string | null;
}

/** One plate read waiting for its answer. */
interface PendingRead {
  tokenHash: string;
  readId: string;
  plate: string;
  readAt: Date;
  attempt: number;
  resolve: (answer: GateAnswer) => void;
  reject: (error: unknown) => void;
}

// Literals, not parameters: the prepared statement's generic plan can then use the partial index
// of live appointments by plate.
const liveStatusList = sql.join(liveStatusLiterals);

/** The answers already recorded for these (device, readId) pairs, keyed `deviceId readId`. */
async function storedAnswers(db: Db, reads: readonly { deviceId: string; readId: string }[]): Promise<Map<string, StoredAnswer>> {
  const { rows } = await sql<StoredAnswer & { device_id: string; read_id: string }>`
    select e.device_id, e.read_id, e.id, e.decision, e.code, e.message, e.detail, a.appointment_no as "appointmentNo"
      from unnest(${sql.val(reads.map((r) => r.deviceId))}::uuid[], ${sql.val(reads.map((r) => r.readId))}::text[]) as k(device_id, read_id)
      join gate_events e on e.device_id = k.device_id and e.read_id = k.read_id
      left join appointments a on a.id = e.appointment_id`.execute(db);
  return new Map(rows.map((row) => [`${row.device_id} ${row.read_id}`, { id: Number(row.id), decision: row.decision, code: row.code, message: row.message, detail: row.detail, appointmentNo: row.appointmentNo }]));
}

function answerOf(stored: StoredAnswer): GateAnswer {
  return present(stored.id, stored, stored.detail ?? {});
}

/** A read as the batch statement decided and recorded it; `device_id` null: no live device has that token. */
interface RecordedRead extends SqlDecisionRow {
  n: number;
  device_id: string | null;
  gate_id: string;
  gate_code: string;
  direction: 'in' | 'out';
  terminal_id: string;
  enterprise_id: string | null;
  /** A lift's move (入区 / 出区): the appointment's new status and the enterprise's notice. */
  to_status: 'entered' | 'exited' | null;
  kind: 'gate.entered' | 'gate.exited' | null;
  title: string | null;
  body: string | null;
  /** Null when nothing was written for the read: a duplicate readId, or a lift that lost its race (`locked` false). */
  event_id: string | null;
  locked: boolean;
  recipients: string[];
}

/**
 * Decides and records a batch of reads in one statement (atomic on its own): for each read the
 * device its token belongs to, the plate's vehicle and live appointments, the gate rule
 * (`gateRule`, decide-sql.ts), the event, the devices' last-seen times, and for each lift the
 * appointment's move (入区/出区) with its history, audit row and notices. A lift holds its
 * appointment row first (in id order, so that concurrent batches never deadlock on them) and only
 * if it is still in the state the rule saw; when another transaction moved it meanwhile, nothing
 * is written for that read and it is decided again. A readId already recorded by a racing
 * identical read writes nothing here: that read's answer stands. The reads of one batch have
 * distinct plates and readIds.
 * The history, audit and notice rows are those `recordAppointmentChange` and `notify` write, in SQL:
 * a change to those rows must be made here too (as in scheduling's booking statement).
 */
async function decideAndRecord(db: Db, reads: readonly PendingRead[], touchTokens: readonly string[], now: Date, time: string): Promise<RecordedRead[]> {
  const input = JSON.stringify(reads.map((r, n) => ({ n, token_hash: r.tokenHash, read_id: r.readId, plate: r.plate, read_at: r.readAt.toISOString() })));
  const { rows } = await sql<RecordedRead>`
    with i as materialized (
      select * from json_to_recordset(${input}::json) as i(n int, token_hash text, read_id text, plate text, read_at timestamptz)
    ), s as materialized (
      select i.n, i.read_id, i.plate, i.read_at, ${now}::timestamptz as at, d.id as device_id, d.name as device_name, g.id as gate_id, g.code as gate_code, g.direction, t.id as terminal_id, make_interval(mins => t.tolerance_minutes) as tolerance,
             v.blocked is not null as filed, coalesce(v.blocked, false) as blocked,
             coalesce((select array_agg(a order by a.window_start, a.id) from appointments a where a.plate = i.plate and a.status in (${liveStatusList})), '{}') as apps
        from i
        join gate_devices d on d.token_hash = i.token_hash and d.revoked_at is null
        join gates g on g.id = d.gate_id
        join terminals t on t.id = d.terminal_id
        left join lateral (select v.blocked_at is not null as blocked from vehicles v where v.plate = i.plate and v.status = 'active' limit 1) v on true
    ), r as materialized (
      select s.n, s.read_id, s.plate, s.read_at, s.device_id, s.gate_id, s.gate_code, s.direction, s.terminal_id, 'device:' || s.device_name as actor, x.*,
             case x.code when 'LIFT_IN' then 'booked' when 'LIFT_OUT' then 'empty_confirmed' end as from_status,
             case x.code when 'LIFT_IN' then 'entered' when 'LIFT_OUT' then 'exited' end as to_status,
             case x.code when 'LIFT_IN' then 'gate_in' when 'LIFT_OUT' then 'gate_out' end as action,
             case x.code when 'LIFT_IN' then 'gate.entered' when 'LIFT_OUT' then 'gate.exited' end as kind,
             case x.code when 'LIFT_IN' then '车辆' || s.plate || '已入区' when 'LIFT_OUT' then '车辆' || s.plate || '已出区' end as title,
             case when x.decision = 'lift' then s.gate_code || ' ' || ${time}::text end as body
        from s cross join lateral ${gateRule} x
    ), locked as (
      select a.id from appointments a join r on r.appointment_id = a.id and r.decision = 'lift' and a.status = r.from_status
       order by a.id for update of a
    ), ev as (
      insert into gate_events (terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, appointment_id, detail, created_at)
      select terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, appointment_id,
             jsonb_strip_nulls(jsonb_build_object('earlyByMinutes', early_by, 'lateByMinutes', late_by)), ${now}::timestamptz
        from r where r.decision <> 'lift' or r.appointment_id in (select id from locked)
       order by n
      on conflict (device_id, read_id) do nothing
      returning id, device_id, read_id
    ), moved as (
      update appointments a set status = r.to_status, updated_at = ${now}::timestamptz
        from r join ev on ev.device_id = r.device_id and ev.read_id = r.read_id
       where r.decision = 'lift' and a.id = r.appointment_id
      returning a.id, a.terminal_id, a.enterprise_id, r.n
    ), history as (
      insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
      select m.id, m.terminal_id, ${now}::timestamptz, null, r.actor, r.action, r.from_status, r.to_status, jsonb_build_object('gate', r.gate_code)
        from moved m join r on r.n = m.n
    ), audited as (
      insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
      select ${now}::timestamptz, null, r.actor, m.enterprise_id, null, 'appointment.' || r.action, 'appointment', m.id::text,
             jsonb_build_object('status', r.from_status), jsonb_build_object('status', r.to_status, 'gate', r.gate_code)
        from moved m join r on r.n = m.n
    ), notified as (
      insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at)
      select u.id, u.enterprise_id, r.kind, r.title, r.body, jsonb_build_object('appointmentId', m.id, 'plate', r.plate, 'gateCode', r.gate_code, 'time', ${time}::text), ${now}::timestamptz
        from moved m join r on r.n = m.n join users u on u.enterprise_id = m.enterprise_id
       where not exists (select 1 from notification_optouts o where o.user_id = u.id and o.kind = r.kind)
      returning user_id, (data->>'appointmentId')::uuid as appointment_id
    ), seen as (
      -- The lane list's "last seen", touched at most once a minute.
      update gate_devices set last_seen_at = ${now}::timestamptz
       where token_hash = any(${sql.val(touchTokens)}::text[]) and id in (select device_id from ev)
         and (last_seen_at is null or last_seen_at < ${now}::timestamptz - interval '1 minute')
    )
    select i.n, r.device_id, r.gate_id, r.gate_code, r.direction, r.terminal_id, r.decision, r.code, r.appointment_id, r.appointment_no, r.enterprise_id,
           r.message, r.early_by, r.late_by, r.to_status, r.kind, r.title, r.body, ev.id as event_id,
           coalesce(r.appointment_id in (select id from locked), false) as locked,
           coalesce((select json_agg(x.user_id) from notified x where x.appointment_id = r.appointment_id), '[]'::json) as recipients
      from i left join r on r.n = i.n left join ev on ev.device_id = r.device_id and ev.read_id = r.read_id`.execute(db);
  const recorded: RecordedRead[] = [];
  for (const row of rows) recorded[row.n] = row;
  return recorded;
}

/** How many times a read is decided again when racing reads of the same truck keep moving it. */
const MAX_ATTEMPTS = 5;
/** Batches of reads in flight at once (each holds one database connection while it runs). */
const MAX_BATCHES = 2;
/**
 * A second batch goes beside a running one only once that has run this long (or a full batch
 * waits): reads arriving together make one larger batch, which costs PostgreSQL about 15 % less
 * CPU per read than two small ones (docs/performance.md), and a batch stuck on a lock holds the
 * other lanes up for no longer than this.
 */
const OVERLAP_AFTER_MS = 20;
/** Reads in one batch at most. */
const MAX_BATCH_SIZE = 64;
/** A device's last-seen time is written at most this often. */
const SEEN_EVERY_MS = 60_000;

/** Per server (its Deps): the queue of reads and when each device (by its token's hash) was last marked seen. */
interface GateReader {
  queue: BatchQueue<PendingRead>;
  seenAt: Map<string, number>;
}

const readers = new WeakMap<Deps, GateReader>();

function readerOf(deps: Deps): GateReader {
  let reader = readers.get(deps);
  if (!reader) {
    const created: GateReader = {
      seenAt: new Map(),
      queue: new BatchQueue<PendingRead>({
        run: (batch) => runBatch(deps, created, batch),
        // Reads of one truck, and the same read sent twice, are decided one after the other.
        keysOf: (read) => [`plate:${read.plate}`, `read:${read.tokenHash}:${read.readId}`],
        maxBatches: MAX_BATCHES,
        maxSize: MAX_BATCH_SIZE,
        overlapAfterMs: OVERLAP_AFTER_MS,
      }),
    };
    reader = created;
    readers.set(deps, reader);
  }
  return reader;
}

/**
 * Decides and records one batch of reads with one statement (`decideAndRecord`). A read that lost
 * a race is queued again at the front; when a batch fails, each of its reads runs again alone, so
 * that one bad read fails alone (but when the database is away they all fail at once: 503, and
 * the devices read again).
 */
async function runBatch(deps: Deps, reader: GateReader, batch: PendingRead[]): Promise<void> {
  const settled = new Set<PendingRead>();
  const answer = (read: PendingRead, value: GateAnswer) => {
    settled.add(read);
    read.resolve(value);
  };
  const fail = (read: PendingRead, error: unknown) => {
    settled.add(read);
    read.reject(error);
  };
  const again = (read: PendingRead, alone = false) => {
    if (read.attempt >= MAX_ATTEMPTS) return fail(read, new AppError('GATE_BUSY'));
    settled.add(read);
    reader.queue.add({ ...read, attempt: read.attempt + 1 }, { front: true, alone });
  };
  try {
    const now = deps.clock.now();
    const touch = new Set(batch.map((read) => read.tokenHash).filter((hash) => now.getTime() - (reader.seenAt.get(hash) ?? 0) >= SEEN_EVERY_MS));
    // When the barrier lifted, in Beijing time as the notices and every page write it.
    const time = dateTimeText(now, PLATFORM_TIME_ZONE, 'second');
    const recorded = await decideAndRecord(deps.db, batch, [...touch], now, time);
    const events: LiveEvent[] = [];
    const duplicates: { read: PendingRead; deviceId: string }[] = [];
    batch.forEach((read, n) => {
      const row = recorded[n];
      if (!row || row.device_id === null) return fail(read, new AppError('UNAUTHENTICATED'));
      if (touch.has(read.tokenHash)) reader.seenAt.set(read.tokenHash, now.getTime());
      const decision = decisionOf(row);
      if (row.event_id === null) {
        // A lift whose appointment another transaction moved first is decided again; otherwise the same readId was recorded before.
        if (decision.decision === 'lift' && !row.locked) return again(read);
        return duplicates.push({ read, deviceId: row.device_id });
      }
      events.push(...liveEventsOf(row, read, decision, now, time));
      answer(read, present(Number(row.event_id), decision, decision));
    });
    sendCommitted(deps.db, events);
    if (duplicates.length > 0) {
      // The same read was recorded before (a device sending again what got no answer): its first answer stands.
      const stored = await storedAnswers(deps.db, duplicates.map(({ read, deviceId }) => ({ deviceId, readId: read.readId })));
      for (const { read, deviceId } of duplicates) {
        const first = stored.get(`${deviceId} ${read.readId}`);
        if (first) answer(read, answerOf(first));
        else again(read);
      }
    }
  } catch (error) {
    // Nothing of the failed statement was written (each is atomic); reads already answered keep their answer.
    recoverFailedBatch(error, batch.length, batch.filter((read) => !settled.has(read)), { retry: (read) => again(read), alone: (read) => again(read, true), fail });
  }
}

/**
 * One plate read from a lane device: decide, record the event, move the appointment (入区/出区).
 * Reads arriving together are decided and recorded together (one statement per batch); the same
 * (device, readId) again answers the first decision and records nothing, also when the two race.
 */
export function recordGateRead(deps: Deps, token: string | null, input: { plate: string; readId: string; readAt: Date }): Promise<GateAnswer> {
  if (!token) return Promise.reject(new AppError('UNAUTHENTICATED'));
  const plate = normalizePlate(input.plate);
  return new Promise<GateAnswer>((resolve, reject) => {
    readerOf(deps).queue.add({ tokenHash: hashToken(token), readId: input.readId, plate, readAt: input.readAt, attempt: 1, resolve, reject });
  });
}

function liveEventsOf(row: RecordedRead, read: PendingRead, decision: GateDecision, now: Date, time: string): LiveEvent[] {
  const events: LiveEvent[] = [{
    type: 'gate.read',
    terminalId: row.terminal_id,
    data: { eventId: Number(row.event_id), gateId: row.gate_id, gateCode: row.gate_code, direction: row.direction, plate: read.plate, decision: decision.decision, code: decision.code, message: decision.message, at: read.readAt.toISOString() },
  }];
  if (decision.decision !== 'lift') return events;
  events.push(
    appointmentStatusEvent({ id: decision.appointmentId!, enterprise_id: row.enterprise_id!, status: row.to_status! }),
    { type: 'zone.changed', terminalId: row.terminal_id, public: true, data: { terminalId: row.terminal_id } },
  );
  if (row.recipients.length > 0) {
    const data = { appointmentId: decision.appointmentId, plate: read.plate, gateCode: row.gate_code, time };
    events.push(noticeEvent(row.recipients, { kind: row.kind!, title: row.title!, body: row.body!, data, at: now }));
  }
  return events;
}

/** 手动抬杆: a gate officer lifts by hand, with a written reason, recorded as an override. */
export async function overrideGate(deps: Deps, actor: Actor, input: { gateId: string; plate: string; reason: string }) {
  const plate = normalizePlate(input.plate);
  return inTransaction(deps.db, async (trx) => {
    let gates = trx.selectFrom('gates as g').innerJoin('terminals as t', 't.id', 'g.terminal_id').select(['g.id', 'g.code', 'g.direction', 'g.terminal_id']).where('g.id', '=', input.gateId);
    // An officer bound to a terminal lifts only its barriers; another terminal's gate is not found.
    const own = boundTerminal(actor);
    if (own !== undefined) gates = gates.where('g.terminal_id', '=', own);
    const gate = await gates.executeTakeFirst();
    if (!gate) return null;
    const now = deps.clock.now();
    const direction = gate.direction as 'in' | 'out';
    const from = direction === 'in' ? 'booked' : 'entered';
    // A plate may hold several bookings here (other days, other windows): the officer lets in the
    // one whose window holds now, else the nearest to now, as the truck at the barrier is for it.
    const appointment = await trx
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .select(['a.id', 'a.terminal_id', 'a.enterprise_id', 'a.status'])
      .where('a.plate', '=', plate)
      .where('a.terminal_id', '=', gate.terminal_id)
      .where('a.status', 'in', direction === 'in' ? ['booked'] : ['entered', 'empty_confirmed'])
      .orderBy(sql`greatest(s.start_at - ${now}::timestamptz, ${now}::timestamptz - s.end_at, interval '0')`)
      .orderBy('s.start_at')
      .limit(1)
      .forUpdate('a')
      .executeTakeFirst();
    const message = `${plate} 人工放行`;
    const event = await trx
      .insertInto('gate_events')
      .values({
        terminal_id: gate.terminal_id,
        gate_id: gate.id,
        direction,
        plate,
        read_at: now,
        decision: 'lift',
        code: 'MANUAL_OVERRIDE',
        message,
        appointment_id: appointment?.id ?? null,
        override_by: actor.userId,
        override_reason: input.reason,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (appointment) {
      const to = direction === 'in' ? 'entered' : 'exited';
      await trx.updateTable('appointments').set({ status: to, updated_at: now }).where('id', '=', appointment.id).execute();
      await recordAppointmentChange(trx, actor, appointment, { action: direction === 'in' ? 'gate_in_override' : 'gate_out_override', from: appointment.status as typeof from, to, detail: { gate: gate.code, reason: input.reason } }, now);
    }
    await audit(trx, actor, { action: 'gate.override', entityType: 'gate_event', entityId: String(event.id), after: { gateId: gate.id, plate, reason: input.reason, appointmentId: appointment?.id ?? null } }, now);
    await publish(trx, {
      type: 'gate.read',
      terminalId: gate.terminal_id,
      data: { eventId: event.id, gateId: gate.id, gateCode: gate.code, direction, plate, decision: 'lift', code: 'MANUAL_OVERRIDE', message, at: now.toISOString(), reason: input.reason, officer: actor.username },
    });
    if (appointment) await publish(trx, { type: 'zone.changed', terminalId: gate.terminal_id, public: true, data: { terminalId: gate.terminal_id } });
    return { eventId: event.id, decision: 'lift' as const, code: 'MANUAL_OVERRIDE', message, appointmentId: appointment?.id ?? null };
  });
}
