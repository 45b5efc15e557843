import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlate, isPlateColor, isPlateColorConsistent, normalizePlate, plateColors } from './plate.ts';
import type { PlateColor } from './plate.ts';

const normalizeCases: Array<[string, string]> = [
  ['京A12345', '京A12345'],
  ['  京A 12345  ', '京A12345'],
  ['京A·12345', '京A12345'],
  ['京A•12345', '京A12345'],
  ['京a·1 2 3 4 5', '京A12345'],
  ['粤ｂ８ａ８８ｚ', '粤B8A88Z'], // full-width letters and digits
  ['京Ａ１２３４５', '京A12345'],
  ['京A\u300012345', '京A12345'], // ideographic space
  ['京ad12345', '京AD12345'],
  ['京A1234挂', '京A1234挂'],
  ['', ''],
];

for (const [input, expected] of normalizeCases) {
  test(`normalizePlate(${JSON.stringify(input)}) === ${JSON.stringify(expected)}`, () => {
    assert.equal(normalizePlate(input), expected);
  });
}

const plateCases: Array<[string, boolean, string]> = [
  // ordinary
  ['京A12345', true, 'ordinary'],
  ['鄂H21111', true, 'ordinary'],
  ['粤B8A88Z', true, 'ordinary with letters in serial'],
  ['琼Z00001', true, 'last province in the list'],
  ['京AI1234', false, 'I in serial, and only 6 chars'],
  ['京A1234', false, '6 chars'],
  ['京O12345', false, 'O as authority letter'],
  ['京I12345', false, 'I as authority letter'],
  ['AA12345', false, 'no province'],
  ['京A1234I', false, 'I in serial'],
  ['京A1234O', false, 'O in serial'],
  ['京a12345', false, 'lowercase: normalize first'],
  ['京A 12345', false, 'space: normalize first'],
  ['京A·12345', false, 'middle dot: normalize first'],
  ['台A12345', false, 'not a plate-issuing province'],
  ['京112345', false, 'digit as authority letter'],
  // trailer, coach, Hong Kong / Macau
  ['京A1234挂', true, 'trailer'],
  ['京A1234学', true, 'coach'],
  ['粤Z1234港', true, 'Hong Kong cross-border'],
  ['粤Z1234澳', true, 'Macau cross-border'],
  ['粤B1234港', false, '港 only from 粤Z'],
  ['京A1234港', false, '港 only from 粤Z'],
  ['京A12345挂', false, 'trailer with 5 serial chars'],
  ['京A1234警', false, 'police plate'],
  ['沪A1234领', false, 'consulate plate'],
  ['使123456', false, 'embassy plate'],
  ['京A1234应急', false, 'emergency plate'],
  ['WJ1234567', false, 'armed police plate'],
  // new energy
  ['京AD12345', true, 'small new-energy D'],
  ['粤BD12345', true, 'small new-energy D'],
  ['京AF12345', true, 'small new-energy F'],
  ['京ADA1234', true, 'small new-energy, letter in 2nd of 6'],
  ['京AFB1234', true, 'small new-energy, letter in 2nd of 6'],
  ['沪AA12345', true, 'small new-energy, 2022 extension A'],
  ['沪AK12345', true, 'small new-energy, 2022 extension K'],
  ['京A12345D', true, 'large new-energy D'],
  ['京A12345F', true, 'large new-energy F'],
  ['京AF1A234', false, 'small new-energy: last 4 must be digits'],
  ['京AL12345', false, 'small new-energy: L not an opened letter'],
  ['京AI12345', false, 'small new-energy: I never used'],
  ['京ADI1234', false, 'small new-energy: I in 2nd of 6'],
  ['京A123456', false, '8 chars without new-energy marker'],
  ['京A12345A', false, 'large new-energy: only D/F'],
  ['京A1234AD', false, 'large new-energy: first 5 must be digits'],
  ['京AD123456', false, '9 chars'],
  ['', false, 'empty'],
];

for (const [input, expected, why] of plateCases) {
  test(`isPlate(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isPlate(input), expected);
  });
}

test('normalizePlate output of messy input validates', () => {
  assert.equal(isPlate(normalizePlate(' 京ａ·d１２３４５ ')), true);
});

test('plateColors lists exactly the platform colours', () => {
  assert.deepEqual([...plateColors], ['blue', 'yellow', 'green', 'yellow_green', 'black', 'white']);
  for (const c of plateColors) assert.equal(isPlateColor(c), true, c);
  assert.equal(isPlateColor('red'), false);
  assert.equal(isPlateColor('Blue'), false);
});

const all: readonly PlateColor[] = plateColors;
const colorCases: Array<[string, readonly PlateColor[], string]> = [
  ['京AD12345', ['green'], 'small new-energy'],
  ['沪AA12345', ['green'], 'small new-energy, 2022 extension'],
  ['京A12345D', ['yellow_green'], 'large new-energy'],
  ['京A1234挂', ['yellow'], 'trailer'],
  ['京A1234学', ['yellow'], 'coach'],
  ['粤Z1234港', ['black'], 'Hong Kong'],
  ['粤Z1234澳', ['black'], 'Macau'],
  ['京A12345', ['blue', 'yellow', 'black', 'white'], 'ordinary'],
  ['京A123456', [], 'invalid plate fits no colour'],
];

for (const [plate, allowed, why] of colorCases) {
  for (const color of all) {
    const expected = allowed.includes(color);
    test(`isPlateColorConsistent(${plate}, ${color}) === ${expected} (${why})`, () => {
      assert.equal(isPlateColorConsistent(plate, color), expected);
    });
  }
}

test('isPlateColorConsistent rejects unknown colours', () => {
  assert.equal(isPlateColorConsistent('京A12345', 'red'), false);
  assert.equal(isPlateColorConsistent('京A12345', ''), false);
});
