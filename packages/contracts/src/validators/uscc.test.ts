import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUscc, usccCheckChar } from './uscc.ts';

// Independent, deliberately plain re-implementation of the GB 32100-2015 check character,
// used to cross-check the code under test.
function referenceCheckChar(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, ch, i) => acc + alphabet.indexOf(ch) * w[i], 0);
  const r = 31 - (sum % 31);
  return r === 31 ? '0' : alphabet[r];
}

// Check character '0': 91440300MA5F002A1 has values 9,1,4,4,0,3,0,0,M=21,A=10,5,F=15,0,0,2,A=10,1
// products 9+3+36+108+0+78+0+0+420+290+125+195+0+0+20+300+28 = 1612 = 52 × 31,
// so sum % 31 = 0 and the check is (31 - 0) % 31 = 0 → '0'.
const checkZero = '91440300MA5F002A10';

const cases: Array<[string, boolean, string]> = [
  ['91350100M000100Y43', true, 'valid, letters in organisation code'],
  ['91110000100006485K', true, 'valid, letter check char'],
  [checkZero, true, 'valid, check char is 0 (stdnum-style bug would reject)'],
  ['911100001000064851', false, 'wrong check char'],
  ['91110000100006485k', false, 'lowercase check char'],
  ['91350100m000100y43', false, 'lowercase letters'],
  ['91350100M000100Y4', false, '17 chars'],
  ['91350100M000100Y433', false, '19 chars'],
  ['', false, 'empty'],
  ['9135010OM000100Y43', false, 'O is not in the alphabet'],
  ['91350100I000100Y43', false, 'I is not in the alphabet'],
  ['9135A100M000100Y43', false, 'letter in region digits'],
  [' 91110000100006485K', false, 'leading space'],
  ['91110000-100006485K', false, 'hyphen'],
];

for (const [input, expected, why] of cases) {
  test(`isUscc(${JSON.stringify(input)}) === ${expected} (${why})`, () => {
    assert.equal(isUscc(input), expected);
  });
}

test('check char 0 agrees with the reference implementation', () => {
  assert.equal(referenceCheckChar(checkZero.slice(0, 17)), '0');
  assert.equal(usccCheckChar(checkZero.slice(0, 17)), '0');
});

test('usccCheckChar agrees with the reference on every single-char change of a valid code', () => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const base = '91350100M000100Y4';
  for (let i = 0; i < 17; i++) {
    for (const ch of alphabet) {
      const prefix = base.slice(0, i) + ch + base.slice(i + 1);
      assert.equal(usccCheckChar(prefix), referenceCheckChar(prefix), prefix);
    }
  }
});

test('usccCheckChar rejects bad prefixes', () => {
  assert.equal(usccCheckChar('91350100M000100Y'), null);
  assert.equal(usccCheckChar('91350100M000100I4'), null);
});
