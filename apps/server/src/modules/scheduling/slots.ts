import type { CalendarResponse, Slot } from '@cargo-window/contracts';

import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { presentSlot, terminalSettings, type TerminalSettings } from './presenters.ts';
import { generateSlots } from './slot-calendar.ts';
import { loadTerminal } from './terminals.ts';
import { addDays, localDateOf } from './time-zone.ts';

/**
 * How far ahead a day's slots may be made: the longest booking horizon, so a terminal operator can
 * tune capacity for any bookable day. Looking further ahead (or back) only reads what exists, so
 * nobody can fill the table with slots for the year 9999.
 */
export const MATERIALIZE_AHEAD_DAYS = 60;

function makeableDates(terminal: TerminalSettings, dates: readonly string[], now: Date): string[] {
  const today = localDateOf(now, terminal.timeZone);
  const last = addDays(today, MATERIALIZE_AHEAD_DAYS);
  return dates.filter((date) => date >= today && date <= last);
}

/**
 * Makes the slots of these days if nobody has yet (INSERT … ON CONFLICT DO NOTHING, so any number of
 * instances may race). A day's `slot_days` row and its slots are written in one transaction: the
 * second of two racing requests waits on the first's row, then finds the day made.
 */
export async function ensureDays(db: Db, terminal: TerminalSettings, dates: readonly string[], now: Date): Promise<void> {
  const wanted = makeableDates(terminal, dates, now);
  if (wanted.length === 0) return;
  const made = await db.selectFrom('slot_days').select('local_date').where('terminal_id', '=', terminal.id).where('local_date', 'in', wanted).execute();
  const madeSet = new Set(made.map((row) => row.local_date));
  const missing = wanted.filter((date) => !madeSet.has(date));
  if (missing.length === 0) return;
  await inTransaction(db, async (trx) => {
    const claimed = await trx
      .insertInto('slot_days')
      .values(missing.map((date) => ({ terminal_id: terminal.id, local_date: date, created_at: now })))
      .onConflict((oc) => oc.columns(['terminal_id', 'local_date']).doNothing())
      .returning('local_date')
      .execute();
    const rows = claimed.flatMap(({ local_date: date }) =>
      generateSlots({ date, timeZone: terminal.timeZone, slotMinutes: terminal.slotMinutes, hours: terminal.hours, closedDates: terminal.closedDates }).map((window) => ({
        terminal_id: terminal.id,
        local_date: date,
        start_at: window.start,
        end_at: window.end,
        capacity_pickup: terminal.capacity.pickup,
        capacity_delivery: terminal.capacity.delivery,
      })),
    );
    if (rows.length === 0) return;
    await trx
      .insertInto('slots')
      .values(rows)
      .onConflict((oc) => oc.columns(['terminal_id', 'start_at']).doNothing())
      .execute();
  });
}

export async function slotsOfDays(db: Db, terminal: TerminalSettings, dates: readonly string[]) {
  if (dates.length === 0) return [];
  return db
    .selectFrom('slots')
    .selectAll()
    .where('terminal_id', '=', terminal.id)
    .where('local_date', 'in', dates)
    .orderBy('start_at')
    .execute();
}

/** `GET /terminals/{id}/slots?date=`: one day's slots with capacity and what is booked. */
export async function listDaySlots(deps: Deps, terminalId: string, date: string): Promise<{ items: Slot[]; next: null }> {
  const terminal = terminalSettings(await loadTerminal(deps.db, terminalId));
  const now = deps.clock.now();
  await ensureDays(deps.db, terminal, [date], now);
  const rows = await slotsOfDays(deps.db, terminal, [date]);
  return { items: rows.map((row) => presentSlot(row, terminal, now)), next: null };
}

/** The booking calendar: several bookable days at once, never past today + horizon. */
export async function bookingCalendar(deps: Deps, terminalId: string, query: { from?: string; days?: number }): Promise<CalendarResponse> {
  const terminal = terminalSettings(await loadTerminal(deps.db, terminalId));
  const now = deps.clock.now();
  const today = localDateOf(now, terminal.timeZone);
  const lastDay = addDays(today, terminal.horizonDays);
  const from = query.from ?? today;
  const count = query.days ?? terminal.horizonDays + 1;
  const dates = Array.from({ length: count }, (_, i) => addDays(from, i)).filter((date) => date >= today && date <= lastDay);
  await ensureDays(deps.db, terminal, dates, now);
  const rows = await slotsOfDays(deps.db, terminal, dates);
  const byDate = new Map<string, Slot[]>(dates.map((date) => [date, []]));
  for (const row of rows) byDate.get(row.local_date)?.push(presentSlot(row, terminal, now));
  return {
    terminalId: terminal.id,
    timeZone: terminal.timeZone,
    today,
    lastDay,
    days: dates.map((date) => ({ date, closed: terminal.closedDates.includes(date), slots: byDate.get(date) ?? [] })),
  };
}
