import type { AppointmentStatus, AppointmentSummary } from '@cargo-window/contracts';

/** Today (`YYYY-MM-DD`) in a time zone. */
export function dayIn(timeZone: string, now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** `YYYY-MM-DD` plus n days (calendar arithmetic, no time zone involved). */
export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A truck that is inside the zone stays on the list whatever its window's day. */
const INSIDE: ReadonlySet<AppointmentStatus> = new Set(['entered', 'empty_confirmed']);
/** Not worth a card on the phone: never booked, or called off. */
const HIDDEN: ReadonlySet<AppointmentStatus> = new Set(['draft', 'cancelled']);

export interface DayGroup {
  date: string;
  items: AppointmentSummary[];
}

/**
 * 我的预约 on the phone: the appointments whose window is today (in the terminal's zone) or later,
 * plus any truck still inside, grouped by the window's day and sorted by the window's start.
 */
export function upcomingByDay(items: readonly AppointmentSummary[], now: Date = new Date()): DayGroup[] {
  const todayByZone = new Map<string, string>();
  const today = (zone: string) => {
    let day = todayByZone.get(zone);
    if (!day) todayByZone.set(zone, (day = dayIn(zone, now)));
    return day;
  };
  const kept = items
    .filter((a) => !HIDDEN.has(a.status) && (INSIDE.has(a.status) || a.slot.date >= today(a.terminal.timeZone)))
    .sort((a, b) => Date.parse(a.slot.start) - Date.parse(b.slot.start) || a.businessNo.localeCompare(b.businessNo));
  const groups: DayGroup[] = [];
  for (const item of kept) {
    const last = groups[groups.length - 1];
    if (last && last.date === item.slot.date) last.items.push(item);
    else groups.push({ date: item.slot.date, items: [item] });
  }
  return groups;
}

/** 交货确认 / 提货确认 is for an appointment whose truck has entered. */
export function canConfirm(status: AppointmentStatus): boolean {
  return status === 'entered';
}

/**
 * What the phone's pass shows: the QR code while the booking lets the truck in or out (`valid`),
 * or why there is none — not booked yet, or no longer valid (called off, refused by the terminal,
 * the window missed, the visit over).
 */
export type PassState = 'valid' | 'pending' | 'cancelled' | 'rejected' | 'no_show' | 'done';

export function passState(status: AppointmentStatus): PassState {
  switch (status) {
    case 'booked':
    case 'entered':
    case 'empty_confirmed':
      return 'valid';
    case 'draft':
    case 'submitted':
      return 'pending';
    case 'cancelled':
    case 'rejected':
    case 'no_show':
      return status;
    case 'exited':
      return 'done';
  }
}

/** How full a board cell is: plenty (under 70 % taken), busy, or full (nothing free or no capacity). */
export type Fullness = 'free' | 'busy' | 'full';

export function fullness(free: number, capacity: number): Fullness {
  if (capacity <= 0 || free <= 0) return 'full';
  return free / capacity <= 0.3 ? 'busy' : 'free';
}
