import { sql } from 'kysely';

import type { Deps } from '../../platform/deps.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notice, notify } from '../notifications/index.ts';
import { publishStatus } from './appointment-records.ts';

export interface SweptAppointment {
  id: string;
  enterprise_id: string;
  business_no: string;
  appointment_no: string;
  plate: string;
}

/**
 * 未到场: booked appointments whose slot end + the terminal's tolerance has passed without an
 * entry become no_show. One statement updates them and writes their history and audit rows from
 * its RETURNING; `status = 'booked'` in the WHERE makes it exactly once per appointment, however
 * many instances sweep at the same time (the second waits on the row lock, then sees no_show).
 * The place stays used: the slot is over.
 */
export async function sweepNoShows(deps: Pick<Deps, 'db' | 'clock'>): Promise<SweptAppointment[]> {
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const { rows } = await sql<SweptAppointment>`
      with swept as (
        update appointments a
           set status = 'no_show', updated_at = ${now}::timestamptz
          from terminals t
         where t.id = a.terminal_id
           and a.status = 'booked'
           and a.window_end + t.tolerance_minutes * interval '1 minute' < ${now}::timestamptz
        returning a.id, a.terminal_id, a.enterprise_id, a.business_no, a.appointment_no, a.plate, a.window_end, t.tolerance_minutes
      ), history as (
        insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail)
        select id, terminal_id, ${now}::timestamptz, null::uuid, 'system', 'no_show', 'booked', 'no_show',
               jsonb_build_object('windowEnd', window_end, 'toleranceMinutes', tolerance_minutes)
          from swept
      ), audited as (
        insert into audit_log (at, actor_id, actor_username, enterprise_id, ip, action, entity_type, entity_id, before, after)
        select ${now}::timestamptz, null::uuid, 'system', enterprise_id, null::text, 'appointment.no_show', 'appointment', id::text,
               '{"status":"booked"}'::jsonb, '{"status":"no_show"}'::jsonb
          from swept
      )
      select id, enterprise_id, business_no, appointment_no, plate from swept
    `.execute(trx);
    for (const row of rows) {
      await notify(trx, {
        enterpriseId: row.enterprise_id,
        ...notice('appointment.no_show', { plate: row.plate, appointmentNo: row.appointment_no }, { appointmentId: row.id, businessNo: row.business_no }),
        at: now,
      });
      await publishStatus(trx, { id: row.id, enterprise_id: row.enterprise_id, status: 'no_show' });
    }
    return rows;
  });
}

/**
 * Sweeps every `intervalMs` until stopped. A sweep never overlaps the previous one in this
 * process; across instances the statement itself is safe. Returns the stop function, which
 * waits for a sweep in progress.
 */
export function startNoShowSweeper(deps: Pick<Deps, 'db' | 'clock'>, options: { intervalMs: number; onError?: (error: unknown) => void }): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = sweepNoShows(deps)
      .then(() => undefined, (error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
