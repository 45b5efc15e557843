import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { bookingRefusal, type BookingTerminal } from './booking-rules.ts';

// 08:00 in Beijing on Wednesday 2026-11-25.
const now = new Date('2026-11-25T00:00:00Z');
const terminal: BookingTerminal = { timeZone: 'Asia/Shanghai', horizonDays: 3, minLeadMinutes: 60, closedDates: ['2026-11-27'] };
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe('bookingRefusal', () => {
  const cases: { name: string; start: Date; localDate: string; capacity?: { pickup: number; delivery: number }; flag?: 'pickup' | 'delivery'; terminal?: Partial<BookingTerminal>; now?: Date; expected: string | null }[] = [
    { name: 'a slot that started an hour ago', start: minutes(-60), localDate: '2026-11-25', expected: 'SLOT_PAST' },
    { name: 'a slot that starts exactly now has started', start: minutes(0), localDate: '2026-11-25', expected: 'SLOT_PAST' },
    { name: 'one minute short of the lead time', start: minutes(59), localDate: '2026-11-25', expected: 'LEAD_TIME' },
    { name: 'exactly at the lead time is allowed', start: minutes(60), localDate: '2026-11-25', expected: null },
    { name: 'no lead time: a slot a second away is allowed', start: new Date(now.getTime() + 1000), localDate: '2026-11-25', terminal: { minLeadMinutes: 0 }, expected: null },
    { name: 'the last hour of today + horizon is allowed', start: new Date('2026-11-28T15:00:00Z'), localDate: '2026-11-28', expected: null },
    { name: 'the first hour after today + horizon is beyond it', start: new Date('2026-11-28T16:00:00Z'), localDate: '2026-11-29', expected: 'BEYOND_HORIZON' },
    { name: 'the horizon counts days in the terminal\'s zone (01:00 Beijing is already the 26th)', now: new Date('2026-11-25T17:00:00Z'), start: new Date('2026-11-29T02:00:00Z'), localDate: '2026-11-29', expected: null },
    { name: 'a closed date', start: new Date('2026-11-27T02:00:00Z'), localDate: '2026-11-27', expected: 'SLOT_CLOSED' },
    { name: 'capacity 0 for the flag closes the slot for that flag', start: minutes(120), localDate: '2026-11-25', capacity: { pickup: 0, delivery: 5 }, flag: 'pickup', expected: 'SLOT_CLOSED' },
    { name: '… but not for the other flag', start: minutes(120), localDate: '2026-11-25', capacity: { pickup: 0, delivery: 5 }, flag: 'delivery', expected: null },
    { name: 'a full slot is not this rule\'s business (the database answers SLOT_FULL)', start: minutes(120), localDate: '2026-11-25', capacity: { pickup: 1, delivery: 1 }, expected: null },
    { name: 'past wins over closed', start: minutes(-60), localDate: '2026-11-27', expected: 'SLOT_PAST' },
    { name: 'lead time wins over horizon and closed', start: minutes(30), localDate: '2026-11-27', expected: 'LEAD_TIME' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const refusal = bookingRefusal({
        now: c.now ?? now,
        terminal: { ...terminal, ...c.terminal },
        slot: { localDate: c.localDate, start: c.start, capacity: c.capacity ?? { pickup: 10, delivery: 10 } },
        flag: c.flag ?? 'delivery',
      });
      assert.equal(refusal, c.expected);
    });
  }
});
