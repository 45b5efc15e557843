import type { AppointmentDetail, FieldError, UpdateAppointmentRequest } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { draftReferenceErrors, driverOf, loadOwnAppointmentForUpdate, recordChange, replaceAwbs, resolveDraftReferences } from './appointment-records.ts';
import { loadAppointmentDetail } from './get-appointment.ts';

/**
 * `PUT /appointments/{id}`: a draft's slot, flag, declaration type, vehicle, driver and AWBs are
 * replaced — e.g. moved to another slot after a SLOT_FULL. The terminal stays: another terminal
 * is another appointment.
 */
export async function updateAppointment(deps: Deps, actor: Actor, id: string, input: UpdateAppointmentRequest): Promise<AppointmentDetail> {
  return inTransaction(deps.db, async (trx) => {
    const before = await loadOwnAppointmentForUpdate(trx, actor, id);
    if (before.status !== 'draft') throw new AppError('APPOINTMENT_NOT_EDITABLE');
    if (input.terminalId !== undefined && input.terminalId !== before.terminal_id) {
      throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'terminalId', code: 'INVALID_VALUE', message: 'INVALID_VALUE' }] });
    }
    const { slot, vehicle } = await resolveDraftReferences(trx, actor, { ...input, terminalId: before.terminal_id });
    const now = deps.clock.now();
    const after = await trx
      .updateTable('appointments')
      .set({
        slot_id: slot.id,
        vehicle_id: vehicle.id,
        plate: vehicle.plate,
        ...driverOf(vehicle, input),
        flag: input.flag,
        declaration_type: input.declarationType,
        updated_at: now,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceAwbs(trx, after, input.awbs);
    const changed: Record<string, unknown> = {};
    for (const [key, column] of [['slotId', 'slot_id'], ['vehicleId', 'vehicle_id'], ['plate', 'plate'], ['flag', 'flag'], ['declarationType', 'declaration_type'], ['driverName', 'driver_name'], ['driverPhone', 'driver_phone']] as const) {
      if (before[column] !== after[column]) changed[key] = { before: before[column], after: after[column] };
    }
    await recordChange(trx, actor, after, { action: 'updated', from: 'draft', to: 'draft', detail: { changed, awbs: input.awbs.length } }, now);
    return loadAppointmentDetail(trx, { id: after.id, enterpriseId: after.enterprise_id });
  });
}

/**
 * A draft's new body that failed its schema: which of the slot and vehicle it names are unknown,
 * reported with the rest. The slot is looked for at the draft's own terminal; nothing is reported
 * for an appointment the enterprise does not have (the request then learns it is not found once
 * its body is fixed, as before).
 */
export async function updateBodyReferenceErrors(deps: Deps, actor: Actor, id: string, body: Record<string, unknown>): Promise<FieldError[]> {
  if (!isUuid(id) || !actor.enterpriseId) return [];
  const draft = await deps.db.selectFrom('appointments').select('terminal_id').where('id', '=', id).where('enterprise_id', '=', actor.enterpriseId).executeTakeFirst();
  if (!draft) return [];
  return (await draftReferenceErrors(deps.db, actor, { terminalId: draft.terminal_id, slotId: body.slotId, vehicleId: body.vehicleId })).errors;
}
