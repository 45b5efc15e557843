import assert from 'node:assert/strict';
import { test } from 'node:test';

import { noticeInLanguage } from './notice-text.ts';

test('a notice in the reader\'s language, from its kind and data; the stored text when the data lacks them', () => {
  const gate = { kind: 'gate.entered', title: '车辆京A12345已入区', body: 'IN1 2026/12/7 09:53:42' };
  assert.deepEqual(noticeInLanguage({ ...gate, data: { plate: '京A12345', gateCode: 'IN1', time: '2026/12/7 09:53:42' } }, 'en'), { title: 'Truck 京A12345 entered the zone', body: 'IN1 2026/12/7 09:53:42' });
  assert.deepEqual(noticeInLanguage({ ...gate, data: { plate: '京A12345', gateCode: 'IN1', time: '2026/12/7 09:53:42' } }, 'zh-CN'), { title: gate.title, body: gate.body });
  for (const data of [{ appointmentId: 'x' }, null, undefined, 'text', ['京A12345']]) {
    assert.deepEqual(noticeInLanguage({ ...gate, data }, 'en'), { title: gate.title, body: gate.body }, JSON.stringify(data));
  }
  assert.deepEqual(noticeInLanguage({ kind: 'later.kind', title: 'T', body: 'B', data: {} }, 'en'), { title: 'T', body: 'B' });
});
