import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMobile } from './mobile.ts';

const cases: Array<[string, boolean, string]> = [
  ['13800138000', true, '138'],
  ['19912345678', true, '199'],
  ['16612345678', true, '166'],
  ['12345678901', false, 'second digit 2'],
  ['10012345678', false, 'second digit 0'],
  ['23800138000', false, 'does not start with 1'],
  ['1380013800', false, '10 digits'],
  ['138001380000', false, '12 digits'],
  ['+8613800138000', false, 'country code: strip first'],
  ['138 0013 8000', false, 'spaces: strip first'],
  ['１３８００１３８０００', false, 'full-width digits'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of cases) {
  test(`isMobile(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isMobile(input), expected);
  });
}
