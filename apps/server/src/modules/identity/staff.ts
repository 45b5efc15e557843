import { sql } from 'kysely';

import type { CreateStaffRequest } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { assertUsernameFree, duplicateFromConstraint } from './register-enterprise.ts';
import { presentUser } from './presenters.ts';
import { isUuid } from './operators.ts';

/** The platform administrator creates reviewers, terminal operators and gate officers. */
export async function createStaff(deps: Deps, actor: Actor, input: CreateStaffRequest) {
  const needsTerminal = input.role === 'terminal_operator';
  if (needsTerminal && !input.terminalId) {
    throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'terminalId', code: 'REQUIRED', message: 'REQUIRED' }] });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const terminalId = input.terminalId ?? null;
      if (terminalId) {
        const terminal = isUuid(terminalId) ? await trx.selectFrom('terminals').select('id').where('id', '=', terminalId).executeTakeFirst() : undefined;
        if (!terminal) throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'terminalId', code: 'TERMINAL_UNKNOWN', message: 'TERMINAL_UNKNOWN' }] });
      }
      await assertUsernameFree(trx, input.username, 'username');
      const now = deps.clock.now();
      const row = await trx
        .insertInto('users')
        .values({
          username: input.username,
          password_hash: passwordHash,
          name: input.name,
          role: input.role,
          terminal_id: terminalId,
          permissions: [],
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'user.created', entityType: 'user', entityId: row.id, after: { username: row.username, role: row.role, terminalId } }, now);
      return { ...presentUser(row), disabled: row.disabled, createdAt: row.created_at.toISOString() };
    });
  } catch (error) {
    throw duplicateFromConstraint(error, 'username') ?? error;
  }
}

export async function listStaff(deps: Deps) {
  const rows = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('enterprise_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...presentUser(row), disabled: row.disabled, createdAt: row.created_at.toISOString() }));
}

/**
 * Creates the platform administrator from configuration when none exists. Two servers starting
 * together may both try; the unique username makes the second a no-op.
 */
export async function bootstrapPlatformAdmin(deps: Deps, account: { username: string; password: string }): Promise<boolean> {
  const existing = await deps.db.selectFrom('users').select('id').where('role', '=', 'platform_admin').executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(account.password);
  const now = deps.clock.now();
  const inserted = await inTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ username: account.username, password_hash: passwordHash, name: '平台管理员', role: 'platform_admin', permissions: [], created_at: now, updated_at: now })
      .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) await audit(trx, null, { action: 'user.bootstrapped', entityType: 'user', entityId: row.id, after: { username: account.username, role: 'platform_admin' } }, now);
    return row;
  });
  return Boolean(inserted);
}
