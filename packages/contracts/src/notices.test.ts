import assert from 'node:assert/strict';
import { test } from 'node:test';

import { noticeInLanguage, noticeRecord, noticeText } from './notices.ts';
import { notificationKinds } from './schemas/notifications.ts';

test('each kind of notice reads as it always has in zh-CN, and has an English text', () => {
  const cases = [
    [noticeRecord('filing.approved', { plates: ['京A12345', '京AD12345'] }), '车辆备案审核通过', '车辆备案（京A12345、京AD12345）已审核通过，车辆已加入车队。'],
    [noticeRecord('filing.returned', { plates: ['京A1', '京A2', '京A3', '京A4', '京A5'], reason: '行驶证不清晰' }), '车辆备案被退回', '车辆备案（京A1、京A2、京A3 等5辆）被退回：行驶证不清晰'],
    [noticeRecord('appointment.booked', { plate: '京A12345', terminalName: '大兴机场国际货站', slot: '2026-12-07 13:00', appointmentNo: '1026120700000018' }), '预约成功', '京A12345 大兴机场国际货站 2026-12-07 13:00 预约成功，提交货预约编号 1026120700000018'],
    [noticeRecord('appointment.rejected', { plate: '京A12345', businessNo: 'B1', reason: '货物需查验' }), '预约已退回', '京A12345 的预约（业务统一编号 B1）被货站退回：货物需查验'],
    [noticeRecord('appointment.no_show', { plate: '京A12345', appointmentNo: 'N1' }), '预约未到场', '京A12345 的预约（提交货预约编号 N1）已过时段且未入区，记为未到场'],
    [noticeRecord('slot.capacity_changed', { terminalName: '大兴机场国际货站', when: '2026-12-07' }), '预约时段容量调整', '大兴机场国际货站 2026-12-07 的时段容量已调整，您的预约不受影响。'],
    [noticeRecord('gate.entered', { plate: '京A12345', gateCode: 'IN1', time: '2026/12/7 09:53:42' }), '车辆京A12345已入区', 'IN1 2026/12/7 09:53:42'],
    [noticeRecord('gate.exited', { plate: '京A12345', gateCode: 'OUT1', time: '2026/12/7 10:53:42' }), '车辆京A12345已出区', 'OUT1 2026/12/7 10:53:42'],
  ] as const;
  assert.deepEqual(cases.map(([record]) => record.kind).sort(), [...notificationKinds].sort(), 'every kind');
  for (const [record, title, body] of cases) {
    assert.deepEqual({ title: record.title, body: record.body }, { title, body }, record.kind);
    const data = { ...record.params, appointmentId: 'x' };
    assert.deepEqual(noticeText(record.kind, data, 'zh-CN'), { title, body });
    const en = noticeText(record.kind, data, 'en')!;
    assert.doesNotMatch(`${en.title} ${en.body}`.replace(/京A\w+|大兴机场国际货站|行驶证不清晰|货物需查验/g, ''), /[\u4e00-\u9fff]/, `${record.kind}: English but for the data`);
  }
  assert.equal(noticeText('filing.returned', { plates: ['京A1', '京A2', '京A3', '京A4', '京A5'], reason: 'blurred licence' }, 'en')?.body, 'The vehicle filing (京A1, 京A2, 京A3 and 2 more) was returned: blurred licence');
  assert.equal(noticeText('appointment.booked', { plate: '京A12345', terminalName: 'PKX', slot: '2026-12-07 13:00', appointmentNo: '1026' }, 'en')?.body, '京A12345 at PKX, 2026-12-07 13:00: booked, appointment no. 1026');
});

test('a notice without its parameters, or of an unknown kind, has no text of its own (the stored one is shown)', () => {
  assert.equal(noticeText('gate.entered', { appointmentId: 'x' }, 'en'), null, 'written before the parameters were kept');
  assert.equal(noticeText('gate.entered', { plate: '京A12345', gateCode: 'IN1', time: '' }, 'en'), null);
  assert.equal(noticeText('gate.entered', { plate: 1, gateCode: 'IN1', time: 't' }, 'en'), null);
  assert.equal(noticeText('filing.approved', { plates: [] }, 'en'), null);
  assert.equal(noticeText('filing.approved', { plates: ['京A1', 2] }, 'en'), null);
  assert.equal(noticeText('filing.approved', null, 'en'), null);
  assert.equal(noticeText('something.new', { plate: 'x' }, 'en'), null);
  assert.equal(noticeText('toString', {}, 'en'), null, 'not a kind because an object has it');
});

test('a notice in the reader\'s language, from its kind and data; the stored text when the data lacks them', () => {
  const gate = { kind: 'gate.entered', title: '车辆京A12345已入区', body: 'IN1 2026/12/7 09:53:42' };
  assert.deepEqual(noticeInLanguage({ ...gate, data: { plate: '京A12345', gateCode: 'IN1', time: '2026/12/7 09:53:42' } }, 'en'), { title: 'Truck 京A12345 entered the zone', body: 'IN1 2026/12/7 09:53:42' });
  assert.deepEqual(noticeInLanguage({ ...gate, data: { plate: '京A12345', gateCode: 'IN1', time: '2026/12/7 09:53:42' } }, 'zh-CN'), { title: gate.title, body: gate.body });
  for (const data of [{ appointmentId: 'x' }, null, undefined, 'text', ['京A12345']]) {
    assert.deepEqual(noticeInLanguage({ ...gate, data }, 'en'), { title: gate.title, body: gate.body }, JSON.stringify(data));
  }
  assert.deepEqual(noticeInLanguage({ kind: 'later.kind', title: 'T', body: 'B', data: {} }, 'en'), { title: 'T', body: 'B' });
});
