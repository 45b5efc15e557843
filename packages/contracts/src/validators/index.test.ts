import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as validators from './index.ts';

const expected: Array<[string, string]> = [
  ['isUscc', 'function'],
  ['usccCheckChar', 'function'],
  ['usccAlphabet', 'string'],
  ['isResidentId', 'function'],
  ['residentIdCheckChar', 'function'],
  ['normalizePlate', 'function'],
  ['isPlate', 'function'],
  ['plateColors', 'object'],
  ['isPlateColor', 'function'],
  ['isPlateColorConsistent', 'function'],
  ['normalizeAwb', 'function'],
  ['isAwb', 'function'],
  ['isMobile', 'function'],
  ['isVin', 'function'],
  ['isUsername', 'function'],
  ['isPersonName', 'function'],
  ['isStrongPassword', 'function'],
  ['isCustomsCode', 'function'],
];

test('index re-exports every validator', () => {
  const actual = Object.keys(validators).sort();
  assert.deepEqual(actual, expected.map(([name]) => name).sort());
  for (const [name, type] of expected) {
    assert.equal(typeof (validators as Record<string, unknown>)[name], type, name);
  }
});
