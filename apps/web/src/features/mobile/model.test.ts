import assert from 'node:assert/strict';
import { test } from 'node:test';

import { appointmentStatuses, type AppointmentStatus, type AppointmentSummary } from '@cargo-window/contracts';

import { canConfirm, dayIn, fullness, passState, plusDays, upcomingByDay } from './model.ts';

function appt(id: string, date: string, hour: number, status: AppointmentStatus = 'booked'): AppointmentSummary {
  const hh = String(hour).padStart(2, '0');
  const end = String(hour + 1).padStart(2, '0');
  return {
    id,
    businessNo: `B${id}`,
    appointmentNo: `A${id}`,
    plate: '京A12345',
    flag: 'delivery',
    declarationType: 'ordinary',
    status,
    createdAt: '2026-01-01T00:00:00Z',
    submittedAt: null,
    declaredAt: null,
    terminal: { id: 't', code: 'PKX-ICT', name: '国际货站', timeZone: 'Asia/Shanghai' },
    slot: { id: `s${id}`, date, start: `${date}T${hh}:00:00+08:00`, end: `${date}T${end}:00:00+08:00` },
  };
}

// 2026-03-10 09:30 in Beijing.
const now = new Date('2026-03-10T01:30:00Z');

test('days are counted in the terminal zone', () => {
  assert.equal(dayIn('Asia/Shanghai', new Date('2026-03-09T16:30:00Z')), '2026-03-10');
  assert.equal(dayIn('UTC', new Date('2026-03-09T16:30:00Z')), '2026-03-09');
  assert.equal(plusDays('2026-02-28', 1), '2026-03-01');
  assert.equal(plusDays('2026-03-01', -1), '2026-02-28');
});

test('today and later, grouped by day in window order; drafts, cancelled and past days left out', () => {
  const groups = upcomingByDay(
    [appt('3', '2026-03-11', 8), appt('1', '2026-03-10', 14), appt('2', '2026-03-10', 8), appt('4', '2026-03-09', 8), appt('5', '2026-03-10', 9, 'draft'), appt('6', '2026-03-12', 9, 'cancelled')],
    now,
  );
  assert.deepEqual(
    groups.map((g) => [g.date, g.items.map((a) => a.id)]),
    [
      ['2026-03-10', ['2', '1']],
      ['2026-03-11', ['3']],
    ],
  );
});

test('a truck still inside stays on the list from an earlier day', () => {
  const groups = upcomingByDay([appt('1', '2026-03-09', 22, 'entered'), appt('2', '2026-03-09', 8, 'exited')], now);
  assert.deepEqual(groups.map((g) => g.items.map((a) => a.id)), [['1']]);
});

test('only an entered appointment can be confirmed', () => {
  assert.equal(canConfirm('entered'), true);
  for (const s of ['booked', 'empty_confirmed', 'exited', 'submitted'] as const) assert.equal(canConfirm(s), false);
});

test('the pass\'s QR code only while the booking lets the truck in or out', () => {
  const states = Object.fromEntries(appointmentStatuses.map((s) => [s, passState(s)]));
  assert.deepEqual(states, {
    draft: 'pending',
    submitted: 'pending',
    booked: 'valid',
    entered: 'valid',
    empty_confirmed: 'valid',
    exited: 'done',
    cancelled: 'cancelled',
    rejected: 'rejected',
    no_show: 'no_show',
  });
});

test('board cells: plenty, busy at 30 % left or less, full at none', () => {
  assert.equal(fullness(10, 10), 'free');
  assert.equal(fullness(4, 10), 'free');
  assert.equal(fullness(3, 10), 'busy');
  assert.equal(fullness(0, 10), 'full');
  assert.equal(fullness(0, 0), 'full');
});
