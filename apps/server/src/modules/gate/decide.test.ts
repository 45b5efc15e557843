import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decideGate, type GateAppointment, type GateInput } from './decide.ts';

const HERE = 'terminal-here';
const THERE = 'terminal-there';
const start = new Date('2026-11-25T02:00:00Z'); // 10:00 in Beijing
const end = new Date('2026-11-25T03:00:00Z');
const minute = 60_000;

function appointment(overrides: Partial<GateAppointment> = {}): GateAppointment {
  return { id: 'a1', appointmentNo: '102611250000000001', terminalId: HERE, status: 'booked', windowStart: start, windowEnd: end, ...overrides };
}

function input(overrides: Partial<GateInput> = {}): GateInput {
  return {
    plate: '京A12345',
    direction: 'in',
    terminalId: HERE,
    at: new Date(start.getTime() + 10 * minute),
    toleranceMinutes: 30,
    vehicle: { blocked: false },
    appointments: [appointment()],
    ...overrides,
  };
}

const at = (ms: number) => new Date(ms);

const cases: [string, Partial<GateInput>, string, Record<string, unknown>?][] = [
  ['in: booked, inside the window', {}, 'LIFT_IN', { decision: 'lift', appointmentNo: '102611250000000001' }],
  ['in: exactly at window start − tolerance', { at: at(start.getTime() - 30 * minute) }, 'LIFT_IN'],
  ['in: one second before start − tolerance', { at: at(start.getTime() - 30 * minute - 1000) }, 'OUTSIDE_WINDOW', { earlyByMinutes: 1 }],
  ['in: an hour early', { at: at(start.getTime() - 90 * minute) }, 'OUTSIDE_WINDOW', { earlyByMinutes: 60, decision: 'deny' }],
  ['in: exactly at window end + tolerance', { at: at(end.getTime() + 30 * minute) }, 'LIFT_IN'],
  ['in: one second after end + tolerance', { at: at(end.getTime() + 30 * minute + 1000) }, 'OUTSIDE_WINDOW', { lateByMinutes: 1 }],
  ['in: zero tolerance, a minute early', { toleranceMinutes: 0, at: at(start.getTime() - minute) }, 'OUTSIDE_WINDOW', { earlyByMinutes: 1 }],
  ['in: plate not in any active fleet', { vehicle: null }, 'VEHICLE_NOT_FILED'],
  ['in: vehicle blocked', { vehicle: { blocked: true } }, 'VEHICLE_BLOCKED'],
  ['in: no appointment at all', { appointments: [] }, 'NO_APPOINTMENT'],
  ['in: operational appointment still waiting for the terminal', { appointments: [appointment({ status: 'submitted', appointmentNo: null })] }, 'APPOINTMENT_PENDING'],
  ['in: booked at another terminal only', { appointments: [appointment({ terminalId: THERE })] }, 'WRONG_TERMINAL'],
  ['in: already entered', { appointments: [appointment({ status: 'entered' })] }, 'ALREADY_INSIDE'],
  ['in: inside and confirmed', { appointments: [appointment({ status: 'empty_confirmed' })] }, 'ALREADY_INSIDE'],
  ['in: two bookings, the one that is open wins', {
    appointments: [appointment({ id: 'later', windowStart: at(start.getTime() + 5 * 60 * minute), windowEnd: at(end.getTime() + 5 * 60 * minute) }), appointment({ id: 'now' })],
  }, 'LIFT_IN', { appointmentId: 'now' }],
  ['out: entered and confirmed', { direction: 'out', appointments: [appointment({ status: 'empty_confirmed' })] }, 'LIFT_OUT', { decision: 'lift' }],
  ['out: entered, not confirmed', { direction: 'out', appointments: [appointment({ status: 'entered' })] }, 'NOT_CONFIRMED'],
  ['out: never entered', { direction: 'out', appointments: [appointment()] }, 'NOT_INSIDE'],
  ['out: unknown plate', { direction: 'out', vehicle: null, appointments: [] }, 'VEHICLE_NOT_FILED'],
  ['out: inside another terminal', { direction: 'out', appointments: [appointment({ status: 'empty_confirmed', terminalId: THERE })] }, 'WRONG_TERMINAL'],
  ['out: confirmed even outside the window (exit is never time-boxed)', { direction: 'out', at: at(end.getTime() + 600 * minute), appointments: [appointment({ status: 'empty_confirmed' })] }, 'LIFT_OUT'],
];

for (const [name, overrides, code, expected] of cases) {
  test(name, () => {
    const result = decideGate(input(overrides));
    assert.equal(result.code, code);
    assert.equal(result.decision, code.startsWith('LIFT') ? 'lift' : 'deny');
    for (const [key, value] of Object.entries(expected ?? {})) assert.equal(result[key as keyof typeof result], value, key);
    assert.ok(result.message.startsWith('京A12345 '), 'the LED text starts with the plate');
  });
}
