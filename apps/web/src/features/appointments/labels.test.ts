import assert from 'node:assert/strict';
import { test } from 'node:test';

import i18next from 'i18next';

import {
  appointmentFlagLabels,
  appointmentFlagLabelsEn,
  appointmentFlags,
  appointmentHistoryActionLabels,
  appointmentHistoryActions,
  appointmentStatusLabels,
  appointmentStatusLabelsEn,
  appointmentStatuses,
  declarationTypeLabels,
  declarationTypeLabelsEn,
  declarationTypes,
  gateCodeLabels,
  gateDirectionLabels,
  gateDirections,
  MAX_APPOINTMENT_AWBS,
} from '@cargo-window/contracts';

import { enTranslation } from '../../i18n/en.ts';
import { zhTranslation } from '../../i18n/zh-CN.ts';
import { gateCodeWords } from '../gate/labels.ts';
import { schedulingEn } from './i18n-en.ts';
import { schedulingZh } from './i18n.ts';
import {
  appointmentFlagCodes,
  appointmentStatusCodes,
  declarationTypeCodes,
  declarationTypeWords,
  flagWords,
  gateDirectionCodes,
  gateDirectionWords,
  historyActionWords,
  historyActorText,
  MAX_AWBS,
  statusWords,
  terminalLabel,
} from './labels.ts';

// The web app keeps copies of these (importing the contracts' schemas would bundle zod): they must not drift.
test('code lists equal the contracts\'', () => {
  assert.deepEqual([...appointmentFlagCodes], [...appointmentFlags]);
  assert.deepEqual([...declarationTypeCodes], [...declarationTypes]);
  assert.deepEqual([...appointmentStatusCodes], [...appointmentStatuses]);
  assert.deepEqual([...gateDirectionCodes], [...gateDirections]);
  assert.equal(MAX_AWBS, MAX_APPOINTMENT_AWBS);
});

test('the manual\'s words equal the contracts\' labels', () => {
  assert.deepEqual(statusWords, appointmentStatusLabels);
  assert.deepEqual(flagWords, appointmentFlagLabels);
  assert.deepEqual(declarationTypeWords, declarationTypeLabels);
  assert.deepEqual(gateDirectionWords, gateDirectionLabels);
  assert.deepEqual(historyActionWords, appointmentHistoryActionLabels);
  assert.deepEqual(gateCodeWords, gateCodeLabels);
});

test('every status, flag, type and history action has an English label too', () => {
  // The English sheets the server writes say what the English pages say.
  assert.deepEqual(schedulingEn.appt.statusLabels, appointmentStatusLabelsEn);
  assert.deepEqual(schedulingEn.appt.flagLabels, appointmentFlagLabelsEn);
  assert.deepEqual(schedulingEn.appt.declarationTypeLabels, declarationTypeLabelsEn);
  assert.deepEqual(Object.keys(schedulingEn.appt.statusLabels).sort(), [...appointmentStatuses].sort());
  assert.deepEqual(Object.keys(schedulingEn.appt.actionLabels).sort(), [...appointmentHistoryActions].sort());
  assert.deepEqual(Object.keys(schedulingEn.appt.flagLabels).sort(), [...appointmentFlags].sort());
  assert.deepEqual(Object.keys(schedulingEn.appt.declarationTypeLabels).sort(), [...declarationTypes].sort());
  assert.deepEqual(Object.keys(schedulingZh.appt.actionLabels).sort(), [...appointmentHistoryActions].sort());
});

test('a history entry made by a lane\'s device names it as a device, a person by username', () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}(${String(options?.name)})`;
  assert.equal(historyActorText('device:入区车牌识别仪', t), 'appt.actorDevice(入区车牌识别仪)');
  assert.equal(historyActorText('demo_op', t), 'demo_op');
  assert.equal(historyActorText('devices_admin', t), 'devices_admin');
});

test('a terminal is named by its name and code, in the page\'s brackets', async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhTranslation }, en: { translation: enTranslation } }, interpolation: { escapeValue: false } });
  const terminal = { name: '大兴机场国际货站', code: 'PKX-ICT' };
  assert.equal(terminalLabel(terminal, i18n.t.bind(i18n)), '大兴机场国际货站（PKX-ICT）');
  await i18n.changeLanguage('en');
  assert.equal(terminalLabel(terminal, i18n.t.bind(i18n)), '大兴机场国际货站 (PKX-ICT)');
});
