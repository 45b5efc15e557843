import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPersonName, isStrongPassword, isUsername } from './username.ts';

const usernameCases: Array<[string, boolean, string]> = [
  ['abc', true, 'minimum length'],
  ['a'.repeat(32), true, 'maximum length'],
  ['zhang.san_01-A', true, 'all allowed punctuation'],
  ['ab', false, 'too short'],
  ['a'.repeat(33), false, 'too long'],
  ['zhang san', false, 'space'],
  ['zhang@san', false, '@'],
  ['张三丰', false, 'non-ASCII'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of usernameCases) {
  test(`isUsername(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isUsername(input), expected);
  });
}

const nameCases: Array<[string, boolean, string]> = [
  ['张三', true, 'two CJK chars'],
  ['Li Na', true, 'latin with space'],
  ['阿卜杜热合曼·买买提', true, 'Uyghur name with middle dot'],
  ['  王五  ', true, 'trimmed before counting'],
  ['𠮷野', true, 'non-BMP char counts as one'],
  ['名'.repeat(30), true, '30 chars'],
  ['名'.repeat(31), false, '31 chars'],
  ['张', false, 'one char'],
  ['  张  ', false, 'one char after trim'],
  ['𠮷', false, 'one non-BMP char (two UTF-16 units)'],
  ['张\n三', false, 'control character'],
  ['   ', false, 'only spaces'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of nameCases) {
  test(`isPersonName(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isPersonName(input), expected);
  });
}

const passwordCases: Array<[string, boolean, string]> = [
  ['abcdefg1', true, '8 chars, letter + digit'],
  ['1234567A', true, 'upper-case letter counts'],
  ['pass word 1', true, 'spaces allowed'],
  ['a1' + 'x'.repeat(126), true, '128 chars'],
  ['a1' + 'x'.repeat(127), false, '129 chars'],
  ['abc1234', false, '7 chars'],
  ['abcdefgh', false, 'no digit'],
  ['12345678', false, 'no letter'],
  ['密码密码密码12', false, 'CJK is not an ASCII letter'],
  ['!@#$%^&*', false, 'symbols only'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of passwordCases) {
  test(`isStrongPassword(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isStrongPassword(input), expected);
  });
}
