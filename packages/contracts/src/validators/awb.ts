/**
 * Air waybill number (航空货运单号): 3-digit IATA airline prefix + 8-digit serial whose last
 * digit is the first seven serial digits, read as a number, mod 7. Canonical form: `176-12345675`.
 */

const canonical = /^([0-9]{3})-([0-9]{7})([0-9])$/;

/**
 * Accepts the usual spellings (`176-12345675`, `17612345675`, `176 1234 5675`) by dropping
 * whitespace and hyphens anywhere; returns the canonical `PPP-SSSSSSSS`, or null unless exactly
 * 11 digits remain. Does not verify the check digit: use `isAwb` on the result.
 */
export function normalizeAwb(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^[0-9]{11}$/.test(digits)) return null;
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/** Expects the canonical form from `normalizeAwb`; `17612345675` without the hyphen is rejected. */
export function isAwb(value: string): boolean {
  const m = canonical.exec(value);
  if (!m) return false;
  return Number(m[2]) % 7 === Number(m[3]);
}
