import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { generateSlots, type OpeningHours } from './slot-calendar.ts';
import { dateTimeText, formatInZone, localDateOf, startOfLocalDay } from './time-zone.ts';

const everyDay = (intervals: [string, string][]): OpeningHours => Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, intervals]));
const iso = (d: Date) => d.toISOString();
const local = (d: Date, zone: string) => formatInZone(d, zone).slice(11, 16);

describe('generateSlots', () => {
  const cases: {
    name: string;
    date: string;
    timeZone: string;
    slotMinutes: 30 | 60;
    hours: OpeningHours | null;
    closedDates?: string[];
    count: number;
    first?: string;
    lastEnd?: string;
    localStarts?: string[];
  }[] = [
    { name: 'Shanghai, open all day', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: null, count: 24, first: '2026-11-24T16:00:00.000Z', lastEnd: '2026-11-25T16:00:00.000Z' },
    { name: 'Shanghai, 08:00–20:00 hourly', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: everyDay([['08:00', '20:00']]), count: 12, first: '2026-11-25T00:00:00.000Z', lastEnd: '2026-11-25T12:00:00.000Z' },
    { name: 'Shanghai, 08:00–20:00 in 30 minutes', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 30, hours: everyDay([['08:00', '20:00']]), count: 24, first: '2026-11-25T00:00:00.000Z', lastEnd: '2026-11-25T12:00:00.000Z' },
    { name: 'a closed date has no slots', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: null, closedDates: ['2026-11-24', '2026-11-25'], count: 0 },
    {
      name: 'weekday hours with a lunch break (Monday)',
      date: '2026-11-23',
      timeZone: 'Asia/Shanghai',
      slotMinutes: 60,
      hours: { '1': [['08:00', '12:00'], ['13:00', '17:00']], '2': [['00:00', '24:00']] },
      count: 8,
      localStarts: ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
    },
    { name: 'a weekday missing from the hours is closed (Sunday)', date: '2026-11-29', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: { '1': [['08:00', '20:00']], '6': [['08:00', '20:00']] }, count: 0 },
    { name: 'a weekday with an empty list is closed', date: '2026-11-28', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: { '6': [] }, count: 0 },
    { name: 'an interval that does not fit a whole slot loses the partial slot', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: everyDay([['08:30', '11:00']]), count: 2, localStarts: ['09:00', '10:00'] },
    { name: 'hours ending at 24:00 keep the last slot', date: '2026-11-25', timeZone: 'Asia/Shanghai', slotMinutes: 60, hours: everyDay([['22:00', '24:00']]), count: 2, lastEnd: '2026-11-25T16:00:00.000Z' },
    // Europe/Berlin: clocks go forward 2026-03-29 02:00 → 03:00, back 2026-10-25 03:00 → 02:00.
    { name: 'Berlin, spring forward: 23 hourly slots', date: '2026-03-29', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: null, count: 23, first: '2026-03-28T23:00:00.000Z', lastEnd: '2026-03-29T22:00:00.000Z' },
    { name: 'Berlin, fall back: 25 hourly slots', date: '2026-10-25', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: null, count: 25, first: '2026-10-24T22:00:00.000Z', lastEnd: '2026-10-25T23:00:00.000Z' },
    { name: 'Berlin, fall back: 50 half-hour slots', date: '2026-10-25', timeZone: 'Europe/Berlin', slotMinutes: 30, hours: null, count: 50 },
    { name: 'Berlin, spring forward, 08:00–20:00 local: 12 slots from 06:00Z', date: '2026-03-29', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: everyDay([['08:00', '20:00']]), count: 12, first: '2026-03-29T06:00:00.000Z', lastEnd: '2026-03-29T18:00:00.000Z' },
    { name: 'Berlin, fall back, 08:00–20:00 local: 12 slots from 07:00Z', date: '2026-10-25', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: everyDay([['08:00', '20:00']]), count: 12, first: '2026-10-25T07:00:00.000Z', lastEnd: '2026-10-25T19:00:00.000Z' },
    { name: 'Berlin, hours inside the skipped hour keep only what exists', date: '2026-03-29', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: everyDay([['02:00', '04:00']]), count: 1, first: '2026-03-29T01:00:00.000Z', localStarts: ['03:00'] },
    { name: 'Berlin, the day before the switch is ordinary', date: '2026-03-28', timeZone: 'Europe/Berlin', slotMinutes: 60, hours: null, count: 24, first: '2026-03-27T23:00:00.000Z' },
    // America/New_York: forward 2026-03-08, back 2026-11-01.
    { name: 'New York, spring forward: 23 slots', date: '2026-03-08', timeZone: 'America/New_York', slotMinutes: 60, hours: null, count: 23, first: '2026-03-08T05:00:00.000Z', lastEnd: '2026-03-09T04:00:00.000Z' },
    { name: 'New York, fall back: 25 slots', date: '2026-11-01', timeZone: 'America/New_York', slotMinutes: 60, hours: null, count: 25, first: '2026-11-01T04:00:00.000Z', lastEnd: '2026-11-02T05:00:00.000Z' },
    { name: 'New York, fall back, 30 minutes: 50 slots', date: '2026-11-01', timeZone: 'America/New_York', slotMinutes: 30, hours: null, count: 50 },
    { name: 'Kolkata (+05:30): the day starts at 18:30Z', date: '2026-11-25', timeZone: 'Asia/Kolkata', slotMinutes: 30, hours: null, count: 48, first: '2026-11-24T18:30:00.000Z' },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const slots = generateSlots({ date: c.date, timeZone: c.timeZone, slotMinutes: c.slotMinutes, hours: c.hours, closedDates: c.closedDates ?? [] });
      assert.equal(slots.length, c.count);
      if (c.first) assert.equal(iso(slots[0].start), c.first);
      if (c.lastEnd) assert.equal(iso(slots[slots.length - 1].end), c.lastEnd);
      if (c.localStarts) assert.deepEqual(slots.map((s) => local(s.start, c.timeZone)), c.localStarts);
      for (const s of slots) assert.equal(s.end.getTime() - s.start.getTime(), c.slotMinutes * 60_000, 'every slot lasts slotMinutes of real time');
      for (let i = 1; i < slots.length; i++) assert.ok(slots[i].start >= slots[i - 1].end, 'slots do not overlap');
    });
  }

  test('slots are contiguous over a whole DST day and cover it exactly', () => {
    const date = '2026-10-25';
    const slots = generateSlots({ date, timeZone: 'Europe/Berlin', slotMinutes: 60, hours: null, closedDates: [] });
    for (let i = 1; i < slots.length; i++) assert.equal(slots[i].start.getTime(), slots[i - 1].end.getTime());
    assert.equal(slots[0].start.getTime(), startOfLocalDay(date, 'Europe/Berlin').getTime());
    assert.equal(slots[slots.length - 1].end.getTime(), startOfLocalDay('2026-10-26', 'Europe/Berlin').getTime());
    // the repeated hour shows twice, once per offset
    assert.deepEqual(slots.slice(2, 4).map((s) => formatInZone(s.start, 'Europe/Berlin')), ['2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00']);
  });
});

