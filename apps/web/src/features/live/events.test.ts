import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseLiveEvent, reconnectDelay } from './events.ts';

test('known event types with a JSON object body are live events', () => {
  assert.deepEqual(parseLiveEvent('zone.changed', '{"terminalId":"t1"}'), { type: 'zone.changed', data: { terminalId: 't1' } });
  assert.deepEqual(parseLiveEvent('appointment.status', '{"id":"a","status":"entered"}')?.data, { id: 'a', status: 'entered' });
});

test('unknown types, broken JSON and non-objects are dropped', () => {
  assert.equal(parseLiveEvent('something.else', '{}'), null);
  assert.equal(parseLiveEvent('gate.read', '{broken'), null);
  assert.equal(parseLiveEvent('gate.read', '[1,2]'), null);
  assert.equal(parseLiveEvent('gate.read', 'null'), null);
});

test('reconnecting backs off from 1 s to at most 30 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map(reconnectDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(reconnectDelay(0), 1000);
});
