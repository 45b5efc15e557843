/**
 * Mainland China mobile number: 11 digits, `1` then 3-9. No `+86`/`0086` prefix, spaces or
 * hyphens: callers strip those first. Segment lists change often, so we go no further.
 */
export function isMobile(value: string): boolean {
  return /^1[3-9][0-9]{9}$/.test(value);
}
