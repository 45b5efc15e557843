import assert from 'node:assert/strict';
import { test } from 'node:test';

import { appointmentStatuses, type AppointmentDetail, type Slot } from '@cargo-window/contracts';

import { canCancel, checkedAwb, confirmationFor, duplicateAwbIndexes, emptyDeclarations, exportHref, filterParams, slotAvailability, statusColor } from './model.ts';
import { formatInZone, localDate, localDateTime, localTime, slotRange, slotTimes } from './time.ts';

const now = Date.parse('2026-11-25T10:00:00+08:00');
const slotAt = (start: string, over: Partial<Slot> = {}): Pick<Slot, 'start' | 'capacity' | 'booked' | 'closed'> => ({
  start,
  capacity: { pickup: 10, delivery: 10 },
  booked: { pickup: 0, delivery: 0 },
  closed: false,
  ...over,
});

const availabilityCases: Array<[string, Pick<Slot, 'start' | 'capacity' | 'booked' | 'closed'>, number, string, number]> = [
  ['an empty future slot has plenty', slotAt('2026-11-25T14:00:00+08:00'), 60, 'plenty', 10],
  ['3 of 10 left is few', slotAt('2026-11-25T14:00:00+08:00', { booked: { pickup: 0, delivery: 7 } }), 60, 'few', 3],
  ['4 of 10 left is plenty', slotAt('2026-11-25T14:00:00+08:00', { booked: { pickup: 0, delivery: 6 } }), 60, 'plenty', 4],
  ['1 of 2 left is few', slotAt('2026-11-25T14:00:00+08:00', { capacity: { pickup: 2, delivery: 2 }, booked: { pickup: 0, delivery: 1 } }), 60, 'few', 1],
  ['none left is full', slotAt('2026-11-25T14:00:00+08:00', { booked: { pickup: 0, delivery: 10 } }), 60, 'full', 0],
  ['overbooked counts as full, never negative', slotAt('2026-11-25T14:00:00+08:00', { capacity: { pickup: 10, delivery: 5 }, booked: { pickup: 0, delivery: 7 } }), 60, 'full', 0],
  ['a closed slot is closed', slotAt('2026-11-25T14:00:00+08:00', { closed: true }), 60, 'closed', 10],
  ['no delivery capacity is closed for deliveries', slotAt('2026-11-25T14:00:00+08:00', { capacity: { pickup: 10, delivery: 0 } }), 60, 'closed', 0],
  ['a slot that started is past', slotAt('2026-11-25T09:00:00+08:00'), 0, 'past', 10],
  ['inside the lead time is past', slotAt('2026-11-25T10:30:00+08:00'), 60, 'past', 10],
  ['exactly at the lead time is past', slotAt('2026-11-25T11:00:00+08:00'), 60, 'past', 10],
  ['one minute after the lead time is bookable', slotAt('2026-11-25T11:01:00+08:00'), 60, 'plenty', 10],
];

for (const [name, slot, lead, state, remaining] of availabilityCases) {
  test(`slot availability: ${name}`, () => {
    const result = slotAvailability(slot, 'delivery', now, lead);
    assert.equal(result.state, state);
    assert.equal(result.remaining, remaining);
  });
}

test('slot availability reads the chosen flag only', () => {
  const slot = slotAt('2026-11-25T14:00:00+08:00', { booked: { pickup: 10, delivery: 0 } });
  assert.equal(slotAvailability(slot, 'pickup', now).state, 'full');
  assert.equal(slotAvailability(slot, 'delivery', now).state, 'plenty');
});

test('every status has a colour', () => {
  for (const status of appointmentStatuses) assert.equal(typeof statusColor(status), 'string');
  assert.equal(statusColor('empty_confirmed'), 'green');
  assert.equal(statusColor('rejected'), 'red');
});

test('AWBs: usual spellings become canonical, a wrong check digit is refused', () => {
  assert.equal(checkedAwb('176-12345675'), '176-12345675');
  assert.equal(checkedAwb('17612345675'), '176-12345675');
  assert.equal(checkedAwb(' 176 1234 5675 '), '176-12345675');
  assert.equal(checkedAwb('176-12345676'), null);
  assert.equal(checkedAwb('176-1234567'), null);
  assert.equal(checkedAwb(''), null);
  assert.equal(checkedAwb(undefined), null);
});

