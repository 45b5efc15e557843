import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import type { Db } from '../../platform/db.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db.ts';
import { decideInDatabase } from './decide-sql.ts';
import { decideGate, type GateAppointment, type GateInput, type LiveStatus } from './decide.ts';

let database: TestDatabase;
let db: Db;

before(async () => {
  database = await createTestDatabase();
  db = database.handle.db;
});
after(async () => {
  await database?.drop();
});

const HERE = randomUUID();
const THERE = randomUUID();
const MINUTE = 60_000;
const windowStart = new Date('2026-11-25T02:00:00Z'); // 10:00 in Beijing

/** decideGate's input with the appointments in the order the server hands them over: window, then id. */
function ordered(input: GateInput): GateInput {
  const appointments = [...input.appointments].sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...input, appointments };
}

async function compare(inputs: GateInput[]): Promise<void> {
  const inSql = await decideInDatabase(db, inputs);
  assert.equal(inSql.length, inputs.length);
  inputs.forEach((input, n) => {
    const expected = decideGate(ordered(input));
    assert.deepEqual(inSql[n], expected, `case ${n}: ${JSON.stringify(input)}`);
  });
}

function appointment(overrides: Partial<GateAppointment> = {}): GateAppointment {
  return { id: randomUUID(), appointmentNo: '102611250000000001', terminalId: HERE, status: 'booked', windowStart, windowEnd: new Date(windowStart.getTime() + 60 * MINUTE), ...overrides };
}

function input(overrides: Partial<GateInput> = {}): GateInput {
  return { plate: '京A12345', direction: 'in', terminalId: HERE, at: new Date(windowStart.getTime() + 10 * MINUTE), toleranceMinutes: 30, vehicle: { blocked: false }, appointments: [appointment()], ...overrides };
}

test('every answer of the rule, in SQL as in decide.ts', async () => {
  const at = (minutes: number, seconds = 0) => new Date(windowStart.getTime() + minutes * MINUTE + seconds * 1000);
  await compare([
    input(),
    input({ at: at(-30) }),
    input({ at: at(-30, -1) }),
    input({ at: at(-90) }),
    input({ at: at(90) }),
    input({ at: at(90, 1) }),
    input({ at: at(200, 30) }),
    input({ toleranceMinutes: 0, at: at(-1) }),
    input({ vehicle: null }),
    input({ vehicle: { blocked: true } }),
    input({ vehicle: { blocked: true }, appointments: [appointment({ status: 'entered' })] }),
    input({ appointments: [] }),
    input({ appointments: [appointment({ status: 'submitted', appointmentNo: null })] }),
    input({ appointments: [appointment({ terminalId: THERE })] }),
    input({ appointments: [appointment({ terminalId: THERE, status: 'submitted', appointmentNo: null })] }),
    input({ appointments: [appointment({ status: 'entered' })] }),
    input({ appointments: [appointment({ status: 'empty_confirmed', terminalId: THERE })] }),
    input({ appointments: [appointment({ windowStart: at(300), windowEnd: at(360) }), appointment()] }),
    input({ at: at(-200), appointments: [appointment({ windowStart: at(300), windowEnd: at(360) }), appointment()] }),
    // A read dated centuries off (the API takes any valid date): minutes beyond a 32-bit integer.
    input({ at: new Date('6604-02-28T11:52:36Z') }),
    input({ at: new Date('0001-01-01T00:00:00Z') }),
    // Two windows as near as each other: the earlier one is named.
    input({ at: at(120), toleranceMinutes: 0, appointments: [appointment({ windowStart: at(180), windowEnd: at(240) }), appointment()] }),
    input({ direction: 'out', appointments: [appointment({ status: 'empty_confirmed' })] }),
    input({ direction: 'out', appointments: [appointment({ status: 'entered' })] }),
    input({ direction: 'out', appointments: [appointment()] }),
    input({ direction: 'out', vehicle: null, appointments: [] }),
    input({ direction: 'out', vehicle: null, appointments: [appointment({ status: 'entered' })] }),
    input({ direction: 'out', appointments: [appointment({ status: 'empty_confirmed', terminalId: THERE })] }),
    input({ direction: 'out', at: at(600), appointments: [appointment({ status: 'empty_confirmed' })] }),
    input({ direction: 'out', appointments: [appointment({ status: 'entered', terminalId: THERE }), appointment({ status: 'entered' })] }),
  ]);
});

/** A deterministic pseudo-random sequence, so that a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('5,000 random states get the same answer in SQL as in decide.ts', async () => {
  const next = random(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const statuses: LiveStatus[] = ['submitted', 'booked', 'booked', 'entered', 'empty_confirmed'];
  const inputs: GateInput[] = [];
  for (let n = 0; n < 5000; n++) {
    const tolerance = pick([0, 15, 30, 60]);
    const readAt = new Date(windowStart.getTime() + Math.floor((next() - 0.5) * 600) * MINUTE + pick([0, 0, 1000, -1000, 30_000]));
    const count = pick([0, 1, 1, 2, 2, 3]);
    const appointments = Array.from({ length: count }, () => {
      // Windows near the read, some exactly at the tolerance's edge, some sharing their start.
      const start = new Date(readAt.getTime() + pick([-tolerance - 60, -tolerance, -60, 0, 5, tolerance, tolerance + 1, 120, -240]) * MINUTE);
      const status = pick(statuses);
      return appointment({ status, terminalId: pick([HERE, HERE, THERE]), windowStart: start, windowEnd: new Date(start.getTime() + pick([30, 60]) * MINUTE), appointmentNo: status === 'submitted' ? null : String(1e17 + n) });
    });
    const vehicle = pick([null, { blocked: false }, { blocked: false }, { blocked: false }, { blocked: true }]);
    inputs.push({ plate: `京A${String(n).padStart(5, '0')}`, direction: pick(['in', 'out'] as const), terminalId: HERE, at: readAt, toleranceMinutes: tolerance, vehicle, appointments });
  }
  await compare(inputs);
  // The cases reach every answer of the rule.
  const codes = new Set(inputs.map((i) => decideGate(ordered(i)).code));
  assert.deepEqual([...codes].sort(), ['ALREADY_INSIDE', 'APPOINTMENT_PENDING', 'LIFT_IN', 'LIFT_OUT', 'NOT_CONFIRMED', 'NOT_INSIDE', 'NO_APPOINTMENT', 'OUTSIDE_WINDOW', 'VEHICLE_BLOCKED', 'VEHICLE_NOT_FILED', 'WRONG_TERMINAL']);
});
