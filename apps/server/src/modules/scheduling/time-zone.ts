/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl: instants are stored in UTC,
 * terminals think in their local days ('YYYY-MM-DD') and show local times with their offset.
 */

/** The platform's own zone: business numbers and the list's 录入日期 are Beijing days. */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock as Intl reads it: exact, but formatToParts costs ~10 µs a call. */
function measuredWallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms, as Intl reads it. */
function measuredOffsetMs(ms: number, timeZone: string): number {
  const w = measuredWallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

// A list page formats hundreds of instants; asking Intl for each was most of its CPU time
// (docs/performance.md). The offset is read once per zone and quarter hour instead: a quarter
// hour whose first and last second have the same offset has it throughout (a zone changes its
// offset at most once in 15 minutes); one with a change inside is measured instant by instant.
const QUARTER_HOUR = 15 * 60_000;
const MAX_CACHED_QUARTERS = 100_000;
const offsets = new Map<string, Map<number, number | null>>();

function offsetMs(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const first = measuredOffsetMs(quarter * QUARTER_HOUR, timeZone);
    offset = first === measuredOffsetMs(quarter * QUARTER_HOUR + QUARTER_HOUR - 1000, timeZone) ? first : null;
    if (zone.size >= MAX_CACHED_QUARTERS) zone.clear();
    zone.set(quarter, offset);
  }
  return offset ?? measuredOffsetMs(ms, timeZone);
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  const local = new Date(ms + offsetMs(ms, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Minutes the zone is ahead of UTC at this instant (+480 for Asia/Shanghai). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(offsetMs(instant.getTime(), timeZone) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');


const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));
const MAX_CACHED_TEXTS = 10_000;
/** 'YYYY-MM-DD' by local day number (days since 1970-01-01 on the wall clock). */
const dayTexts = new Map<number, string>();
/** '+08:00' by offset in ms. */
const offsetTexts = new Map<number, string>();

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    const d = new Date(day * DAY);
    text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (dayTexts.size >= MAX_CACHED_TEXTS) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

function offsetText(offset: number): string {
  let text = offsetTexts.get(offset);
  if (text === undefined) {
    const minutes = Math.round(offset / 60_000);
    const abs = Math.abs(minutes);
    text = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    if (offsetTexts.size >= MAX_CACHED_TEXTS) offsetTexts.clear();
    offsetTexts.set(offset, text);
  }
  return text;
}

/** The local calendar day of an instant: 'YYYY-MM-DD'. */
export function localDateOf(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  return dayText(Math.floor((ms + offsetMs(ms, timeZone)) / DAY));
}

/**
 * ISO 8601 with the zone's offset at that instant, e.g. 2026-11-25T08:00:00+08:00. A list page
 * writes hundreds: the day and the offset are written once each and kept, the time of day is
 * arithmetic (the wall clock is `wallClock`'s, the offset `offsetMinutes`'s).
 */
export function formatInZone(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  const offset = offsetMs(ms, timeZone);
  const local = ms + offset;
  const day = Math.floor(local / DAY);
  const second = Math.floor((local - day * DAY) / 1000);
  return `${dayText(day)}T${TWO_DIGITS[Math.floor(second / 3600)]}:${TWO_DIGITS[Math.floor(second / 60) % 60]}:${TWO_DIGITS[second % 60]}${offsetText(offset)}`;
}

/** A time as the pages and notices write it, on the zone's clock: `2026-12-07 12:03` (or `12:03:27` to the second). */
export function dateTimeText(instant: Date, timeZone: string, to: 'minute' | 'second' = 'minute'): string {
  return formatInZone(instant, timeZone).slice(0, to === 'minute' ? 16 : 19).replace('T', ' ');
}

/** 'YYYY-MM-DD' plus n calendar days (n may be negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The first instant of a local day. Usually local midnight; where midnight falls in a DST gap
 * (e.g. America/Santiago) the day starts at the first wall-clock time that exists.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wallAsUtc = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then the offset at the corrected instant.
  let instant = wallAsUtc - offsetMinutes(new Date(wallAsUtc), timeZone) * 60_000;
  instant = wallAsUtc - offsetMinutes(new Date(instant), timeZone) * 60_000;
  // In a gap the result lands on the previous day; step forward until the day has begun.
  for (let i = 0; i < 16 && localDateOf(new Date(instant), timeZone) < date; i++) instant += 15 * 60_000;
  // Never later than needed: the previous quarter hour must still be the previous day.
  while (localDateOf(new Date(instant - 15 * 60_000), timeZone) === date) instant -= 15 * 60_000;
  return new Date(instant);
}
