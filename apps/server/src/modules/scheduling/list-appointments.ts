import { CompiledQuery, sql, type AliasedExpression } from 'kysely';

import { appointmentStatuses, type AppointmentListQuery, type AppointmentSummary, type TerminalAppointment, type TerminalAppointmentListQuery } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { batchedLookups } from '../../platform/batch-queue.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import type { ChangedSince } from '../../platform/kept-pages.ts';
import { decodeTimeCursor, encodeCursor } from '../../platform/paging.ts';
import { queryBuilder, shapedQuery } from '../../platform/query-shapes.ts';
import { presentAppointmentSummary, presentAwb, type AppointmentListRow } from './presenters.ts';
import { addDays, PLATFORM_TIME_ZONE, startOfLocalDay } from './time-zone.ts';

/** The appointment's own columns of a list row; the terminal's and slot's are joined to the page. */
const ownListColumns = ['a.id', 'a.business_no', 'a.appointment_no', 'a.plate', 'a.flag', 'a.declaration_type', 'a.status', 'a.created_at', 'a.submitted_at', 'a.terminal_id', 'a.slot_id'] as const;

/** What a list row shows: the appointment with its terminal and slot. */
export const appointmentListColumns = [
  ...ownListColumns,
  't.code as terminal_code',
  't.name as terminal_name',
  't.time_zone',
  's.local_date as slot_date',
  's.start_at as slot_start',
  's.end_at as slot_end',
] as const;

/** Appointments joined with their terminal and slot, selecting what a list row shows. */
export function listBase(db: Db) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('terminals as t', 't.id', 'a.terminal_id')
    .innerJoin('slots as s', 's.id', 'a.slot_id')
    .select(appointmentListColumns);
}


type Filters = Omit<AppointmentListQuery, 'after' | 'limit'>;

/** The values of one page of the enterprise's list: the filters as the query compares them. */
interface PageValues {
  [name: string]: unknown;
  enterpriseId: string;
  status?: string;
  plate?: string;
  flag?: string;
  declarationType?: string;
  businessNo?: string;
  appointmentNo?: string;
  terminalId?: string;
  createdFrom?: Date;
  createdBefore?: Date;
  afterAt?: Date;
  afterId?: string;
  /** The page's size and one more row, to know whether a next page exists. */
  fetch: number;
}

/**
 * One keyset page of the enterprise's appointments matching the filters, newest first. The page's
 * rows are picked from `appointments` alone, in index order, and only then joined with their
 * terminal and slot: with the joins in the same query the planner may hash join first and sort
 * afterwards, reading every appointment of a plate for a page of 50. Each row's slot is looked up
 * by its key (a lateral subquery the planner cannot turn into a join): as a join, the planner
 * hashed the page and read every slot of every terminal to match 51 of them — a year of hourly
 * slots, 9,648 rows, 4 ms a page (docs/performance.md, lists). Built once per combination of
 * filters (`shapedQuery`).
 */
const pageQuery = shapedQuery((v: PageValues) => {
  // The values are stand-ins here: the builder only sees which are given (see shapedQuery).
  const db = queryBuilder;
  let query = db.selectFrom('appointments as a').select(ownListColumns).where('a.enterprise_id', '=', v.enterpriseId);
  if (v.status !== undefined) query = query.where('a.status', '=', v.status as AppointmentListRow['status']);
  if (v.plate !== undefined) query = query.where('a.plate', '=', v.plate);
  if (v.flag !== undefined) query = query.where('a.flag', '=', v.flag as AppointmentListRow['flag']);
  if (v.declarationType !== undefined) query = query.where('a.declaration_type', '=', v.declarationType as AppointmentListRow['declaration_type']);
  if (v.businessNo !== undefined) query = query.where('a.business_no', '=', v.businessNo);
  if (v.appointmentNo !== undefined) query = query.where('a.appointment_no', '=', v.appointmentNo);
  if (v.terminalId !== undefined) query = query.where('a.terminal_id', '=', v.terminalId);
  if (v.createdFrom !== undefined) query = query.where('a.created_at', '>=', v.createdFrom);
  if (v.createdBefore !== undefined) query = query.where('a.created_at', '<', v.createdBefore);
  if (v.afterAt !== undefined && v.afterId !== undefined) query = query.where((eb) => eb(eb.refTuple('a.created_at', 'a.id'), '<', eb.tuple(v.afterAt!, v.afterId!)));
  const page = query.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(v.fetch);
  return withTerminalAndSlot(db, page.as('a'))
    .select([...ownListColumns, ...pageJoinedColumns])
    // The snapshot the page was read at, to know later whether it still holds (KeptPages).
    .select(sql<string>`pg_current_snapshot()::text`.as('snapshot'))
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc');
});

