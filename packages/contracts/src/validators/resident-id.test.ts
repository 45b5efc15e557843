import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isResidentId, residentIdCheckChar } from './resident-id.ts';

// Fixed "today" so the date-range cases do not drift.
const today = new Date(2024, 5, 15); // 2024-06-15 local time

// Every invalid-date case carries the correct check character, so the date is the only fault.
const cases: Array<[string, boolean, string]> = [
  ['11010519491231002X', true, 'valid, X check'],
  ['440306198507162811', true, 'valid, digit check'],
  ['110105198001010016', true, 'valid, area 110105, 1980-01-01'],
  ['110105190001011231', true, 'earliest allowed date 1900-01-01'],
  ['110105200002291235', true, '2000-02-29, leap year'],
  ['110105202406151238', true, 'born today'],
  ['110105194912310021', false, 'wrong check char'],
  ['11010519491231002x', false, 'lowercase x'],
  ['110105194902301234', false, 'February 30'],
  ['110105189912311237', false, 'before 1900'],
  ['110105190002291239', false, '1900-02-29, 1900 is not a leap year'],
  ['110105202302291236', false, '2023-02-29'],
  ['110105202313011236', false, 'month 13'],
  ['110105202301001233', false, 'day 00'],
  ['110105202301321237', false, 'day 32'],
  ['110105202304311237', false, 'April 31'],
  ['110105202406161233', false, 'born tomorrow'],
  ['110105209912311232', false, 'far future'],
  ['010105194912310026', false, 'area code starts with 0'],
  ['11010519491231002', false, '17 chars'],
  ['11010519491231002XX', false, '19 chars'],
  ['110105491231002', false, '15-digit first-generation number'],
  ['', false, 'empty'],
  [' 11010519491231002X', false, 'leading space'],
];

for (const [input, expected, why] of cases) {
  test(`isResidentId(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isResidentId(input, today), expected);
  });
}

test('check chars of the table agree with a hand-rolled MOD 11-2', () => {
  // Weights 2^(17-i) mod 11, computed here rather than copied from the implementation.
  const ref = (s: string) => {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(s[i]) * (2 ** (17 - i) % 11);
    return '10X98765432'[sum % 11];
  };
  for (const [input] of cases) {
    if (input.length !== 18 || !/^[0-9]{17}/.test(input)) continue;
    assert.equal(residentIdCheckChar(input.slice(0, 17)), ref(input), input);
  }
});

test('default today accepts a past date and rejects next year', () => {
  assert.equal(isResidentId('11010519491231002X'), true);
  const nextYear = String(new Date().getFullYear() + 1);
  const prefix = `110105${nextYear}0101123`;
  assert.equal(isResidentId(prefix + residentIdCheckChar(prefix)), false);
});
