import type { AppointmentDetail } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';
import { listBase } from './list-appointments.ts';
import { presentAppointmentSummary, presentAwb, presentHistory } from './presenters.ts';
import { formatInZone } from './time-zone.ts';

/** The detail page: header fields, the AWBs and the history sub-table. */
export async function loadAppointmentDetail(db: Db, where: { id: string; enterpriseId: string }): Promise<AppointmentDetail> {
  if (!isUuid(where.id)) throw notFound();
  const row = await listBase(db)
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select(['e.id as enterprise_id', 'e.name as enterprise_name', 'a.vehicle_id', 'a.driver_name', 'a.driver_phone', 'a.driver_id_no', 'a.reject_reason', 'a.updated_at'])
    .where('a.id', '=', where.id)
    .where('a.enterprise_id', '=', where.enterpriseId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const [awbs, history, declaration] = await Promise.all([
    db.selectFrom('appointment_awbs').select(['seq', 'awb', 'pieces', 'weight_kg']).where('appointment_id', '=', row.id).orderBy('seq').execute(),
    db.selectFrom('appointment_history').selectAll().where('appointment_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('empty_declarations').select(['enterprise_name', 'declared_at', 'declared_by_role']).where('appointment_id', '=', row.id).executeTakeFirst(),
  ]);
  return {
    ...presentAppointmentSummary(row),
    enterprise: { id: row.enterprise_id, name: row.enterprise_name },
    vehicleId: row.vehicle_id,
    driverName: row.driver_name,
    driverPhone: row.driver_phone,
    driverIdNo: row.driver_id_no,
    rejectReason: row.reject_reason,
    updatedAt: formatInZone(row.updated_at, row.time_zone),
    awbs: awbs.map(presentAwb),
    history: history.map((entry) => presentHistory(entry, row.time_zone)),
    emptyDeclaration: declaration
      ? { declarationType: 'empty', enterpriseName: declaration.enterprise_name, declaredAt: formatInZone(declaration.declared_at, row.time_zone), declaredByRole: declaration.declared_by_role }
      : null,
  };
}

export async function getAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  if (!actor.enterpriseId) throw notFound();
  return loadAppointmentDetail(deps.db, { id, enterpriseId: actor.enterpriseId });
}
