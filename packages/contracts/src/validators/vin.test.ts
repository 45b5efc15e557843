import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isVin } from './vin.ts';

const cases: Array<[string, boolean, string]> = [
  ['LFV2A21K5A4000001', true, 'Chinese-market VIN, 9th char passes the North American check'],
  ['1M8GDM9AXKP042788', true, 'North American VIN with valid check digit'],
  ['LFV2A21K0A4000001', true, '9th char fails the North American check (would be 5): still accepted'],
  ['LFV2A21K5A400000', false, '16 chars'],
  ['LFV2A21K5A40000011', false, '18 chars'],
  ['LFV2A21K5A400000I', false, 'I not allowed'],
  ['LFV2A21K5A400000O', false, 'O not allowed'],
  ['LFV2A21K5A400000Q', false, 'Q not allowed'],
  ['lfv2a21k6a4000001', false, 'lowercase'],
  ['LFV2A21K5A400000-', false, 'punctuation'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of cases) {
  test(`isVin(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isVin(input), expected);
  });
}
