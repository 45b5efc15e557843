import { sql } from 'kysely';

import type { FilingListQuery, FilingStatus, ReviewListQuery, VehicleFilingSummary } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/paging.ts';
import { shanghaiDayEnd, shanghaiDayStart, timeCursor } from './keyset.ts';
import { enterpriseOf } from './load-filing.ts';
import { presentFilingSummary } from './presenters.ts';

type Page = { items: VehicleFilingSummary[]; next: string | null };

export interface FilingFilters {
  enterpriseId?: string;
  status?: FilingStatus;
  plate?: string;
  declaredFrom?: string;
  declaredTo?: string;
}

/** Filings matching the list page's filters, with their enterprise's name. */
export function filingsMatching(db: Db, filters: FilingFilters) {
  let query = db
    .selectFrom('vehicle_filings as f')
    .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
    .selectAll('f')
    .select('e.name as enterprise_name');
  if (filters.enterpriseId) query = query.where('f.enterprise_id', '=', filters.enterpriseId);
  if (filters.status) query = query.where('f.status', '=', filters.status);
  if (filters.plate) {
    const plate = filters.plate;
    query = query.where((eb) => eb.exists(eb.selectFrom('vehicle_filing_rows as r').select('r.id').whereRef('r.filing_id', '=', 'f.id').where('r.plate', '=', plate)));
  }
  if (filters.declaredFrom) query = query.where('f.declared_at', '>=', shanghaiDayStart(filters.declaredFrom));
  if (filters.declaredTo) query = query.where('f.declared_at', '<', shanghaiDayEnd(filters.declaredTo));
  return query;
}

/** The list page: my enterprise's filings, newest entered first. */
export async function listFilings(deps: Deps, actor: Actor, query: FilingListQuery): Promise<Page> {
  const after = timeCursor(query.after);
  let select = filingsMatching(deps.db, { ...query, enterpriseId: enterpriseOf(actor) });
  if (after) select = select.where(sql<boolean>`(f.created_at, f.id) < (${after.at}, ${after.id}::uuid)`);
  const rows = await select.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(query.limit + 1).execute();
  const plates = await platesOf(deps.db, rows.slice(0, query.limit).map((row) => row.id));
  return pageOf(rows, query.limit, (row) => ({ value: row.created_at.toISOString(), id: row.id }), (row) => presentFilingSummary(row, plates.get(row.id) ?? []));
}

/**
 * The reviewers' list across enterprises. The queue (declared) is first come, first served;
 * reviewed ones come most recent first.
 */
export async function listFilingsForReview(deps: Deps, _actor: Actor, query: ReviewListQuery): Promise<Page> {
  const after = timeCursor(query.after);
  const oldestFirst = query.status === 'declared';
  let select = filingsMatching(deps.db, { status: query.status, plate: query.plate });
  if (after) {
    select = oldestFirst
      ? select.where(sql<boolean>`(f.declared_at, f.id) > (${after.at}, ${after.id}::uuid)`)
      : select.where(sql<boolean>`(f.declared_at, f.id) < (${after.at}, ${after.id}::uuid)`);
  }
  const direction = oldestFirst ? 'asc' : 'desc';
  const rows = await select.orderBy('f.declared_at', direction).orderBy('f.id', direction).limit(query.limit + 1).execute();
  const plates = await platesOf(deps.db, rows.slice(0, query.limit).map((row) => row.id));
  return pageOf(rows, query.limit, (row) => ({ value: row.declared_at!.toISOString(), id: row.id }), (row) => presentFilingSummary(row, plates.get(row.id) ?? []));
}

async function platesOf(db: Db, filingIds: string[]): Promise<Map<string, string[]>> {
  const byFiling = new Map<string, string[]>();
  if (filingIds.length === 0) return byFiling;
  const rows = await db.selectFrom('vehicle_filing_rows').select(['filing_id', 'plate']).where('filing_id', 'in', filingIds).orderBy('filing_id').orderBy('seq').execute();
  for (const row of rows) {
    const list = byFiling.get(row.filing_id);
    if (list) list.push(row.plate);
    else byFiling.set(row.filing_id, [row.plate]);
  }
  return byFiling;
}