/** What a list row shows of its terminal and slot (`withTerminalAndSlot`). */
const pageJoinedColumns = ['t.code as terminal_code', 't.name as terminal_name', 't.time_zone', 's.slot_date', 's.slot_start', 's.slot_end'] as const;

/** A page of appointments (`a`, picked alone) joined with its terminal and, by key, each row's slot. */
function withTerminalAndSlot<R extends { terminal_id: string; slot_id: string }>(db: Db, page: AliasedExpression<R, 'a'>) {
  return db
    .selectFrom(page)
    .innerJoin('terminals as t', 't.id', 'a.terminal_id')
    .innerJoinLateral(
      (eb) => eb.selectFrom('slots as s').select(['s.local_date as slot_date', 's.start_at as slot_start', 's.end_at as slot_end']).whereRef('s.id', '=', 'a.slot_id').limit(1).as('s'),
      (join) => join.onTrue(),
    );
}

/**
 * A page of the enterprise's appointments matching the filters, after the cursor (null: the first),
 * with the snapshot it was read at (null for an empty page).
 */
export async function pageOfAppointments(db: Db, enterpriseId: string, filters: Filters, after: { at: Date; id: string } | null, limit: number): Promise<{ rows: AppointmentListRow[]; next: string | null; snapshot: string | null }> {
  const { rows } = await db.executeQuery(pageQuery({
    enterpriseId,
    // An empty filter filters nothing.
    status: filters.status || undefined,
    plate: filters.plate || undefined,
    flag: filters.flag || undefined,
    declarationType: filters.declarationType || undefined,
    businessNo: filters.businessNo || undefined,
    appointmentNo: filters.appointmentNo || undefined,
    terminalId: filters.terminalId || undefined,
    // 录入日期 are Beijing days, whatever the terminal's zone.
    createdFrom: filters.createdFrom ? startOfLocalDay(filters.createdFrom, PLATFORM_TIME_ZONE) : undefined,
    createdBefore: filters.createdTo ? startOfLocalDay(addDays(filters.createdTo, 1), PLATFORM_TIME_ZONE) : undefined,
    afterAt: after?.at,
    afterId: after?.id,
    fetch: limit + 1,
  }));
  const more = rows.length > limit;
  const kept = (more ? rows.slice(0, limit) : rows) as AppointmentListRow[];
  const last = kept[kept.length - 1];
  return { rows: kept, next: more ? encodeCursor({ value: last.created_at.toISOString(), id: last.id }) : null, snapshot: rows[0]?.snapshot ?? null };
}

/**
 * 提/交货预约查询: keyset pages, no COUNT(*). With the snapshot the page was read at (null for an
 * empty page), which is not part of the answer.
 */
export async function listAppointments(deps: Deps, actor: Actor, query: AppointmentListQuery): Promise<{ answer: { items: AppointmentSummary[]; next: string | null }; snapshot: string | null }> {
  if (!actor.enterpriseId) throw notFound();
  const { after, limit, ...filters } = query;
  const page = await pageOfAppointments(deps.db, actor.enterpriseId, filters, decodeTimeCursor(after), limit);
  return { answer: { items: page.rows.map(presentAppointmentSummary), next: page.next }, snapshot: page.snapshot };
}

/**
 * For each (enterprise, snapshot) asked: whether an appointment of the enterprise or any terminal
 * (whose code, name and time zone the rows show) was written by a transaction the snapshot did not
 * see. Only rows written at or after its oldest running transaction can be such: an index range of
 * the enterprise, empty most of the time, and the few terminals. The arrays are behind sub-selects
 * so that the statement is planned once per connection, not at every call (as `anyOf`'s,
 * platform/any-of.ts).
 */
export const CHANGED_SINCE_SQL = `select k.i::int as i,
    exists (select 1 from appointments a where a.enterprise_id = k.e and a.changed_xid >= pg_snapshot_xmin(k.s::pg_snapshot) and not pg_visible_in_snapshot(a.changed_xid, k.s::pg_snapshot))
    or exists (select 1 from terminals t where t.changed_xid >= pg_snapshot_xmin(k.s::pg_snapshot) and not pg_visible_in_snapshot(t.changed_xid, k.s::pg_snapshot)) as changed
  from unnest((select $1::uuid[]), (select $2::text[])) with ordinality as k(e, s, i)`;

