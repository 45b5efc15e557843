import { sql } from 'kysely';

import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';
import { bookingCalendar, listTerminals } from '../scheduling/index.ts';

/**
 * The public capacity board (/board): every terminal's bookable days with free places per flag and
 * the trucks inside the zone now — what a dispatcher checks before sending a truck.
 */
export async function publicBoard(deps: Deps) {
  const terminals = await listTerminals(deps);
  const inside = await deps.db
    .selectFrom('appointments')
    .select(['terminal_id', sql<number>`count(*)::int`.as('n')])
    .where('status', 'in', ['entered', 'empty_confirmed'])
    .groupBy('terminal_id')
    .execute();
  const insideBy = new Map(inside.map((r) => [r.terminal_id, Number(r.n)]));
  const boards = await Promise.all(
    terminals.map(async (terminal) => {
      const calendar = await bookingCalendar(deps, terminal.id, {});
      return {
        id: terminal.id,
        code: terminal.code,
        name: terminal.name,
        timeZone: calendar.timeZone,
        insideNow: insideBy.get(terminal.id) ?? 0,
        days: calendar.days.map((day) => ({
          date: day.date,
          closed: day.closed,
          slots: day.slots.map((slot) => ({
            start: slot.start,
            end: slot.end,
            capacity: slot.capacity,
            free: { pickup: Math.max(0, slot.capacity.pickup - slot.booked.pickup), delivery: Math.max(0, slot.capacity.delivery - slot.booked.delivery) },
          })),
        })),
      };
    }),
  );
  return { generatedAt: deps.clock.now().toISOString(), terminals: boards };
}

/**
 * A terminal's day in figures, all computed from recorded events: bookings and gate arrivals by
 * hour, the no-show rate of the windows that have ended, and the average time inside the zone.
 */
export async function terminalDashboard(deps: Deps, terminalId: string, date: string) {
  if (!isUuid(terminalId)) throw notFound();
  const terminal = await deps.db.selectFrom('terminals').select(['id', 'time_zone']).where('id', '=', terminalId).executeTakeFirst();
  if (!terminal) throw notFound();
  const zone = terminal.time_zone;
  const now = deps.clock.now();
  const dayStart = sql<Date>`(${date}::date)::timestamp at time zone ${zone}`;
  const dayEnd = sql<Date>`(${date}::date + 1)::timestamp at time zone ${zone}`;
  const hourOf = (column: string) => sql<number>`extract(hour from (${sql.ref(column)} at time zone ${zone}))::int`;

  const [bookings, arrivals, outcome, stays] = await Promise.all([
    deps.db
      .selectFrom('appointments')
      .select([hourOf('window_start').as('hour'), 'flag', sql<number>`count(*)::int`.as('n')])
      .where('terminal_id', '=', terminalId)
      .where('window_start', '>=', dayStart)
      .where('window_start', '<', dayEnd)
      .where('status', 'in', ['booked', 'entered', 'empty_confirmed', 'exited', 'no_show'])
      .groupBy([sql`1`, sql`2`]) // by position: the zone is a parameter, so the expressions differ textually
      .execute(),
    deps.db
      .selectFrom('gate_events')
      .select([hourOf('read_at').as('hour'), sql<number>`count(*)::int`.as('n')])
      .where('terminal_id', '=', terminalId)
      .where('direction', '=', 'in')
      // A literal: the prepared statement's generic plan can then use the index of lifts.
      .where('decision', '=', sql.lit('lift'))
      .where('read_at', '>=', dayStart)
      .where('read_at', '<', dayEnd)
      .groupBy(sql`1`)
      .execute(),
    deps.db
      .selectFrom('appointments')
      .select([sql<number>`count(*) filter (where status = 'no_show')::int`.as('noShows'), sql<number>`count(*)::int`.as('ended')])
      .where('terminal_id', '=', terminalId)
      .where('window_start', '>=', dayStart)
      .where('window_start', '<', dayEnd)
      .where('window_end', '<', now)
      .where('status', 'in', ['entered', 'empty_confirmed', 'exited', 'no_show'])
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('gate_events as i')
      .innerJoin('gate_events as o', (join) => join.onRef('o.appointment_id', '=', 'i.appointment_id').on('o.direction', '=', 'out').on('o.decision', '=', 'lift'))
      .select([sql<number>`avg(extract(epoch from (o.read_at - i.read_at)) / 60)::float`.as('minutes'), sql<number>`count(*)::int`.as('visits')])
      .where('i.terminal_id', '=', terminalId)
      .where('i.direction', '=', 'in')
      .where('i.decision', '=', sql.lit('lift'))
      .where('i.read_at', '>=', dayStart)
      .where('i.read_at', '<', dayEnd)
      .executeTakeFirstOrThrow(),
  ]);

  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, booked: { pickup: 0, delivery: 0 }, arrivals: 0 }));
  for (const row of bookings) hours[row.hour].booked[row.flag as 'pickup' | 'delivery'] += Number(row.n);
  for (const row of arrivals) hours[row.hour].arrivals += Number(row.n);
  const ended = Number(outcome.ended);
  return {
    terminalId,
    date,
    hours,
    totals: {
      booked: hours.reduce((sum, h) => sum + h.booked.pickup + h.booked.delivery, 0),
      arrivals: hours.reduce((sum, h) => sum + h.arrivals, 0),
    },
    noShowRate: ended === 0 ? null : Number(outcome.noShows) / ended,
    averageMinutesInside: stays.minutes === null ? null : Math.round(Number(stays.minutes) * 10) / 10,
    visitsCompleted: Number(stays.visits),
  };
}
