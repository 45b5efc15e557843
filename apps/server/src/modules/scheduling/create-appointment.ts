import type { AppointmentDetail, CreateAppointmentRequest, FieldError } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { draftReferenceErrors, driverOf, recordChange, replaceAwbs, resolveDraftReferences } from './appointment-records.ts';
import { loadAppointmentDetail } from './get-appointment.ts';
import { nextBusinessNo } from './numbers.ts';

/**
 * 暂存: the record is created as a draft with its business number. Nothing is held yet: the place
 * is taken by submit, so a draft may name a full slot and be moved before it is submitted.
 */
export async function createAppointment(deps: Deps, actor: Actor, input: CreateAppointmentRequest): Promise<AppointmentDetail> {
  const enterpriseId = actor.enterpriseId;
  if (!enterpriseId) throw notFound();
  return inTransaction(deps.db, async (trx) => {
    const { terminal, slot, vehicle } = await resolveDraftReferences(trx, actor, input);
    const now = deps.clock.now();
    const row = await trx
      .insertInto('appointments')
      .values({
        terminal_id: terminal.id,
        enterprise_id: enterpriseId,
        slot_id: slot.id,
        vehicle_id: vehicle.id,
        plate: vehicle.plate,
        ...driverOf(vehicle, input),
        flag: input.flag,
        declaration_type: input.declarationType,
        status: 'draft',
        business_no: await nextBusinessNo(trx, now),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'terminal_id', 'enterprise_id', 'business_no'])
      .executeTakeFirstOrThrow();
    await replaceAwbs(trx, row, input.awbs);
    await recordChange(trx, actor, row, { action: 'created', from: null, to: 'draft', detail: { businessNo: row.business_no, slotId: slot.id, plate: vehicle.plate } }, now);
    return loadAppointmentDetail(trx, { id: row.id, enterpriseId });
  });
}

/** A draft's body that failed its schema: which of the ids it names are unknown, reported with the rest. */
export async function createBodyReferenceErrors(deps: Deps, actor: Actor, body: Record<string, unknown>): Promise<FieldError[]> {
  return (await draftReferenceErrors(deps.db, actor, body)).errors;
}