/**
 * One check in flight at a time: those arriving meanwhile go together in the next. A check is an
 * index probe or two, so none waits long, and fewer, larger batches cost PostgreSQL less per check
 * (docs/performance.md, lists: per kept page sent, 0.15–0.17 of the PostgreSQL CPU the bare route
 * spends on a page, against 0.17–0.20 with two in flight).
 */
const CHECK_BATCHES = 1;
/** Checks answered by one query at most. */
const CHECK_BATCH_SIZE = 64;
const changeChecks = batchedLookups({ maxBatches: CHECK_BATCHES, maxSize: CHECK_BATCH_SIZE, load: checkChanges });

/**
 * Whether the enterprise's list pages read at a snapshot still hold (`keptOrRead`). Checks are made
 * in batches, as sessions are looked up: those arriving while checks are running share the next
 * query, which starts after they arrived.
 */
export function enterpriseListChanges(db: Db, enterpriseId: string): ChangedSince {
  return (snapshot) => changeChecks(db, { enterpriseId, snapshot });
}

async function checkChanges(db: Db, checks: readonly { enterpriseId: string; snapshot: string }[]): Promise<boolean[]> {
  const query = CompiledQuery.raw(CHANGED_SINCE_SQL, [checks.map((check) => check.enterpriseId), checks.map((check) => check.snapshot)]) as CompiledQuery<{ i: number; changed: boolean }>;
  const { rows } = await db.executeQuery(query);
  const changed: boolean[] = [];
  for (const row of rows) changed[row.i - 1] = row.changed;
  return changed;
}

/** What the terminal sees of an appointment besides its list row. */
const terminalColumns = ['a.enterprise_id', 'a.driver_name', 'a.driver_phone', 'a.reject_reason'] as const;

/** A draft is the enterprise's own until it is submitted: the terminal's lists never hold one. */
const terminalStatuses = appointmentStatuses.filter((status) => status !== 'draft');

/**
 * The terminal operator's queue: its own terminal's appointments (提交 = waiting for its decision),
 * newest first. Each status is read in index order and the statuses merged, so a list without a
 * status filter reads a page and not every appointment of the terminal to sort them (440 ms at
 * 1,000,000 appointments). With a 预约日期 the day's slots lead instead: a day holds few.
 */
export async function listTerminalAppointments(deps: Deps, actor: Actor, query: TerminalAppointmentListQuery): Promise<{ items: TerminalAppointment[]; next: string | null }> {
  if (actor.role !== 'terminal_operator' || !actor.terminalId) throw notFound();
  const terminalId = actor.terminalId;
  const statuses = query.status ? terminalStatuses.filter((status) => status === query.status) : terminalStatuses;
  if (statuses.length === 0) return { items: [], next: null };
  const cursor = decodeTimeCursor(query.after);
  const db = deps.db;
  const base = () => {
    const q = db.selectFrom('appointments as a').select([...ownListColumns, ...terminalColumns]).where('a.terminal_id', '=', terminalId);
    return cursor ? q.where((eb) => eb(eb.refTuple('a.created_at', 'a.id'), '<', eb.tuple(cursor.at, cursor.id))) : q;
  };
  type Picked = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const newest = <Q extends ReturnType<typeof base>>(q: Q) => q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(query.limit + 1);
  const picked = query.date
    ? sql<Picked>`(${newest(base().where('a.status', 'in', statuses).where('a.slot_id', 'in', db.selectFrom('slots').select('id').where('terminal_id', '=', terminalId).where('local_date', '=', query.date)))})`
    : sql<Picked>`(${sql.join(statuses.map((status) => sql`(${newest(base().where('a.status', '=', status))})`), sql` union all `)})`;
  const rows = await withTerminalAndSlot(db, picked.as('a'))
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select([...ownListColumns, ...terminalColumns, ...pageJoinedColumns, 'e.name as enterprise_name'])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const more = rows.length > query.limit;
  const kept = more ? rows.slice(0, query.limit) : rows;
  const awbs = kept.length === 0 ? [] : await db.selectFrom('appointment_awbs').select(['appointment_id', 'seq', 'awb', 'pieces', 'weight_kg']).where('appointment_id', 'in', kept.map((row) => row.id)).orderBy('seq').execute();
  const last = kept[kept.length - 1];
  return {
    items: kept.map((row) => ({
      ...presentAppointmentSummary(row as AppointmentListRow),
      enterprise: { id: row.enterprise_id, name: row.enterprise_name },
      driverName: row.driver_name,
      driverPhone: row.driver_phone,
      rejectReason: row.reject_reason,
      awbs: awbs.filter((awb) => awb.appointment_id === row.id).map(presentAwb),
    })),
    next: more ? encodeCursor({ value: last.created_at.toISOString(), id: last.id }) : null,
  };
}
