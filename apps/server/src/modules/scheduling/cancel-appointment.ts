import type { AppointmentDetail } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { loadOwnAppointmentForUpdate, publishSlots, publishStatus, recordChange, returnPlace } from './appointment-records.ts';
import { loadAppointmentDetail } from './get-appointment.ts';

/** 取消: a submitted or booked appointment, until its slot starts; its place returns to the slot. */
export async function cancelAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  return inTransaction(deps.db, async (trx) => {
    const appointment = await loadOwnAppointmentForUpdate(trx, actor, id);
    if (appointment.status !== 'submitted' && appointment.status !== 'booked') throw new AppError('APPOINTMENT_NOT_CANCELLABLE');
    const now = deps.clock.now();
    if (now.getTime() >= appointment.window_start!.getTime()) throw new AppError('CANCEL_TOO_LATE');
    const slot = await returnPlace(trx, appointment.slot_id, appointment.flag);
    const cancelled = await trx
      .updateTable('appointments')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', '=', appointment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, cancelled, { action: 'cancelled', from: appointment.status, to: 'cancelled', detail: { slotId: appointment.slot_id } }, now);
    await publishStatus(trx, cancelled);
    if (slot) await publishSlots(trx, [slot]);
    return loadAppointmentDetail(trx, { id: cancelled.id, enterpriseId: cancelled.enterprise_id });
  });
}
