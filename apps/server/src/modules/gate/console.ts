import type { GateEvent, GateLane, InsideVehicle } from '@cargo-window/contracts';

import { boundTerminal, type Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';

/** The lanes a person watches: those of the terminal a terminal operator or gate officer is bound to, else all. */
export async function listLanes(db: Db, actor: Actor): Promise<GateLane[]> {
  let query = db
    .selectFrom('gates as g')
    .innerJoin('terminals as t', 't.id', 'g.terminal_id')
    .select(['g.id', 'g.code', 'g.name', 'g.direction', 'g.terminal_id', 't.name as terminalName'])
    .orderBy('t.code')
    .orderBy('g.code');
  const own = boundTerminal(actor);
  if (own !== undefined) query = query.where('g.terminal_id', '=', own);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, direction: r.direction as 'in' | 'out', terminalId: r.terminal_id, terminalName: r.terminalName }));
}

/** The latest reads and decisions of one lane, newest first. */
export async function recentEvents(db: Db, actor: Actor, gateId: string, limit: number): Promise<GateEvent[]> {
  if (!isUuid(gateId)) throw notFound();
  const lanes = await listLanes(db, actor);
  if (!lanes.some((l) => l.id === gateId)) throw notFound();
  const rows = await db
    .selectFrom('gate_events as e')
    .innerJoin('gates as g', 'g.id', 'e.gate_id')
    .leftJoin('appointments as a', 'a.id', 'e.appointment_id')
    .leftJoin('users as u', 'u.id', 'e.override_by')
    .select(['e.id', 'e.gate_id', 'g.code as gateCode', 'e.direction', 'e.plate', 'e.read_at', 'e.decision', 'e.code', 'e.message', 'a.appointment_no', 'u.username as overrideBy', 'e.override_reason'])
    .where('e.gate_id', '=', gateId)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    gateId: r.gate_id,
    gateCode: r.gateCode,
    direction: r.direction as 'in' | 'out',
    plate: r.plate,
    readAt: r.read_at.toISOString(),
    decision: r.decision as 'lift' | 'deny',
    code: r.code,
    message: r.message,
    appointmentNo: r.appointment_no,
    overrideBy: r.overrideBy,
    overrideReason: r.override_reason,
  }));
}

/** Vehicles inside the controlled zone now (entered, not yet out). */
export async function vehiclesInside(db: Db, actor: Actor, terminalId: string): Promise<InsideVehicle[]> {
  if (!isUuid(terminalId)) throw notFound();
  const own = boundTerminal(actor);
  if (own !== undefined && own !== terminalId) throw notFound();
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select((eb) => [
      'a.id',
      'a.appointment_no',
      'a.plate',
      'e.name as enterpriseName',
      'a.flag',
      'a.status',
      eb
        .selectFrom('gate_events as g')
        .select((g) => g.fn.max('g.read_at').as('at'))
        .whereRef('g.appointment_id', '=', 'a.id')
        .where('g.direction', '=', 'in')
        .where('g.decision', '=', 'lift')
        .as('enteredAt'),
    ])
    .where('a.terminal_id', '=', terminalId)
    .where('a.status', 'in', ['entered', 'empty_confirmed'])
    .orderBy('a.updated_at')
    .execute();
  return rows.map((r) => ({
    appointmentId: r.id,
    appointmentNo: r.appointment_no,
    plate: r.plate,
    enterpriseName: r.enterpriseName,
    flag: r.flag as 'pickup' | 'delivery',
    status: r.status as 'entered' | 'empty_confirmed',
    enteredAt: r.enteredAt ? new Date(r.enteredAt as unknown as string).toISOString() : null,
  }));
}
