import { sql } from 'kysely';

import { normalizePlate } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
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
  earlier: StoredAnswer | null;
  vehicle: { blocked: boolean } | null;
  appointments: LiveAppointmentJson[];
}

// Literals, not parameters: the prepared statement's generic plan can then use the partial index
// of live appointments by plate, and PostgreSQL stops planning the read anew on every call.
const liveStatusList = sql.join(liveStatusLiterals);

/**
 * Everything one read needs, in one round trip: the device its token belongs to, an earlier
 * answer to the same readId, the plate's vehicle and its live appointments.
 */
async function loadReadState(db: Db, tokenHash: string, readId: string, plate: string): Promise<ReadState | null> {
  const { rows } = await sql<{
    device_id: string; name: string; revoked_at: Date | null; gate_id: string; gate_code: string; direction: 'in' | 'out'; terminal_id: string; tolerance_minutes: number;
    earlier: StoredAnswer | null; vehicle: { blocked: boolean } | null; appointments: LiveAppointmentJson[];
  }>`
    select d.id as device_id, d.name, d.revoked_at, g.id as gate_id, g.code as gate_code, g.direction, t.id as terminal_id, t.tolerance_minutes,
      (select json_build_object('id', e.id, 'decision', e.decision, 'code', e.code, 'message', e.message, 'detail', e.detail, 'appointmentNo', a.appointment_no)
         from gate_events e left join appointments a on a.id = e.appointment_id
        where e.device_id = d.id and e.read_id = ${readId}) as earlier,
      (select json_build_object('blocked', v.blocked_at is not null) from vehicles v where v.plate = ${plate} and v.status = 'active' limit 1) as vehicle,
      (select coalesce(json_agg(json_build_object('id', a.id, 'appointmentNo', a.appointment_no, 'terminalId', a.terminal_id, 'enterpriseId', a.enterprise_id,
                                                  'status', a.status, 'windowStart', a.window_start, 'windowEnd', a.window_end) order by a.window_start), '[]'::json)
         from appointments a where a.plate = ${plate} and a.status in (${liveStatusList})) as appointments
    from gate_devices d join gates g on g.id = d.gate_id join terminals t on t.id = d.terminal_id
    where d.token_hash = ${tokenHash}`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return {
    device: {
      deviceId: row.device_id, deviceName: row.name, gateId: row.gate_id, gateCode: row.gate_code, terminalId: row.terminal_id, direction: row.direction, toleranceMinutes: row.tolerance_minutes,
      revoked: row.revoked_at !== null,
    },
    earlier: row.earlier,
    vehicle: row.vehicle,
    appointments: row.appointments,
  };
}

function answerOf(stored: StoredAnswer): GateAnswer {
  return present(stored.id, stored, stored.detail ?? {});
}

type WriteOutcome = { kind: 'recorded'; eventId: number; moved: boolean; recipients: string[] } | { kind: 'duplicate' } | { kind: 'stale' };

/**
 * Records one decision in one statement (atomic on its own): the event, the device's last-seen
 * time, and for a lift the appointment's move (入区/出区) with its history, audit row and notices.
 * A lift holds the appointment row first and only if it is still in the state the rule saw; when
 * another read moved it meanwhile, nothing is written and the read is decided again (`stale`). The
 * same readId recorded by a racing identical read writes nothing here (`duplicate`): that read's
 * answer stands.
 * The history, audit and notice rows are those `recordAppointmentChange` and `notify` write, in SQL:
 * a change to those rows must be made here too (as in scheduling's booking statement).
 */
async function writeDecision(db: Db, device: GateDevice, input: { plate: string; readId: string; readAt: Date }, decision: GateDecision, appointment: LiveAppointmentJson | undefined, now: Date): Promise<WriteOutcome> {
  const lift = decision.decision === 'lift' && appointment !== undefined;
  const entering = decision.code === 'LIFT_IN';
  const from = entering ? 'booked' : 'empty_confirmed';
  const to = entering ? 'entered' : 'exited';
  const action = entering ? 'gate_in' : 'gate_out';
  const kind = entering ? 'gate.entered' : 'gate.exited';
  const actor = deviceUsername(device);
  const notice = noticeOf(device, input.plate, entering, now);
  const detail = JSON.stringify({ earlyByMinutes: decision.earlyByMinutes, lateByMinutes: decision.lateByMinutes });
  const { rows } = await sql<{ event_id: number | null; locked: number; recipients: string[] }>`
    with locked as (
      select id from appointments where id = ${lift ? appointment.id : null}::uuid and status = ${from} and ${lift}::boolean for update
    ), ev as (
      insert into gate_events (terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, appointment_id, detail, created_at)
      select ${device.terminalId}::uuid, ${device.gateId}::uuid, ${device.deviceId}::uuid, ${input.readId}, ${device.direction}, ${input.plate}, ${input.readAt}::timestamptz,
             ${decision.decision}, ${decision.code}, ${decision.message}, ${decision.appointmentId}::uuid, ${detail}::jsonb, ${now}::timestamptz
       where not ${lift}::boolean or exists (select 1 from locked)
      on conflict (device_id, read_id) do nothing
      returning id
    ), moved as (
      update appointments a set status = ${to}, updated_at = ${now}::timestamptz
        from locked l where a.id = l.id and exists (select 1 from ev)
      returning a.id, a.terminal_id, a.enterprise_id
    ), history as (
      insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
      select id, terminal_id, ${now}::timestamptz, null, ${actor}, ${action}, ${from}, ${to}, ${JSON.stringify({ gate: device.gateCode })}::jsonb from moved
    ), audited as (
      insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
      select ${now}::timestamptz, null, ${actor}, enterprise_id, null, ${`appointment.${action}`}, 'appointment', id::text,
             ${JSON.stringify({ status: from })}::jsonb, ${JSON.stringify({ status: to, gate: device.gateCode })}::jsonb from moved
    ), notified as (
      insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at)
      select u.id, u.enterprise_id, ${kind}, ${notice.title}, ${notice.body},
             ${JSON.stringify({ appointmentId: appointment?.id ?? null })}::jsonb, ${now}::timestamptz
        from users u join moved m on u.enterprise_id = m.enterprise_id
       where not exists (select 1 from notification_optouts o where o.user_id = u.id and o.kind = ${kind})
      returning user_id
    ), seen as (
      -- The lane list's "last seen", touched at most once a minute.
      update gate_devices set last_seen_at = ${now}::timestamptz
       where id = ${device.deviceId}::uuid and exists (select 1 from ev)
         and (last_seen_at is null or last_seen_at < ${now}::timestamptz - interval '1 minute')
    )
    select (select id from ev) as event_id, (select count(*) from locked)::int as locked,
           coalesce((select json_agg(user_id) from notified), '[]'::json) as recipients`.execute(db);
  const row = rows[0];
  if (row.event_id === null) return lift && row.locked === 0 ? { kind: 'stale' } : { kind: 'duplicate' };
  return { kind: 'recorded', eventId: Number(row.event_id), moved: lift, recipients: row.recipients };
}

