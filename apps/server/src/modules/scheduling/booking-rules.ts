import type { AppointmentFlag } from '@cargo-window/contracts';

import { addDays, localDateOf } from './time-zone.ts';

export type BookingRefusal = 'SLOT_PAST' | 'LEAD_TIME' | 'BEYOND_HORIZON' | 'SLOT_CLOSED';

export interface BookingTerminal {
  timeZone: string;
  horizonDays: number;
  minLeadMinutes: number;
  closedDates: readonly string[];
}

export interface BookingSlot {
  /** The slot's day in the terminal's zone. */
  localDate: string;
  start: Date;
  capacity: { pickup: number; delivery: number };
}

/**
 * Whether a slot may be booked now, before any place is taken. The edges, on purpose:
 * - a slot that starts exactly now has started (SLOT_PAST);
 * - a slot that starts exactly `minLeadMinutes` from now is bookable: the lead time is met;
 * - the horizon counts terminal-local days: with 3 days, today … today+3 are bookable;
 * - a closed date or a capacity of 0 for the flag closes the slot, whatever is booked.
 * Whether a place is left is the database's answer (the conditional UPDATE), not this rule's.
 */
export function bookingRefusal(input: { now: Date; terminal: BookingTerminal; slot: BookingSlot; flag: AppointmentFlag }): BookingRefusal | null {
  return slotRefusal(input) ?? (input.slot.capacity[input.flag] === 0 ? 'SLOT_CLOSED' : null);
}

/** `bookingRefusal` for either flag: every rule but the flag's capacity (a slot answers it with its capacity). */
export function slotRefusal(input: { now: Date; terminal: BookingTerminal; slot: Pick<BookingSlot, 'localDate' | 'start'> }): BookingRefusal | null {
  const { now, terminal, slot } = input;
  if (slot.start.getTime() <= now.getTime()) return 'SLOT_PAST';
  if (slot.start.getTime() < now.getTime() + terminal.minLeadMinutes * 60_000) return 'LEAD_TIME';
  if (slot.localDate > addDays(localDateOf(now, terminal.timeZone), terminal.horizonDays)) return 'BEYOND_HORIZON';
  if (terminal.closedDates.includes(slot.localDate)) return 'SLOT_CLOSED';
  return null;
}
