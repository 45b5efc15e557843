import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwb, normalizeAwb } from './awb.ts';

const normalizeCases: Array<[string, string | null]> = [
  ['176-12345675', '176-12345675'],
  ['17612345675', '176-12345675'],
  ['176 1234 5675', '176-12345675'],
  [' 176-1234 5675 ', '176-12345675'],
  ['176-12345676', '176-12345676'], // normalize does not check the check digit
  ['176-1234567', null], // 10 digits
  ['176-123456756', null], // 12 digits
  ['176-1234567A', null],
  ['176/12345675', null],
  ['', null],
];

for (const [input, expected] of normalizeCases) {
  test(`normalizeAwb(${JSON.stringify(input)}) === ${JSON.stringify(expected)}`, () => {
    assert.equal(normalizeAwb(input), expected);
  });
}

const cases: Array<[string, boolean, string]> = [
  ['176-12345675', true, '1234567 mod 7 = 5'],
  ['999-00000000', true, '0 mod 7 = 0'],
  ['784-99999992', true, '9999999 mod 7 = 2'],
  ['112-00000066', true, 'leading zeros: 6 mod 7 = 6'],
  ['112-00000070', true, 'leading zeros: 7 mod 7 = 0'],
  ['176-12345676', false, 'wrong check digit'],
  ['176-12345677', false, 'check digit 7 never occurs'],
  ['17612345675', false, 'not canonical: normalize first'],
  ['176 1234 5675', false, 'not canonical: normalize first'],
  ['176-1234567', false, 'too short'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of cases) {
  test(`isAwb(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isAwb(input), expected);
  });
}
