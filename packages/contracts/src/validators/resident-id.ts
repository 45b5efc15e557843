/**
 * Mainland resident identity card number (居民身份证号码), GB 11643-1999, 18 characters:
 * 6-digit area code, 8-digit birth date (YYYYMMDD), 3-digit sequence, check character.
 *
 * We check the area code only for shape (first digit 1-9): the region table changes as
 * districts are merged and old numbers stay valid forever. Only the upper-case 'X' check
 * character is accepted; callers upper-case before validating. 15-digit first-generation
 * numbers are rejected.
 */

const shape = /^[1-9][0-9]{5}([0-9]{4})([0-9]{2})([0-9]{2})[0-9]{3}[0-9X]$/;

// ISO 7064 MOD 11-2: weight of position i (0-based, left to right) is 2^(17-i) mod 11.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkTable = '10X98765432';

/** Check character for the first 17 digits, or null if the input is not 17 digits. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^[0-9]{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return checkTable[sum % 11];
}

/**
 * `today` is injectable for tests; the default uses the process's local calendar date, so a
 * server running in UTC accepts a birth date of "today in China" only after 08:00 Beijing time.
 */
export function isResidentId(value: string, today: Date = new Date()): boolean {
  const m = shape.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month; UTC avoids DST surprises.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  const birth = year * 10000 + month * 100 + day;
  const now = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  if (birth > now) return false;
  return residentIdCheckChar(value.slice(0, 17)) === value[17];
}
