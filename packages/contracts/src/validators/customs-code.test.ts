import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustomsCode } from './customs-code.ts';

const cases: Array<[string, boolean, string]> = [
  ['1101910123', true, 'digits'],
  ['3122A6000B', true, 'digits and letters'],
  ['110191012', false, '9 chars'],
  ['11019101234', false, '11 chars'],
  ['3122a6000b', false, 'lowercase'],
  ['3122-60001', false, 'hyphen'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of cases) {
  test(`isCustomsCode(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isCustomsCode(input), expected);
  });
}
