/**
 * Times from the scheduling API are ISO 8601 carrying the terminal's offset
 * (`2026-11-25T08:00:00+08:00`): their wall-clock part IS the terminal's local time, whatever the
 * browser's zone. Gate events carry UTC (`…Z`) and are shown in a named zone with Intl.
 */

const localShape = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/;

/** `2026-11-25 08:00` from a terminal-local ISO time; the input unchanged when it is not one. */
export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = localShape.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** `2026-11-25`. */
export function localDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = localShape.exec(iso);
  return m ? m[1] : iso.slice(0, 10);
}

/** `08:00`. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = localShape.exec(iso);
  return m ? m[2] : '';
}

/** `2026-11-25 08:00–09:00` for a slot (an end at the next midnight reads 24:00). */
export function slotRange(slot: { start: string; end: string } | null | undefined): string {
  if (!slot) return '';
  const endTime = localDate(slot.end) !== localDate(slot.start) && localTime(slot.end) === '00:00' ? '24:00' : localTime(slot.end);
  return `${localDateTime(slot.start)}–${endTime}`;
}

/** `08:00–09:00` for a slot within its day. */
export function slotTimes(slot: { start: string; end: string }): string {
  return slotRange(slot).slice(11);
}

/** An instant shown in a named zone, `YYYY-MM-DD HH:mm:ss` (or only the time). */
export function formatInZone(iso: string | null | undefined, timeZone: string, part: 'datetime' | 'time' = 'datetime'): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return part === 'time' ? time : `${parts.year}-${parts.month}-${parts.day} ${time}`;
}

/** Today's date (`YYYY-MM-DD`) in a zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return formatInZone(now.toISOString(), timeZone).slice(0, 10);
}
