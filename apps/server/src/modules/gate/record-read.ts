import { liveAppointmentStatuses, normalizePlate } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { publish } from '../../platform/events.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notify } from '../notifications/index.ts';
import { recordAppointmentChange } from '../scheduling/index.ts';
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

/** The device's own principal in audit rows. */
function deviceActor(device: GateDevice): Actor {
  return { userId: '', username: `device:${device.deviceName}`, name: device.deviceName, role: 'gate_officer', enterpriseId: null, terminalId: device.terminalId, permissions: [], sessionId: null, ip: null };
}

async function storedAnswer(db: Db, deviceId: string, readId: string): Promise<GateAnswer | null> {
  const row = await db
    .selectFrom('gate_events as e')
    .leftJoin('appointments as a', 'a.id', 'e.appointment_id')
    .select(['e.id', 'e.decision', 'e.code', 'e.message', 'e.detail', 'a.appointment_no'])
    .where('e.device_id', '=', deviceId)
    .where('e.read_id', '=', readId)
    .executeTakeFirst();
  if (!row) return null;
  return present(row.id, { decision: row.decision as 'lift' | 'deny', code: row.code, message: row.message, appointmentNo: row.appointment_no }, (row.detail ?? {}) as Record<string, number>);
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

/**
 * One plate read: decide, record the event, move the appointment (入区/出区) — in one transaction.
 * The same (device, readId) again answers the first decision and records nothing: the event's
 * unique key decides which of two racing identical reads counts; the other reads its answer.
 */
export async function recordGateRead(deps: Deps, device: GateDevice, input: { plate: string; readId: string; readAt: Date }): Promise<GateAnswer> {
  const earlier = await storedAnswer(deps.db, device.deviceId, input.readId);
  if (earlier) return earlier;
  const plate = normalizePlate(input.plate);
  const outcome = await inTransaction(deps.db, async (trx) => {
    const vehicle = await trx.selectFrom('vehicles').select(['id', 'blocked_at']).where('plate', '=', plate).where('status', '=', 'active').executeTakeFirst();
    // Locking the plate's live appointments makes two cameras reading one truck take turns.
    const rows = await trx
      .selectFrom('appointments')
      .select(['id', 'appointment_no', 'terminal_id', 'enterprise_id', 'status', 'window_start', 'window_end'])
      .where('plate', '=', plate)
      .where('status', 'in', [...liveAppointmentStatuses])
      .orderBy('window_start')
      .forUpdate()
      .execute();
    const appointments: GateAppointment[] = rows
      .filter((r) => r.window_start && r.window_end)
      .map((r) => ({ id: r.id, appointmentNo: r.appointment_no, terminalId: r.terminal_id, status: r.status as LiveStatus, windowStart: r.window_start!, windowEnd: r.window_end! }));
    const decision = decideGate({
      plate,
      direction: device.direction,
      terminalId: device.terminalId,
      readAt: input.readAt,
      toleranceMinutes: device.toleranceMinutes,
      vehicle: vehicle ? { blocked: vehicle.blocked_at !== null } : null,
      appointments,
    });
    const detail = { earlyByMinutes: decision.earlyByMinutes, lateByMinutes: decision.lateByMinutes };
    const now = deps.clock.now();
    const event = await trx
      .insertInto('gate_events')
      .values({
        terminal_id: device.terminalId,
        gate_id: device.gateId,
        device_id: device.deviceId,
        read_id: input.readId,
        direction: device.direction,
        plate,
        read_at: input.readAt,
        decision: decision.decision,
        code: decision.code,
        message: decision.message,
        appointment_id: decision.appointmentId,
        detail: JSON.stringify(detail),
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['device_id', 'read_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!event) return null; // an identical read got there first
    const appointment = rows.find((r) => r.id === decision.appointmentId);
    if (decision.decision === 'lift' && appointment) await moveAppointment(trx, device, decision, { ...appointment, plate }, now);
    await publish(trx, {
      type: 'gate.read',
      terminalId: device.terminalId,
      data: { eventId: event.id, gateId: device.gateId, gateCode: device.gateCode, direction: device.direction, plate, decision: decision.decision, code: decision.code, message: decision.message, at: input.readAt.toISOString() },
    });
    return present(event.id, { ...decision, appointmentNo: decision.appointmentNo }, detail);
  });
  return outcome ?? (await storedAnswer(deps.db, device.deviceId, input.readId))!;
}

async function moveAppointment(
  trx: Db,
  device: GateDevice,
  decision: GateDecision,
  appointment: { id: string; terminal_id: string; enterprise_id: string; status: string; plate: string },
  now: Date,
): Promise<void> {
  const to = decision.code === 'LIFT_IN' ? 'entered' : 'exited';
  const from = decision.code === 'LIFT_IN' ? 'booked' : 'empty_confirmed';
  const moved = await trx.updateTable('appointments').set({ status: to, updated_at: now }).where('id', '=', appointment.id).where('status', '=', from).returning('id').executeTakeFirst();
  if (!moved) return;
  await recordAppointmentChange(trx, deviceActor(device), appointment, { action: to === 'entered' ? 'gate_in' : 'gate_out', from, to, detail: { gate: device.gateCode } }, now);
  await publish(trx, { type: 'appointment.status', enterpriseId: appointment.enterprise_id, data: { id: appointment.id, status: to } });
  await publish(trx, { type: 'zone.changed', terminalId: device.terminalId, public: true, data: { terminalId: device.terminalId } });
  const entered = to === 'entered';
  await notify(trx, {
    enterpriseId: appointment.enterprise_id,
    kind: entered ? 'gate.entered' : 'gate.exited',
    title: entered ? `车辆${appointment.plate}已入区` : `车辆${appointment.plate}已出区`,
    body: `${device.gateCode} ${now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`,
    data: { appointmentId: appointment.id },
    at: now,
  });
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
