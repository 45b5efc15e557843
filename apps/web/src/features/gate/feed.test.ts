import assert from 'node:assert/strict';
import { test } from 'node:test';

import i18next from 'i18next';

import type { GateEvent } from '@cargo-window/contracts';

import { asGateRead, type LiveEvent } from '../live/events.ts';
import { gateCodeText, gateEventFromLive, laneLabel, lastDeniedPlate, mergeFeed } from './feed.ts';
import { gateEn } from './i18n-en.ts';
import { gateZh } from './i18n.ts';

const event = (id: number, over: Partial<GateEvent> = {}): GateEvent => ({
  id,
  gateId: 'g1',
  gateCode: 'IN1',
  direction: 'in',
  plate: '京A12345',
  readAt: '2026-11-25T02:00:00.000Z',
  decision: 'lift',
  code: 'LIFT_IN',
  message: '京A12345 请通行',
  appointmentNo: null,
  overrideBy: null,
  overrideReason: null,
  ...over,
});

test('the feed is one row per event, newest first, capped', () => {
  const merged = mergeFeed([event(3), event(1)], [event(2), event(3), event(4)], 3);
  assert.deepEqual(merged.map((e) => e.id), [4, 3, 2]);
});

test('a live copy of an event already listed keeps the appointment number the list knew', () => {
  const listed = event(5, { appointmentNo: '101120119022160544' });
  const merged = mergeFeed([listed], [gateEventFromLive({ eventId: 5, gateId: 'g1', gateCode: 'IN1', direction: 'in', plate: '京A12345', decision: 'lift', code: 'LIFT_IN', message: 'x', at: listed.readAt })]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0].appointmentNo, '101120119022160544');
});

test('a live gate.read becomes a feed row (a manual lift carries its officer and reason)', () => {
  const live: LiveEvent = {
    type: 'gate.read',
    data: { eventId: 9, gateId: 'g1', gateCode: 'IN1', direction: 'in', plate: '京B23456', decision: 'lift', code: 'MANUAL_OVERRIDE', message: '京B23456 人工放行', at: '2026-11-25T02:00:00.000Z', reason: '车牌污损', officer: 'gate_officer' },
  };
  const read = asGateRead(live);
  assert.ok(read);
  const row = gateEventFromLive(read);
  assert.equal(row.id, 9);
  assert.equal(row.overrideBy, 'gate_officer');
  assert.equal(row.overrideReason, '车牌污损');
  assert.equal(asGateRead({ type: 'zone.changed', data: {} }), null);
  assert.equal(asGateRead({ type: 'gate.read', data: { gateId: 'g1' } }), null);
});

test('codes read as words in both languages; an unknown code shows itself', () => {
  assert.equal(gateCodeText('NOT_CONFIRMED', 'zh-CN'), '未交货确认');
  assert.equal(gateCodeText('NO_APPOINTMENT', 'en'), 'No appointment');
  assert.equal(gateCodeText('SOMETHING_NEW', 'zh-CN'), 'SOMETHING_NEW');
});

test('the plate suggested for a manual lift is the newest denied one', () => {
  assert.equal(lastDeniedPlate([event(3), event(2, { decision: 'deny', plate: '京C34567' }), event(1, { decision: 'deny', plate: '京D00001' })]), '京C34567');
  assert.equal(lastDeniedPlate([event(1)]), null);
});

test('a lane is named in the page\'s language: full-width brackets in Chinese, plain ones in English', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: gateZh }, en: { translation: gateEn } }, interpolation: { escapeValue: false } });
  const lane = { terminalName: '大兴机场国际货站', code: 'IN1', name: '1号入区道', direction: 'in' as const };
  assert.equal(laneLabel(lane, i18n.t.bind(i18n)), '大兴机场国际货站 · IN1 1号入区道（入）');
  await i18n.changeLanguage('en');
  assert.equal(laneLabel(lane, i18n.t.bind(i18n)), '大兴机场国际货站 · IN1 1号入区道 (In)');
});
