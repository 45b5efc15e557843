/** Login name: 3-32 ASCII letters, digits, `_`, `.` or `-`. Case is kept as given. */
export function isUsername(value: string): boolean {
  return /^[A-Za-z0-9_.-]{3,32}$/.test(value);
}

/**
 * Person's name in any script: 2-30 characters after trimming, counted in code points so a
 * rare CJK character outside the BMP counts as one. Control characters (newline, tab, NUL)
 * are rejected. Callers should store the trimmed value.
 */
export function isPersonName(value: string): boolean {
  const name = value.trim();
  if (/\p{Cc}/u.test(name)) return false;
  const length = [...name].length;
  return length >= 2 && length <= 30;
}

/**
 * Password policy: 8-128 characters (code points) with at least one ASCII letter and one
 * ASCII digit. Anything else (spaces, symbols, CJK) is allowed and counts toward the length.
 */
export function isStrongPassword(value: string): boolean {
  const length = [...value].length;
  if (length < 8 || length > 128) return false;
  return /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}
