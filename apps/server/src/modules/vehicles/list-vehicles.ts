import { sql } from 'kysely';

import type { Vehicle, VehicleListQuery } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { pageOf } from '../../platform/paging.ts';
import { isUuid } from '../identity/index.ts';
import { timeCursor } from './keyset.ts';
import { enterpriseOf } from './load-filing.ts';
import { presentVehicle } from './presenters.ts';

/** My enterprise's fleet with the list's filters (active vehicles unless asked otherwise). */
export function vehiclesMatching(db: Db, enterpriseId: string, filters: { status: VehicleListQuery['status']; plate?: string }) {
  let query = db.selectFrom('vehicles').selectAll().where('enterprise_id', '=', enterpriseId).where('status', '=', filters.status);
  if (filters.plate) query = query.where('plate', '=', filters.plate);
  return query;
}

/** The fleet, newest first. */
export async function listVehicles(deps: Deps, actor: Actor, query: VehicleListQuery): Promise<{ items: Vehicle[]; next: string | null }> {
  const after = timeCursor(query.after);
  let select = vehiclesMatching(deps.db, enterpriseOf(actor), query);
  if (after) select = select.where(sql<boolean>`(created_at, id) < (${after.at}, ${after.id}::uuid)`);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, (row) => ({ value: row.created_at.toISOString(), id: row.id }), presentVehicle);
}

export async function getVehicle(deps: Deps, actor: Actor, id: string): Promise<Vehicle> {
  if (!isUuid(id)) throw notFound();
  const row = await deps.db.selectFrom('vehicles').selectAll().where('id', '=', id).where('enterprise_id', '=', enterpriseOf(actor)).executeTakeFirst();
  if (!row) throw notFound();
  return presentVehicle(row);
}
