import { addDays, isoWeekday, startOfLocalDay, wallClock } from './time-zone.ts';

/** Opening hours by ISO weekday ('1' = Monday … '7' = Sunday): [["08:00","20:00"], …]. */
export type OpeningHours = Partial<Record<string, readonly (readonly [string, string])[]>>;

export interface SlotCalendarInput {
  /** The terminal's local day, 'YYYY-MM-DD'. */
  date: string;
  timeZone: string;
  slotMinutes: number;
  /** null: open all day, every day. A weekday missing from the map is closed. */
  hours: OpeningHours | null;
  closedDates: readonly string[];
}

export interface SlotWindow {
  start: Date;
  end: Date;
}

const ALL_DAY: readonly (readonly [string, string])[] = [['00:00', '24:00']];

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The slots of one local day. Walks real (UTC) instants from the day's first instant to the next
 * day's in slotMinutes steps, so a DST day has 23 or 25 hourly slots, and keeps the slots whose
 * local start and end both lie within one opening interval. On the day clocks go back, local
 * time runs backwards once (01:30 → 01:00): each end is checked on its own, not against its start.
 */
export function generateSlots(input: SlotCalendarInput): SlotWindow[] {
  if (input.closedDates.includes(input.date)) return [];
  const weekday = String(isoWeekday(input.date));
  const intervals = input.hours === null ? ALL_DAY : (input.hours[weekday] ?? []);
  if (intervals.length === 0) return [];
  const open = intervals.map(([from, to]) => [minutesOf(from), minutesOf(to)] as const);

  const dayStart = startOfLocalDay(input.date, input.timeZone).getTime();
  const nextDayStart = startOfLocalDay(addDays(input.date, 1), input.timeZone).getTime();
  const step = input.slotMinutes * 60_000;
  const localMinute = (instant: number): number => {
    if (instant >= nextDayStart) return 24 * 60;
    const w = wallClock(new Date(instant), input.timeZone);
    return w.hour * 60 + w.minute;
  };

  const slots: SlotWindow[] = [];
  for (let start = dayStart; start + step <= nextDayStart; start += step) {
    const end = start + step;
    const from = localMinute(start);
    const to = localMinute(end);
    if (open.some(([o, c]) => o <= from && from < c && o < to && to <= c)) slots.push({ start: new Date(start), end: new Date(end) });
  }
  return slots;
}
