import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  filingHistoryActions,
  filingStatusLabels,
  filingStatusLabelsEn,
  filingStatuses,
  isPermitNo as contractsIsPermitNo,
  notificationKindLabels,
  notificationKinds,
  plateColorLabels,
  plateColorLabelsEn,
  plateColors,
  vehicleStatusLabels,
  vehicleStatusLabelsEn,
  vehicleStatuses,
  vehicleTypeLabels,
  vehicleTypeLabelsEn,
  vehicleTypes,
} from '@cargo-window/contracts';

import { knownNotificationKinds } from '../notifications/api.ts';
import { vehiclesEn } from './i18n-en.ts';
import { vehiclesZhCN } from './i18n.ts';
import { filingStatusCodes, isPermitNo, vehicleStatusCodes, vehicleTypeCodes } from './labels.ts';
import { isBlankRow, isDuplicatePlate, ratedLoadProblem } from './rules.ts';

// The web app keeps copies of these (importing the contracts' schemas would bundle zod): they must not drift.
test('code lists equal the contracts\'', () => {
  assert.deepEqual([...vehicleTypeCodes], [...vehicleTypes]);
  assert.deepEqual([...filingStatusCodes], [...filingStatuses]);
  assert.deepEqual([...vehicleStatusCodes], [...vehicleStatuses]);
  assert.deepEqual([...knownNotificationKinds], [...notificationKinds]);
});

test('zh-CN labels are the contracts\' words, and every code has a label in both languages', () => {
  assert.deepEqual(vehiclesZhCN.vehicleLabels.plateColor, plateColorLabels);
  assert.deepEqual(vehiclesZhCN.vehicleLabels.vehicleType, vehicleTypeLabels);
  assert.deepEqual(vehiclesZhCN.vehicleLabels.filingStatus, filingStatusLabels);
  assert.deepEqual(vehiclesZhCN.vehicleLabels.vehicleStatus, vehicleStatusLabels);
  // The English sheets the server writes say what the English pages say.
  assert.deepEqual(vehiclesEn.vehicleLabels.plateColor, plateColorLabelsEn);
  assert.deepEqual(vehiclesEn.vehicleLabels.vehicleType, vehicleTypeLabelsEn);
  assert.deepEqual(vehiclesEn.vehicleLabels.filingStatus, filingStatusLabelsEn);
  assert.deepEqual(vehiclesEn.vehicleLabels.vehicleStatus, vehicleStatusLabelsEn);
  for (const labels of [vehiclesZhCN, vehiclesEn]) {
    assert.deepEqual(Object.keys(labels.vehicleLabels.plateColor).sort(), [...plateColors].sort());
    assert.deepEqual(Object.keys(labels.vehicleLabels.historyAction).sort(), [...filingHistoryActions].sort());
  }
  // Kinds are nested by their dots (i18next reads `filing.approved` as a path).
  const kindLabel = (labels: typeof vehiclesEn, kind: string) => {
    const [group, name] = kind.split('.');
    return (labels.notifications.kinds as Record<string, Record<string, string>>)[group]?.[name];
  };
  for (const kind of notificationKinds) {
    assert.equal(kindLabel(vehiclesZhCN, kind), notificationKindLabels[kind]['zh-CN'], kind);
    assert.equal(kindLabel(vehiclesEn, kind), notificationKindLabels[kind].en, kind);
  }
});

test('the permit rule is the contracts\' one', () => {
  for (const value of ['110108012345', 'JING123456', '12345', '1101-0801', 'A'.repeat(20), 'A'.repeat(21), 'abc123']) {
    assert.equal(isPermitNo(value), contractsIsPermitNo(value), value);
  }
});

test('rated load: whole kilograms from 1 to 100 000', () => {
  assert.equal(ratedLoadProblem('8000'), null);
  assert.equal(ratedLoadProblem(' 100000 '), null);
  assert.equal(ratedLoadProblem('0'), 'TOO_SMALL');
  assert.equal(ratedLoadProblem('-5'), 'TOO_SMALL', 'a negative load is too small, not a mystery');
  assert.equal(ratedLoadProblem('100001'), 'TOO_BIG');
  assert.equal(ratedLoadProblem('12.5'), 'INVALID_VALUE');
  assert.equal(ratedLoadProblem('abc'), 'INVALID_VALUE');
});

test('a repeated plate marks the later row, after normalizing', () => {
  const rows = [{ plate: '京A12345' }, { plate: '粤B8A88Z' }, { plate: ' 京a12345 ' }];
  assert.equal(isDuplicatePlate(rows, 0), false);
  assert.equal(isDuplicatePlate(rows, 1), false);
  assert.equal(isDuplicatePlate(rows, 2), true);
  assert.equal(isDuplicatePlate([{ plate: 'bad' }, { plate: 'bad' }], 1), false);
});

test('a blank row is one nobody typed into', () => {
  assert.equal(isBlankRow({}), true);
  assert.equal(isBlankRow(undefined), true);
  assert.equal(isBlankRow({ plate: '  ', vin: '' }), true);
  assert.equal(isBlankRow({ replacesVehicleId: 'x' }), true);
  assert.equal(isBlankRow({ plateColor: 'blue' }), false);
});
