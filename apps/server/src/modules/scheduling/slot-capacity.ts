import type { Slot, UpdateCapacityRequest } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';
import { notice, notify } from '../notifications/index.ts';
import { publishSlots } from './appointment-records.ts';
import { presentSlot, terminalSettings, type SlotRow, type TerminalSettings } from './presenters.ts';
import { ensureDays } from './slots.ts';
import { loadTerminal } from './terminals.ts';
import { dateTimeText } from './time-zone.ts';

/** A terminal operator runs its own terminal only; any other is "not found". */
export const runsTerminal = (actor: Actor, terminalId: string): boolean => actor.role === 'terminal_operator' && actor.terminalId === terminalId;

async function loadOwnTerminal(db: Db, actor: Actor, terminalId: string): Promise<TerminalSettings> {
  if (!runsTerminal(actor, terminalId)) throw notFound();
  return terminalSettings(await loadTerminal(db, terminalId));
}

function belowBooked(rows: readonly SlotRow[]): AppError {
  const booked = {
    pickup: Math.max(0, ...rows.map((row) => row.booked_pickup)),
    delivery: Math.max(0, ...rows.map((row) => row.booked_delivery)),
  };
  return new AppError('CAPACITY_BELOW_BOOKED', undefined, { extensions: { booked, slotIds: rows.map((row) => row.id) } });
}

/** Enterprises holding places in these slots hear about it: their slot's capacity changed. */
async function notifyHolders(trx: Db, terminal: TerminalSettings, slots: readonly SlotRow[], at: Date): Promise<void> {
  if (slots.length === 0) return;
  const holders = await trx
    .selectFrom('appointments')
    .select('enterprise_id')
    .distinct()
    .where('slot_id', 'in', slots.map((slot) => slot.id))
    .where('status', 'in', ['submitted', 'booked'])
    .execute();
  const first = slots[0];
  const when = slots.length === 1 ? dateTimeText(first.start_at, terminal.timeZone) : first.local_date;
  for (const { enterprise_id: enterpriseId } of holders) {
    await notify(trx, {
      enterpriseId,
      ...notice('slot.capacity_changed', { terminalName: terminal.name, when }, { terminalId: terminal.id, slotIds: slots.map((slot) => slot.id) }),
      at,
    });
  }
}

/**
 * One slot's capacity, raised or lowered but never below what is booked: the conditional UPDATE
 * refuses it in the database, so a booking racing the change cannot end up over capacity.
 */
export async function changeSlotCapacity(deps: Deps, actor: Actor, terminalId: string, slotId: string, input: UpdateCapacityRequest): Promise<Slot> {
  const terminal = await loadOwnTerminal(deps.db, actor, terminalId);
  if (!isUuid(slotId)) throw notFound();
  return inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('slots').selectAll().where('id', '=', slotId).where('terminal_id', '=', terminal.id).forUpdate().executeTakeFirst();
    if (!before) throw notFound();
    const pickup = input.capacity.pickup ?? before.capacity_pickup;
    const delivery = input.capacity.delivery ?? before.capacity_delivery;
    const row = await trx
      .updateTable('slots')
      .set({ capacity_pickup: pickup, capacity_delivery: delivery })
      .where('id', '=', before.id)
      .where('booked_pickup', '<=', pickup)
      .where('booked_delivery', '<=', delivery)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw belowBooked([before]);
    const now = deps.clock.now();
    await audit(
      trx,
      actor,
      {
        action: 'slot.capacity_changed',
        entityType: 'slot',
        entityId: row.id,
        before: { pickup: before.capacity_pickup, delivery: before.capacity_delivery },
        after: { pickup: row.capacity_pickup, delivery: row.capacity_delivery },
      },
      now,
    );
    await notifyHolders(trx, terminal, [row], now);
    await publishSlots(trx, [row]);
    return presentSlot(row, terminal, now);
  });
}

/** Every slot of one day at once: all or none, refused if any slot holds more than the new capacity. */
export async function changeDayCapacity(deps: Deps, actor: Actor, terminalId: string, date: string, input: UpdateCapacityRequest): Promise<{ items: Slot[]; next: null }> {
  const terminal = await loadOwnTerminal(deps.db, actor, terminalId);
  const now = deps.clock.now();
  await ensureDays(deps.db, terminal, [date], now);
  return inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('slots').selectAll().where('terminal_id', '=', terminal.id).where('local_date', '=', date).orderBy('start_at').forUpdate().execute();
    if (before.length === 0) throw notFound();
    const { pickup, delivery } = input.capacity;
    let update = trx
      .updateTable('slots')
      .set((eb) => ({
        capacity_pickup: pickup ?? eb.ref('capacity_pickup'),
        capacity_delivery: delivery ?? eb.ref('capacity_delivery'),
      }))
      .where('terminal_id', '=', terminal.id)
      .where('local_date', '=', date);
    if (pickup !== undefined) update = update.where('booked_pickup', '<=', pickup);
    if (delivery !== undefined) update = update.where('booked_delivery', '<=', delivery);
    const rows = await update.returningAll().execute();
    if (rows.length !== before.length) {
      const updated = new Set(rows.map((row) => row.id));
      throw belowBooked(before.filter((row) => !updated.has(row.id)));
    }
    await audit(
      trx,
      actor,
      {
        action: 'slot.day_capacity_changed',
        entityType: 'terminal',
        entityId: terminal.id,
        before: { date, slots: before.map((row) => ({ id: row.id, pickup: row.capacity_pickup, delivery: row.capacity_delivery })) },
        after: { date, pickup: pickup ?? null, delivery: delivery ?? null },
      },
      now,
    );
    rows.sort((a, b) => a.start_at.getTime() - b.start_at.getTime());
    await notifyHolders(trx, terminal, rows, now);
    await publishSlots(trx, rows);
    return { items: rows.map((row) => presentSlot(row, terminal, now)), next: null };
  });
}
