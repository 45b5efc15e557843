import type { CreateGateRequest, CreateTerminalRequest, Gate, Terminal, UpdateTerminalRequest } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uniqueViolation } from '../../platform/pg-errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { presentGate, presentTerminal, terminalSettings, type TerminalRow } from './presenters.ts';

export async function loadTerminal(db: Db, id: string): Promise<TerminalRow> {
  if (!isUuid(id)) throw notFound();
  const row = await db.selectFrom('terminals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

function codeTaken(error: unknown, constraint: string, code: 'TERMINAL_CODE_TAKEN' | 'GATE_CODE_TAKEN'): AppError | null {
  if (uniqueViolation(error) !== constraint) return null;
  return new AppError(code, undefined, { fieldErrors: [{ field: 'code', code, message: code }] });
}

/** 货站设置 by the platform administrator. Omitted settings take the busy-terminal defaults. */
export async function createTerminal(deps: Deps, actor: Actor, input: CreateTerminalRequest): Promise<Terminal> {
  try {
    return await inTransaction(deps.db, async (trx) => {
      const now = deps.clock.now();
      const row = await trx
        .insertInto('terminals')
        .values({
          code: input.code,
          name: input.name,
          time_zone: input.timeZone,
          slot_minutes: input.slotMinutes,
          capacity_pickup: input.capacity.pickup,
          capacity_delivery: input.capacity.delivery,
          ...(input.horizonDays === undefined ? {} : { horizon_days: input.horizonDays }),
          ...(input.minLeadMinutes === undefined ? {} : { min_lead_minutes: input.minLeadMinutes }),
          ...(input.toleranceMinutes === undefined ? {} : { tolerance_minutes: input.toleranceMinutes }),
          hours: input.hours ? JSON.stringify(input.hours) : null,
          closed_dates: [...new Set(input.closedDates ?? [])].sort(),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'terminal.created', entityType: 'terminal', entityId: row.id, after: terminalSettings(row) }, now);
      return presentTerminal(row, now);
    });
  } catch (error) {
    throw codeTaken(error, 'terminals_code_key', 'TERMINAL_CODE_TAKEN') ?? error;
  }
}

/**
 * Changes settings. Days whose slots are already made keep their slots and capacities (the
 * terminal operator tunes those one by one); the new settings shape the days made from now on.
 */
export async function updateTerminal(deps: Deps, actor: Actor, id: string, input: UpdateTerminalRequest): Promise<Terminal> {
  try {
    return await inTransaction(deps.db, async (trx) => {
      if (!isUuid(id)) throw notFound();
      const before = await trx.selectFrom('terminals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      const now = deps.clock.now();
      const row = await trx
        .updateTable('terminals')
        .set({
          ...(input.code === undefined ? {} : { code: input.code }),
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
          ...(input.slotMinutes === undefined ? {} : { slot_minutes: input.slotMinutes }),
          ...(input.capacity?.pickup === undefined ? {} : { capacity_pickup: input.capacity.pickup }),
          ...(input.capacity?.delivery === undefined ? {} : { capacity_delivery: input.capacity.delivery }),
          ...(input.horizonDays === undefined ? {} : { horizon_days: input.horizonDays }),
          ...(input.minLeadMinutes === undefined ? {} : { min_lead_minutes: input.minLeadMinutes }),
          ...(input.toleranceMinutes === undefined ? {} : { tolerance_minutes: input.toleranceMinutes }),
          ...(input.hours === undefined ? {} : { hours: input.hours === null ? null : JSON.stringify(input.hours) }),
          ...(input.closedDates === undefined ? {} : { closed_dates: [...new Set(input.closedDates)].sort() }),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'terminal.updated', entityType: 'terminal', entityId: id, before: terminalSettings(before), after: terminalSettings(row) }, now);
      return presentTerminal(row, now);
    });
  } catch (error) {
    throw codeTaken(error, 'terminals_code_key', 'TERMINAL_CODE_TAKEN') ?? error;
  }
}

/** Every terminal with its settings; few enough that the list has no paging. */
export async function listTerminals(deps: Deps): Promise<Terminal[]> {
  const rows = await deps.db.selectFrom('terminals').selectAll().orderBy('code').execute();
  const now = deps.clock.now();
  return rows.map((row) => presentTerminal(row, now));
}

export async function getTerminal(deps: Deps, id: string): Promise<Terminal> {
  return presentTerminal(await loadTerminal(deps.db, id), deps.clock.now());
}

export async function createGate(deps: Deps, actor: Actor, terminalId: string, input: CreateGateRequest): Promise<Gate> {
  try {
    return await inTransaction(deps.db, async (trx) => {
      const terminal = await loadTerminal(trx, terminalId);
      const now = deps.clock.now();
      const row = await trx
        .insertInto('gates')
        .values({ terminal_id: terminal.id, code: input.code, name: input.name, direction: input.direction, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      const gate = presentGate(row);
      await audit(trx, actor, { action: 'gate.created', entityType: 'gate', entityId: row.id, after: gate }, now);
      return gate;
    });
  } catch (error) {
    throw codeTaken(error, 'gates_terminal_code_key', 'GATE_CODE_TAKEN') ?? error;
  }
}

export async function listGates(deps: Deps, terminalId: string): Promise<Gate[]> {
  const terminal = await loadTerminal(deps.db, terminalId);
  const rows = await deps.db.selectFrom('gates').selectAll().where('terminal_id', '=', terminal.id).orderBy('code').execute();
  return rows.map(presentGate);
}
