import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { hashToken, newToken } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from '../identity/index.ts';

/** What a device token stands for: one lane of one terminal, in one direction. */
export interface GateDevice {
  deviceId: string;
  deviceName: string;
  gateId: string;
  gateCode: string;
  terminalId: string;
  direction: 'in' | 'out';
  toleranceMinutes: number;
}

/** Registers a device on a lane. The token is answered once; only its hash is kept. */
export async function createGateDevice(deps: Deps, actor: Actor, gateId: string, name: string): Promise<{ id: string; gateId: string; name: string; token: string; createdAt: string }> {
  if (!isUuid(gateId)) throw notFound();
  const token = newToken('cwd');
  return inTransaction(deps.db, async (trx) => {
    const gate = await trx.selectFrom('gates').select(['id', 'terminal_id']).where('id', '=', gateId).executeTakeFirst();
    if (!gate) throw notFound();
    const now = deps.clock.now();
    const row = await trx
      .insertInto('gate_devices')
      .values({ gate_id: gate.id, terminal_id: gate.terminal_id, name, token_hash: hashToken(token), created_at: now })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'gate_device.created', entityType: 'gate_device', entityId: row.id, after: { gateId, name } }, now);
    return { id: row.id, gateId: gate.id, name, token, createdAt: row.created_at.toISOString() };
  });
}

export async function revokeGateDevice(deps: Deps, actor: Actor, deviceId: string): Promise<void> {
  if (!isUuid(deviceId)) throw notFound();
  await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const row = await trx.updateTable('gate_devices').set({ revoked_at: now }).where('id', '=', deviceId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('gate_devices').select('id').where('id', '=', deviceId).executeTakeFirst();
      if (!exists) throw notFound();
      return;
    }
    await audit(trx, actor, { action: 'gate_device.revoked', entityType: 'gate_device', entityId: deviceId }, now);
  });
}

export async function listGateDevices(db: Db, gateId: string) {
  if (!isUuid(gateId)) throw notFound();
  const gate = await db.selectFrom('gates').select('id').where('id', '=', gateId).executeTakeFirst();
  if (!gate) throw notFound();
  const rows = await db.selectFrom('gate_devices').select(['id', 'name', 'created_at', 'last_seen_at', 'revoked_at']).where('gate_id', '=', gateId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), lastSeenAt: r.last_seen_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null }));
}
