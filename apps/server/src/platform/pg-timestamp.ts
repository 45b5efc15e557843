import pg from 'pg';

export const TIMESTAMPTZ_OID = 1184;

const general = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

const ZERO = 48;
const isDigit = (code: number) => code >= ZERO && code <= ZERO + 9;

/** The number written by the digits text[from, from + count), or -1 when one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    n = n * 10 + code - ZERO;
  }
  return n;
}

/**
 * A `timestamptz` as PostgreSQL writes it (DateStyle ISO: `2026-11-25 08:00:00.123456+08`, the
 * offset of the session's zone as ±HH, ±HH:MM or ±HH:MM:SS), read without regular expressions: a
 * list page reads hundreds, and pg's general parser spent a tenth of the list's CPU on them
 * (docs/performance.md). Milliseconds are kept, further digits dropped, as the general parser
 * does. Anything else (BC, infinity, years before 100 or after 9999) goes to the general parser.
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return general(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return general(text);
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    for (let scale = 100; i < n && isDigit(text.charCodeAt(i)); i++, scale /= 10) {
      if (scale >= 1) ms += (text.charCodeAt(i) - ZERO) * scale;
    }
  }
  const sign = text.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return general(text);
  const offsetHours = digits(text, i + 1, 2);
  let offsetSeconds = offsetHours * 3600;
  i += 3;
  for (const unit of [60, 1]) {
    if (i === n) break;
    const part = text.charCodeAt(i) === 58 ? digits(text, i + 1, 2) : -1;
    if (part < 0) return general(text);
    offsetSeconds += part * unit;
    i += 3;
  }
  if (offsetHours < 0 || i !== n) return general(text);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(sign === 43 ? utc - offsetSeconds * 1000 : utc + offsetSeconds * 1000);
}
