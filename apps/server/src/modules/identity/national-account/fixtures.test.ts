import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nationalTestAccounts, nationalTestCards, nationalTestEnterprises } from './fixtures.ts';

// An independent, deliberately small GB 32100 check (not shared with any production validator).
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    assert.ok(value >= 0, `character ${first17[i]} is not in the USCC alphabet`);
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

// GB 11714 organisation code (USCC characters 9–17).
function orgCodeCheckChar(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i], 36) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

describe('national test fixtures', () => {
  test('the independent check agrees with known-good codes', () => {
    for (const known of ['91350100M000100Y43', '91110000100006485K']) assert.equal(usccCheckChar(known.slice(0, 17)), known[17]);
  });

  test('every fixture USCC is 18 characters with a valid GB 32100 check character', () => {
    for (const e of nationalTestEnterprises) {
      assert.match(e.uscc, /^[0-9A-HJ-NPQRTUWXY]{18}$/, e.name);
      assert.equal(usccCheckChar(e.uscc.slice(0, 17)), e.uscc[17], `${e.name} ${e.uscc}`);
      assert.equal(orgCodeCheckChar(e.uscc.slice(8, 16)), e.uscc[16], `${e.name} organisation code`);
    }
  });

  test('USCCs and national ids are unique and avoid the standalone test USCCs', () => {
    const usccs = nationalTestEnterprises.map((e) => e.uscc);
    assert.equal(new Set(usccs).size, usccs.length);
    assert.equal(new Set(nationalTestEnterprises.map((e) => e.nationalId)).size, usccs.length);
    assert.ok(!usccs.includes('91350100M000100Y43'));
    assert.ok(!usccs.includes('91110000100006485K'));
  });

  test('at least four enterprises with plausible master data', () => {
    assert.ok(nationalTestEnterprises.length >= 4);
    assert.ok(nationalTestEnterprises.some((e) => e.name === '北京康拓达信息技术有限公司'));
    for (const e of nationalTestEnterprises) {
      assert.match(e.name, /有限公司$/);
      if (e.customsCode !== null) assert.match(e.customsCode, /^[0-9A-Z]{10}$/, e.name);
      assert.match(e.contactPhone, /^1[358]\d{9}$/, e.name);
      assert.ok(e.contactName.length >= 2);
    }
  });

  test('credentials point at fixture enterprises, with the documented special cases', () => {
    const ids = new Set(nationalTestEnterprises.map((e) => e.nationalId));
    for (const c of [...nationalTestAccounts, ...nationalTestCards]) assert.ok(ids.has(c.nationalId), c.nationalId);
    assert.equal(new Set(nationalTestAccounts.map((a) => a.username)).size, nationalTestAccounts.length);
    assert.equal(new Set(nationalTestCards.map((c) => c.cardNo)).size, nationalTestCards.length);

    const byAccount = new Set(nationalTestAccounts.map((a) => a.nationalId));
    const unlockedCards = nationalTestCards.filter((c) => !c.locked);
    assert.ok(unlockedCards.some((c) => byAccount.has(c.nationalId)), 'an account and a card share an enterprise');
    assert.ok(unlockedCards.some((c) => !byAccount.has(c.nationalId)), 'an enterprise reachable only by card');
    assert.ok(nationalTestCards.some((c) => c.locked), 'a locked card');
    const shared = nationalTestAccounts.find((a) => a.username === 'ktd_admin');
    assert.equal(shared?.nationalId, nationalTestCards.find((c) => c.cardNo === '8800000000000001')?.nationalId);
  });
});
