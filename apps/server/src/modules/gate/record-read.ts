import { sql } from 'kysely';

import { normalizePlate } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { BatchQueue, recoverFailedBatch } from '../../platform/batch-queue.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { publish, sendCommitted, type LiveEvent } from '../../platform/events.ts';
import { hashToken } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { liveStatusLiterals, recordAppointmentChange } from '../scheduling/index.ts';
import { decideGate, type GateAppointment, type GateDecision, type LiveStatus } from './decide.ts';
import type { GateDevice } from './devices.ts';

export interface GateAnswer {
  decision: 'lift' | 'deny';
  code: string;
  appointmentNo?: string;
  message: string;
  eventId: number;
  earlyByMinutes?: number;
  lateByMinutes?: number;
}

// One formatter for every notice: building an Intl formatter per call costs more than the read's SQL.
const shanghaiTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The device's own name in history and audit rows. */
function deviceUsername(device: GateDevice): string {
  return `device:${device.deviceName}`;
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

interface LiveAppointmentJson {
  id: string;
  appointmentNo: string | null;
  terminalId: string;
  enterpriseId: string;
  status: LiveStatus;
  windowStart: string | null;
  windowEnd: string | null;
}

interface ReadState {
  device: GateDevice & { revoked: boolean };
  vehicle: { blocked: boolean } | null;
  appointments: LiveAppointmentJson[];
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
// of live appointments by plate, and PostgreSQL stops planning the read anew on every call.
const liveStatusList = sql.join(liveStatusLiterals);

/**
 * Everything a batch of reads needs, in one round trip: for each read the device its token belongs
 * to, the plate's vehicle and its live appointments. An earlier answer to the same readId is not
 * looked up here: a read sent again is rare, and its insert finds the first (`storedAnswers`).
 * Answers one state per read, in order (null: no device has that token).
 */
async function loadReadStates(db: Db, reads: readonly PendingRead[]): Promise<(ReadState | null)[]> {
  const input = JSON.stringify(reads.map((r, n) => ({ n, token_hash: r.tokenHash, read_id: r.readId, plate: r.plate })));
  const { rows } = await sql<{
    n: number; device_id: string | null; name: string; revoked_at: Date | null; gate_id: string; gate_code: string; direction: 'in' | 'out'; terminal_id: string; tolerance_minutes: number;
    vehicle: { blocked: boolean } | null; appointments: LiveAppointmentJson[];
  }>`
    select r.n, d.id as device_id, d.name, d.revoked_at, g.id as gate_id, g.code as gate_code, g.direction, t.id as terminal_id, t.tolerance_minutes,
      (select json_build_object('blocked', v.blocked_at is not null) from vehicles v where v.plate = r.plate and v.status = 'active' limit 1) as vehicle,
      (select coalesce(json_agg(json_build_object('id', a.id, 'appointmentNo', a.appointment_no, 'terminalId', a.terminal_id, 'enterpriseId', a.enterprise_id,
                                                  'status', a.status, 'windowStart', a.window_start, 'windowEnd', a.window_end) order by a.window_start), '[]'::json)
         from appointments a where a.plate = r.plate and a.status in (${liveStatusList})) as appointments
    from json_to_recordset(${input}::json) as r(n int, token_hash text, read_id text, plate text)
    left join gate_devices d on d.token_hash = r.token_hash
    left join gates g on g.id = d.gate_id
    left join terminals t on t.id = d.terminal_id`.execute(db);
  const states: (ReadState | null)[] = reads.map(() => null);
  for (const row of rows) {
    if (row.device_id === null) continue;
    states[row.n] = {
      device: {
        deviceId: row.device_id, deviceName: row.name, gateId: row.gate_id, gateCode: row.gate_code, terminalId: row.terminal_id, direction: row.direction, toleranceMinutes: row.tolerance_minutes,
        revoked: row.revoked_at !== null,
      },
      vehicle: row.vehicle,
      appointments: row.appointments,
    };
  }
  return states;
}

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

/** How a lift moves its appointment (入区 / 出区), and the notice the enterprise gets. */
interface Lift {
  appointment: LiveAppointmentJson;
  from: 'booked' | 'empty_confirmed';
  to: 'entered' | 'exited';
  action: 'gate_in' | 'gate_out';
  kind: 'gate.entered' | 'gate.exited';
  notice: { title: string; body: string };
}

/** A read decided, to be recorded; `lift` is null when the decision moves no appointment. */
interface DecidedRead {
  read: PendingRead;
  device: GateDevice;
  decision: GateDecision;
  lift: Lift | null;
}

type WriteOutcome = { kind: 'recorded'; eventId: number; recipients: string[] } | { kind: 'duplicate' } | { kind: 'stale' };

function liftOf(device: GateDevice, plate: string, decision: GateDecision, appointment: LiveAppointmentJson | undefined, at: Date): Lift | null {
  if (decision.decision !== 'lift' || !appointment) return null;
  const entering = decision.code === 'LIFT_IN';
  const notice = noticeOf(device, plate, entering, at);
  return entering
    ? { appointment, from: 'booked', to: 'entered', action: 'gate_in', kind: 'gate.entered', notice }
    : { appointment, from: 'empty_confirmed', to: 'exited', action: 'gate_out', kind: 'gate.exited', notice };
}

/**
 * Records a batch of decisions in one statement (atomic on its own): each read's event, the
 * devices' last-seen times, and for each lift the appointment's move (入区/出区) with its history,
 * audit row and notices. A lift holds its appointment row first (in id order, so that concurrent
 * batches never deadlock on them) and only if it is still in the state the rule saw; when another
 * read moved it meanwhile, nothing is written for that read and it is decided again (`stale`). A
 * readId already recorded by a racing identical read writes nothing here (`duplicate`): that read's
 * answer stands. The reads of one batch have distinct plates and readIds.
 * The history, audit and notice rows are those `recordAppointmentChange` and `notify` write, in SQL:
 * a change to those rows must be made here too (as in scheduling's booking statement).
 */
async function writeDecisions(db: Db, decided: readonly DecidedRead[], touchDevices: readonly string[], now: Date): Promise<WriteOutcome[]> {
  const input = JSON.stringify(decided.map(({ read, device, decision, lift }, n) => ({
    n, lift: lift !== null, terminal_id: device.terminalId, gate_id: device.gateId, device_id: device.deviceId, read_id: read.readId, direction: device.direction, plate: read.plate,
    read_at: read.readAt.toISOString(), decision: decision.decision, code: decision.code, message: decision.message, appointment_id: decision.appointmentId,
    detail: { earlyByMinutes: decision.earlyByMinutes, lateByMinutes: decision.lateByMinutes },
    from_status: lift?.from, to_status: lift?.to, action: lift?.action, audit_action: lift && `appointment.${lift.action}`, kind: lift?.kind,
    actor: deviceUsername(device), gate_code: device.gateCode, title: lift?.notice.title, body: lift?.notice.body,
  })));
  const { rows } = await sql<{ n: number; event_id: number | null; locked: boolean; recipients: string[] }>`
    with i as materialized (
      select * from json_to_recordset(${input}::json) as i(
        n int, lift boolean, terminal_id uuid, gate_id uuid, device_id uuid, read_id text, direction text, plate text, read_at timestamptz,
        decision text, code text, message text, appointment_id uuid, detail jsonb, from_status text, to_status text, action text, audit_action text,
        kind text, actor text, gate_code text, title text, body text)
    ), locked as (
      select a.id from appointments a join i on i.appointment_id = a.id and i.lift and a.status = i.from_status
       order by a.id for update of a
    ), ev as (
      insert into gate_events (terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, appointment_id, detail, created_at)
      select terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, appointment_id, detail, ${now}::timestamptz
        from i where not i.lift or i.appointment_id in (select id from locked)
       order by n
      on conflict (device_id, read_id) do nothing
      returning id, device_id, read_id
    ), moved as (
      update appointments a set status = i.to_status, updated_at = ${now}::timestamptz
        from i join ev on ev.device_id = i.device_id and ev.read_id = i.read_id
       where i.lift and a.id = i.appointment_id
      returning a.id, a.terminal_id, a.enterprise_id, i.n
    ), history as (
      insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
      select m.id, m.terminal_id, ${now}::timestamptz, null, i.actor, i.action, i.from_status, i.to_status, jsonb_build_object('gate', i.gate_code)
        from moved m join i on i.n = m.n
    ), audited as (
      insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
      select ${now}::timestamptz, null, i.actor, m.enterprise_id, null, i.audit_action, 'appointment', m.id::text,
             jsonb_build_object('status', i.from_status), jsonb_build_object('status', i.to_status, 'gate', i.gate_code)
        from moved m join i on i.n = m.n
    ), notified as (
      insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at)
      select u.id, u.enterprise_id, i.kind, i.title, i.body, jsonb_build_object('appointmentId', m.id), ${now}::timestamptz
        from moved m join i on i.n = m.n join users u on u.enterprise_id = m.enterprise_id
       where not exists (select 1 from notification_optouts o where o.user_id = u.id and o.kind = i.kind)
      returning user_id, (data->>'appointmentId')::uuid as appointment_id
    ), seen as (
      -- The lane list's "last seen", touched at most once a minute.
      update gate_devices set last_seen_at = ${now}::timestamptz
       where id = any(${sql.val(touchDevices)}::uuid[]) and id in (select device_id from ev)
         and (last_seen_at is null or last_seen_at < ${now}::timestamptz - interval '1 minute')
    )
    select i.n, ev.id as event_id, coalesce(i.appointment_id in (select id from locked), false) as locked,
           coalesce((select json_agg(r.user_id) from notified r where r.appointment_id = i.appointment_id), '[]'::json) as recipients
      from i left join ev on ev.device_id = i.device_id and ev.read_id = i.read_id`.execute(db);
  const outcomes: WriteOutcome[] = decided.map(() => ({ kind: 'duplicate' }));
  for (const row of rows) {
    const lifts = decided[row.n].lift !== null;
    if (row.event_id === null) outcomes[row.n] = lifts && !row.locked ? { kind: 'stale' } : { kind: 'duplicate' };
    else outcomes[row.n] = { kind: 'recorded', eventId: Number(row.event_id), recipients: row.recipients };
  }
  return outcomes;
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

/** Per server (its Deps): the queue of reads and when each device was last marked seen. */
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
 * Decides and records one batch of reads: one statement reads every read's state, the rule
 * decides each, one statement records them all. A read that lost a race is queued again at the
 * front; when a batch fails, each of its reads runs again alone, so that one bad read fails alone
 * (but when the database is away they all fail at once: 503, and the devices read again).
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
    const states = await loadReadStates(deps.db, batch);
    const now = deps.clock.now();
    const decided: DecidedRead[] = [];
    batch.forEach((read, n) => {
      const state = states[n];
      if (!state || state.device.revoked) return fail(read, new AppError('UNAUTHENTICATED'));
      const { decision, appointment } = decide(read, state);
      decided.push({ read, device: state.device, decision, lift: liftOf(state.device, read.plate, decision, appointment, now) });
    });
    if (decided.length === 0) return;
    const touch = [...new Set(decided.map((d) => d.device.deviceId))].filter((id) => now.getTime() - (reader.seenAt.get(id) ?? 0) >= SEEN_EVERY_MS);
    const outcomes = await writeDecisions(deps.db, decided, touch, now);
    for (const id of touch) reader.seenAt.set(id, now.getTime());
    const events: LiveEvent[] = [];
    const duplicates: DecidedRead[] = [];
    decided.forEach((d, n) => {
      const outcome = outcomes[n];
      if (outcome.kind === 'duplicate') return duplicates.push(d);
      if (outcome.kind === 'stale') return again(d.read);
      events.push(...liveEventsOf(d, outcome));
      answer(d.read, present(outcome.eventId, d.decision, { earlyByMinutes: d.decision.earlyByMinutes, lateByMinutes: d.decision.lateByMinutes }));
    });
    sendCommitted(deps.db, events);
    if (duplicates.length > 0) {
      // The same read was recorded before (a device sending again what got no answer): its first answer stands.
      const stored = await storedAnswers(deps.db, duplicates.map((d) => ({ deviceId: d.device.deviceId, readId: d.read.readId })));
      for (const { read, device } of duplicates) {
        const first = stored.get(`${device.deviceId} ${read.readId}`);
        if (first) answer(read, answerOf(first));
        else again(read);
      }
    }
  } catch (error) {
    // Nothing of the failed statement was written (each is atomic); reads already answered keep their answer.
    recoverFailedBatch(error, batch.length, batch.filter((read) => !settled.has(read)), { retry: (read) => again(read), alone: (read) => again(read, true), fail });
  }
}

function decide(read: PendingRead, state: ReadState): { decision: GateDecision; appointment: LiveAppointmentJson | undefined } {
  const { device } = state;
  const appointments: GateAppointment[] = state.appointments
    .filter((a) => a.windowStart && a.windowEnd)
    .map((a) => ({ id: a.id, appointmentNo: a.appointmentNo, terminalId: a.terminalId, status: a.status, windowStart: new Date(a.windowStart!), windowEnd: new Date(a.windowEnd!) }));
  const decision = decideGate({ plate: read.plate, direction: device.direction, terminalId: device.terminalId, readAt: read.readAt, toleranceMinutes: device.toleranceMinutes, vehicle: state.vehicle, appointments });
  return { decision, appointment: state.appointments.find((a) => a.id === decision.appointmentId) };
}

/**
 * One plate read from a lane device: decide, record the event, move the appointment (入区/出区).
 * Reads arriving together are decided and recorded together (two statements per batch); the same
 * (device, readId) again answers the first decision and records nothing, also when the two race.
 */
export function recordGateRead(deps: Deps, token: string | null, input: { plate: string; readId: string; readAt: Date }): Promise<GateAnswer> {
  if (!token) return Promise.reject(new AppError('UNAUTHENTICATED'));
  const plate = normalizePlate(input.plate);
  return new Promise<GateAnswer>((resolve, reject) => {
    readerOf(deps).queue.add({ tokenHash: hashToken(token), readId: input.readId, plate, readAt: input.readAt, attempt: 1, resolve, reject });
  });
}

/** The notice an enterprise gets when its truck enters or leaves the zone. */
function noticeOf(device: GateDevice, plate: string, entering: boolean, at: Date): { title: string; body: string } {
  return { title: `车辆${plate}${entering ? '已入区' : '已出区'}`, body: `${device.gateCode} ${shanghaiTime.format(at)}` };
}

function liveEventsOf({ device, read, decision, lift }: DecidedRead, outcome: { eventId: number; recipients: string[] }): LiveEvent[] {
  const events: LiveEvent[] = [{
    type: 'gate.read',
    terminalId: device.terminalId,
    data: { eventId: outcome.eventId, gateId: device.gateId, gateCode: device.gateCode, direction: device.direction, plate: read.plate, decision: decision.decision, code: decision.code, message: decision.message, at: read.readAt.toISOString() },
  }];
  if (!lift) return events;
  events.push(
    { type: 'appointment.status', enterpriseId: lift.appointment.enterpriseId, data: { id: lift.appointment.id, status: lift.to } },
    { type: 'zone.changed', terminalId: device.terminalId, public: true, data: { terminalId: device.terminalId } },
  );
  if (outcome.recipients.length > 0) {
    events.push({ type: `notification.${lift.kind}`, userIds: outcome.recipients, data: { kind: lift.kind, ...lift.notice } });
  }
  return events;
}

/** 手动抬杆: a gate officer lifts by hand, with a written reason, recorded as an override. */
export async function overrideGate(deps: Deps, actor: Actor, input: { gateId: string; plate: string; reason: string }) {
  const plate = normalizePlate(input.plate);
  return inTransaction(deps.db, async (trx) => {
    const gate = await trx.selectFrom('gates as g').innerJoin('terminals as t', 't.id', 'g.terminal_id').select(['g.id', 'g.code', 'g.direction', 'g.terminal_id']).where('g.id', '=', input.gateId).executeTakeFirst();
    if (!gate) return null;
    const now = deps.clock.now();
    const direction = gate.direction as 'in' | 'out';
    const from = direction === 'in' ? 'booked' : 'entered';
    const appointment = await trx
      .selectFrom('appointments')
      .select(['id', 'terminal_id', 'enterprise_id', 'status'])
      .where('plate', '=', plate)
      .where('terminal_id', '=', gate.terminal_id)
      .where('status', 'in', direction === 'in' ? ['booked'] : ['entered', 'empty_confirmed'])
      .forUpdate()
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
