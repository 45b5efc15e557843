import { sql } from 'kysely';

import type { VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';
import { presentFiling, type FilingBodyRow, type FilingRow } from './presenters.ts';

/** The enterprise an enterprise user acts for; the access rule guarantees there is one. */
export function enterpriseOf(actor: Actor): string {
  if (!actor.enterpriseId) throw forbidden();
  return actor.enterpriseId;
}

/**
 * A filing of the caller's own enterprise; another enterprise's is "not found", never "forbidden".
 * `lock` takes the row lock a state change needs, so two changes of one filing take turns.
 */
export async function loadOwnFiling(db: Db, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<FilingRow> {
  if (!isUuid(id)) throw notFound();
  let query = db.selectFrom('vehicle_filings').selectAll().where('id', '=', id).where('enterprise_id', '=', enterpriseOf(actor));
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Any enterprise's filing, for reviewers; whether it can be reviewed is the state machine's call. */
export async function loadFilingForReview(db: Db, id: string, options: { lock?: boolean } = {}): Promise<FilingRow> {
  if (!isUuid(id)) throw notFound();
  let query = db.selectFrom('vehicle_filings').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export function loadBody(db: Db, filingId: string): Promise<FilingBodyRow[]> {
  return db.selectFrom('vehicle_filing_rows').selectAll().where('filing_id', '=', filingId).orderBy('seq').execute();
}

/** Header (with the enterprise fields), body and history, as the detail page shows them. */
export async function filingDetail(db: Db, filing: FilingRow): Promise<VehicleFiling> {
  const [party, rows, history] = await Promise.all([
    db
      .selectFrom('enterprises as e')
      .leftJoin('users as d', (join) => join.on(sql`d.id`, '=', sql`coalesce(${filing.declared_by}::uuid, ${filing.created_by}::uuid)`))
      .select(['e.name as enterpriseName', 'e.uscc', 'e.customs_code as customsCode', 'd.name as declarant'])
      .where('e.id', '=', filing.enterprise_id)
      .executeTakeFirstOrThrow(),
    loadBody(db, filing.id),
    db.selectFrom('filing_history').selectAll().where('filing_id', '=', filing.id).orderBy('id').execute(),
  ]);
  return presentFiling(filing, party, rows, history);
}