describe('time-zone helpers', () => {
  test('formatInZone writes the offset of the instant', () => {
    assert.equal(formatInZone(new Date('2026-11-25T00:00:00Z'), 'Asia/Shanghai'), '2026-11-25T08:00:00+08:00');
    assert.equal(formatInZone(new Date('2026-07-01T12:00:00Z'), 'America/New_York'), '2026-07-01T08:00:00-04:00');
    assert.equal(formatInZone(new Date('2026-01-01T12:00:00Z'), 'Asia/Kolkata'), '2026-01-01T17:30:00+05:30');
    assert.equal(formatInZone(new Date('2026-01-01T12:00:00Z'), 'UTC'), '2026-01-01T12:00:00+00:00');
  });

  test('formatInZone writes what Intl reads of each instant, across days, offsets and their changes', () => {
    // The reference asks Intl for every instant afresh; formatInZone and localDateOf keep offsets and days.
    const reference = (instant: Date, zone: string) => {
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(instant).map((part) => [part.type, part.value]));
      const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
      const minutes = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${minutes < 0 ? '-' : '+'}${two(Math.floor(Math.abs(minutes) / 60))}:${two(Math.abs(minutes) % 60)}`;
    };
    const zones = ['Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'America/Santiago', 'Europe/Berlin', 'Pacific/Chatham', 'America/Los_Angeles'];
    // Around changes (the last second before and the first after), late in a day, before 1970, and at random.
    const instants = ['2026-10-25T00:59:59.999Z', '2026-10-25T01:00:00Z', '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-09-06T03:59:59Z', '2026-09-06T04:00:00Z',
      '2026-11-24T23:59:59.999Z', '1969-12-31T23:59:59Z', '1900-01-01T00:00:00Z'].map((iso) => new Date(iso));
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let k = 0; k < 400; k++) instants.push(new Date(Date.UTC(1950, 0, 1) + Math.floor(random() * 4_000_000_000_000)));
    for (const zone of zones) {
      for (const instant of instants) {
        const expected = reference(instant, zone);
        assert.equal(formatInZone(instant, zone), expected, `${instant.toISOString()} in ${zone}`);
        assert.equal(localDateOf(instant, zone), expected.slice(0, 10), `the day of ${instant.toISOString()} in ${zone}`);
      }
    }
  });

  test('startOfLocalDay finds the first instant of the day, even where midnight does not exist', () => {
    assert.equal(iso(startOfLocalDay('2026-11-25', 'Asia/Shanghai')), '2026-11-24T16:00:00.000Z');
    // America/Santiago: 2026-09-06 clocks go from 00:00 to 01:00, so the day begins at 01:00 local (04:00Z).
    const santiago = startOfLocalDay('2026-09-06', 'America/Santiago');
    assert.equal(formatInZone(santiago, 'America/Santiago'), '2026-09-06T01:00:00-03:00');
  });
});

test('a time as pages and notices write it, on the zone\'s clock, to the minute or the second', () => {
  const at = new Date('2026-12-07T04:03:27.900Z');
  assert.equal(dateTimeText(at, 'Asia/Shanghai'), '2026-12-07 12:03');
  assert.equal(dateTimeText(at, 'Asia/Shanghai', 'second'), '2026-12-07 12:03:27');
  assert.equal(dateTimeText(at, 'Europe/Berlin', 'second'), '2026-12-07 05:03:27');
});
