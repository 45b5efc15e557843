import type { AppointmentDetail } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { anyOf } from '../../platform/any-of.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';
import { listBase } from './list-appointments.ts';
import { presentAppointmentSummary, presentAwb, presentHistory } from './presenters.ts';
import { formatInZone } from './time-zone.ts';

/**
 * The rows of appointments' details, for these ids. The enterprise's name is read by its key for
 * each row found: a join would let the generic plan, which guesses ten ids, hash every enterprise.
 */
export function detailRows(db: Db, ids: readonly string[]) {
  return listBase(db)
    .select((eb) => [
      'a.enterprise_id',
      eb.selectFrom('enterprises as e').select('e.name').whereRef('e.id', '=', 'a.enterprise_id').$asScalar().$notNull().as('enterprise_name'),
      'a.vehicle_id',
      'a.driver_name',
      'a.driver_phone',
      'a.driver_id_no',
      'a.reject_reason',
      'a.updated_at',
    ])
    .where('a.id', '=', anyOf(ids, 'uuid'));
}

/** The AWBs, history and empty declarations of these appointments. */
export function detailParts(db: Db, ids: readonly string[]) {
  return {
    awbs: db.selectFrom('appointment_awbs').select(['appointment_id', 'seq', 'awb', 'pieces', 'weight_kg']).where('appointment_id', '=', anyOf(ids, 'uuid')).orderBy('appointment_id').orderBy('seq'),
    history: db.selectFrom('appointment_history').selectAll().where('appointment_id', '=', anyOf(ids, 'uuid')).orderBy('id'),
    declarations: db.selectFrom('empty_declarations').select(['appointment_id', 'enterprise_name', 'declared_at', 'declared_by_role']).where('appointment_id', '=', anyOf(ids, 'uuid')),
  };
}

/** The detail page: header fields, the AWBs and the history sub-table. */
export async function loadAppointmentDetail(db: Db, where: { id: string; enterpriseId: string }): Promise<AppointmentDetail> {
  if (!isUuid(where.id)) throw notFound();
  const [detail] = await loadAppointmentDetails(db, [where]);
  if (!detail) throw notFound();
  return detail;
}

/**
 * Many appointments' details in four queries, whatever their number (a batch of bookings answers
 * each with its detail). Each answer is at the same place as its request, or undefined when the
 * appointment is not that enterprise's.
 */
export async function loadAppointmentDetails(db: Db, wanted: readonly { id: string; enterpriseId: string }[]): Promise<(AppointmentDetail | undefined)[]> {
  const ids = wanted.map((w) => w.id);
  if (ids.length === 0) return [];
  const rows = await detailRows(db, ids).execute();
  const found = rows.filter((row) => wanted.some((w) => w.id === row.id && w.enterpriseId === row.enterprise_id));
  if (found.length === 0) return wanted.map(() => undefined);
  const parts = detailParts(db, found.map((row) => row.id));
  const [awbs, history, declarations] = await Promise.all([parts.awbs.execute(), parts.history.execute(), parts.declarations.execute()]);
  const details = new Map(
    found.map((row) => {
      const declaration = declarations.find((d) => d.appointment_id === row.id);
      const detail: AppointmentDetail = {
        ...presentAppointmentSummary(row),
        enterprise: { id: row.enterprise_id, name: row.enterprise_name },
        vehicleId: row.vehicle_id,
        driverName: row.driver_name,
        driverPhone: row.driver_phone,
        driverIdNo: row.driver_id_no,
        rejectReason: row.reject_reason,
        updatedAt: formatInZone(row.updated_at, row.time_zone),
        awbs: awbs.filter((awb) => awb.appointment_id === row.id).map(presentAwb),
        history: history.filter((entry) => entry.appointment_id === row.id).map((entry) => presentHistory(entry, row.time_zone)),
        emptyDeclaration: declaration
          ? { declarationType: 'empty', enterpriseName: declaration.enterprise_name, declaredAt: formatInZone(declaration.declared_at, row.time_zone), declaredByRole: declaration.declared_by_role }
          : null,
      };
      return [row.id, detail] as const;
    }),
  );
  return wanted.map((w) => {
    const detail = details.get(w.id);
    return detail && detail.enterprise.id === w.enterpriseId ? detail : undefined;
  });
}

export async function getAppointment(deps: Deps, actor: Actor, id: string): Promise<AppointmentDetail> {
  if (!actor.enterpriseId) throw notFound();
  return loadAppointmentDetail(deps.db, { id, enterpriseId: actor.enterpriseId });
}
