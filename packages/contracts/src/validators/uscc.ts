/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 *
 * Layout (18 chars): 1 registration authority, 2 organisation type, 3-8 administrative
 * region (digits), 9-17 organisation code, 18 check character.
 *
 * We check the alphabet, the region digits and the check character. We deliberately do NOT
 * check the authority/type pair (the table keeps growing: 'A' and 'N' were added after 2015)
 * nor the GB 11714 check inside chars 9-17: we cannot vouch that every code issued in
 * practice satisfies it, and a false rejection would lock a real enterprise out.
 * Input must already be upper case; lowercase is rejected, not folded.
 */

// GB 32100-2015 code alphabet: digits plus upper-case letters without I, O, S, V, Z.
export const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const shape = /^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

/** Check character for the first 17 characters, or null if any is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccAlphabet.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * weights[i];
  }
  // The outer `% 31` maps a remainder of 0 to value 0 ('0'); forgetting it yields index 31,
  // which is how some libraries end up rejecting valid codes ending in '0'.
  return usccAlphabet[(31 - (sum % 31)) % 31];
}

export function isUscc(value: string): boolean {
  if (!shape.test(value)) return false;
  return usccCheckChar(value.slice(0, 17)) === value[17];
}