test('AWBs: a repeated number (in any spelling) is marked on the later rows', () => {
  assert.deepEqual(duplicateAwbIndexes(['176-12345675', '999-00000000', '17612345675', undefined, '176 1234 5675']), [2, 4]);
  assert.deepEqual(duplicateAwbIndexes(['176-12345676', '176-12345676']), []);
});

test('list filters drop empty values, the export link carries the rest', () => {
  assert.deepEqual(filterParams({ status: 'entered', plate: ' 京A12345 ', businessNo: '', appointmentNo: undefined }), { status: 'entered', plate: '京A12345' });
  assert.equal(exportHref('/api/v1', {}, 'zh-CN'), '/api/v1/appointments/export.xlsx?lang=zh-CN');
  assert.equal(exportHref('/api/v1', { status: 'booked', createdFrom: '2026-11-01' }, 'en'), '/api/v1/appointments/export.xlsx?status=booked&createdFrom=2026-11-01&lang=en');
});

const history = (action: string, detail: Record<string, unknown> | null = null): AppointmentDetail['history'][number] => ({ at: '2026-11-25T12:00:00+08:00', actor: 'demo_op', action, fromStatus: 'entered', toStatus: 'empty_confirmed', detail });

test('the empty-truck declaration comes from the detail, else from the confirmation history row', () => {
  const enterprise = { id: 'e', name: '示范物流' };
  assert.deepEqual(emptyDeclarations({ enterprise, history: [history('gate_in')], emptyDeclaration: null }), []);
  const recorded = emptyDeclarations({
    enterprise,
    history: [history('delivery_confirmed')],
    emptyDeclaration: { declarationType: 'empty', enterpriseName: '示范物流有限公司', declaredAt: '2026-11-25T12:00:00+08:00', declaredByRole: 'operator' },
  });
  assert.deepEqual(recorded, [{ seq: 1, declarationType: '空车', enterpriseName: '示范物流有限公司', declaredAt: '2026-11-25T12:00:00+08:00', actor: 'demo_op' }]);
  const fromHistory = emptyDeclarations({ enterprise, history: [history('gate_in'), history('pickup_confirmed', { declarationType: '空车', enterpriseName: '北京康拓达' })] });
  assert.deepEqual(fromHistory.map((d) => [d.seq, d.declarationType, d.enterpriseName]), [[1, '空车', '北京康拓达']]);
});

test('交货确认 for an entered delivery, 提货确认 for an entered pickup, nothing otherwise', () => {
  assert.equal(confirmationFor({ status: 'entered', flag: 'delivery' }), 'delivery');
  assert.equal(confirmationFor({ status: 'entered', flag: 'pickup' }), 'pickup');
  assert.equal(confirmationFor({ status: 'booked', flag: 'delivery' }), null);
  assert.equal(confirmationFor({ status: 'empty_confirmed', flag: 'delivery' }), null);
});

test('取消预约 only for a booked or submitted appointment whose slot has not started', () => {
  const slot = { id: 's', date: '2026-11-25', start: '2026-11-25T11:00:00+08:00', end: '2026-11-25T12:00:00+08:00' };
  assert.equal(canCancel({ status: 'booked', slot }, now), true);
  assert.equal(canCancel({ status: 'submitted', slot }, now), true);
  assert.equal(canCancel({ status: 'entered', slot }, now), false);
  assert.equal(canCancel({ status: 'booked', slot: { ...slot, start: '2026-11-25T10:00:00+08:00' } }, now), false);
});

test('terminal-local times are read off the offset string, whatever the browser zone', () => {
  const start = '2026-11-25T08:00:00+08:00';
  assert.equal(localDate(start), '2026-11-25');
  assert.equal(localTime(start), '08:00');
  assert.equal(localDateTime(start), '2026-11-25 08:00');
  assert.equal(slotRange({ start, end: '2026-11-25T09:00:00+08:00' }), '2026-11-25 08:00–09:00');
  assert.equal(slotRange({ start: '2026-11-25T23:00:00+08:00', end: '2026-11-26T00:00:00+08:00' }), '2026-11-25 23:00–24:00');
  assert.equal(slotTimes({ start, end: '2026-11-25T08:30:00+08:00' }), '08:00–08:30');
  assert.equal(formatInZone('2026-11-25T00:30:05Z', 'Asia/Shanghai'), '2026-11-25 08:30:05');
  assert.equal(formatInZone('2026-11-25T00:30:05Z', 'Asia/Shanghai', 'time'), '08:30:05');
});