/** How many times a read is decided again when racing reads of the same truck keep moving it. */
const MAX_ATTEMPTS = 5;

/**
 * One plate read from a lane device: decide, record the event, move the appointment (入区/出区).
 * Two round trips: one read of the whole state, one statement that writes. The same
 * (device, readId) again answers the first decision and records nothing, also when the two race.
 */
export async function recordGateRead(deps: Deps, token: string | null, input: { plate: string; readId: string; readAt: Date }): Promise<GateAnswer> {
  if (!token) throw new AppError('UNAUTHENTICATED');
  const plate = normalizePlate(input.plate);
  const tokenHash = hashToken(token);
  for (let attempt = 1; ; attempt++) {
    const state = await loadReadState(deps.db, tokenHash, input.readId, plate);
    if (!state || state.device.revoked) throw new AppError('UNAUTHENTICATED');
    if (state.earlier) return answerOf(state.earlier);
    const { device } = state;
    const appointments: GateAppointment[] = state.appointments
      .filter((a) => a.windowStart && a.windowEnd)
      .map((a) => ({ id: a.id, appointmentNo: a.appointmentNo, terminalId: a.terminalId, status: a.status, windowStart: new Date(a.windowStart!), windowEnd: new Date(a.windowEnd!) }));
    const decision = decideGate({ plate, direction: device.direction, terminalId: device.terminalId, readAt: input.readAt, toleranceMinutes: device.toleranceMinutes, vehicle: state.vehicle, appointments });
    const appointment = state.appointments.find((a) => a.id === decision.appointmentId);
    const now = deps.clock.now();
    const outcome = await writeDecision(deps.db, device, { ...input, plate }, decision, appointment, now);
    if (outcome.kind === 'stale' && attempt < MAX_ATTEMPTS) continue;
    if (outcome.kind !== 'recorded') {
      // The racing identical read's answer (or, after too many races, the truck's state now).
      const again = await loadReadState(deps.db, tokenHash, input.readId, plate);
      if (again?.earlier) return answerOf(again.earlier);
      throw new AppError('GATE_BUSY');
    }
    sendCommitted(deps.db, liveEventsOf(device, { plate, readAt: input.readAt }, decision, outcome, appointment, now));
    return present(outcome.eventId, decision, { earlyByMinutes: decision.earlyByMinutes, lateByMinutes: decision.lateByMinutes });
  }
}

/** The notice an enterprise gets when its truck enters or leaves the zone. */
function noticeOf(device: GateDevice, plate: string, entering: boolean, at: Date): { title: string; body: string } {
  return { title: `车辆${plate}${entering ? '已入区' : '已出区'}`, body: `${device.gateCode} ${shanghaiTime.format(at)}` };
}

function liveEventsOf(device: GateDevice, read: { plate: string; readAt: Date }, decision: GateDecision, outcome: { eventId: number; moved: boolean; recipients: string[] }, appointment: LiveAppointmentJson | undefined, at: Date): LiveEvent[] {
  const events: LiveEvent[] = [{
    type: 'gate.read',
    terminalId: device.terminalId,
    data: { eventId: outcome.eventId, gateId: device.gateId, gateCode: device.gateCode, direction: device.direction, plate: read.plate, decision: decision.decision, code: decision.code, message: decision.message, at: read.readAt.toISOString() },
  }];
  if (!outcome.moved || !appointment) return events;
  const entered = decision.code === 'LIFT_IN';
  events.push(
    { type: 'appointment.status', enterpriseId: appointment.enterpriseId, data: { id: appointment.id, status: entered ? 'entered' : 'exited' } },
    { type: 'zone.changed', terminalId: device.terminalId, public: true, data: { terminalId: device.terminalId } },
  );
  if (outcome.recipients.length > 0) {
    const kind = entered ? 'gate.entered' : 'gate.exited';
    events.push({ type: `notification.${kind}`, userIds: outcome.recipients, data: { kind, ...noticeOf(device, read.plate, entered, at) } });
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
