import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { loadOwnAppointmentForUpdate, loadTerminalAppointmentForUpdate, publishStatus, recordAppointmentChange } from '../scheduling/index.ts';

/**
 * 交货确认 / 提货确认: the truck has handed over (or loaded) its cargo. Records the empty-truck
 * declaration (空车) and moves the appointment to 空车成功, so the out-gate lifts. The enterprise
 * confirms its own appointment; a terminal operator confirms one at its terminal. Confirming
 * again changes nothing; confirming before the truck entered is refused.
 */
export async function confirmDelivery(deps: Deps, actor: Actor, appointmentId: string): Promise<{ status: 'empty_confirmed' | 'exited'; declaredAt: string }> {
  return inTransaction(deps.db, async (trx) => {
    const appointment =
      actor.role === 'terminal_operator' ? await loadTerminalAppointmentForUpdate(trx, actor, appointmentId) : await loadOwnAppointmentForUpdate(trx, actor, appointmentId);
    const existing = await trx.selectFrom('empty_declarations').select('declared_at').where('appointment_id', '=', appointment.id).executeTakeFirst();
    if (existing && (appointment.status === 'empty_confirmed' || appointment.status === 'exited')) {
      return { status: appointment.status, declaredAt: existing.declared_at.toISOString() };
    }
    if (appointment.status !== 'entered') {
      throw new AppError('APPOINTMENT_NOT_CONFIRMABLE', undefined, { extensions: { appointmentStatus: appointment.status } });
    }
    const now = deps.clock.now();
    const enterprise = await trx.selectFrom('enterprises').select('name').where('id', '=', appointment.enterprise_id).executeTakeFirstOrThrow();
    await trx
      .insertInto('empty_declarations')
      .values({ appointment_id: appointment.id, terminal_id: appointment.terminal_id, enterprise_name: enterprise.name, declared_by: actor.userId, declared_by_role: actor.role, declared_at: now })
      .execute();
    await trx.updateTable('appointments').set({ status: 'empty_confirmed', updated_at: now }).where('id', '=', appointment.id).execute();
    await recordAppointmentChange(
      trx,
      actor,
      appointment,
      { action: appointment.flag === 'delivery' ? 'delivery_confirmed' : 'pickup_confirmed', from: 'entered', to: 'empty_confirmed', detail: { declarationType: '空车', enterpriseName: enterprise.name } },
      now,
    );
    await publishStatus(trx, { id: appointment.id, enterprise_id: appointment.enterprise_id, status: 'empty_confirmed' });
    return { status: 'empty_confirmed' as const, declaredAt: now.toISOString() };
  });
}
