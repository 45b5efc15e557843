import type { CreateOperatorRequest, Operator, Permission, UpdateOperatorRequest } from '@cargo-window/contracts';
import { createOperatorRequest, effectivePermissions } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { PERMISSIONS_CHANGED, publish } from '../../platform/events.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { revokeSessionsOf } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { assertUsernameFree, duplicateFromConstraint } from './register-enterprise.ts';
import { presentOperator } from './presenters.ts';

type CreateOperator = ReturnType<typeof createOperatorRequest.parse>;

/** Operators of the administrator's own enterprise, oldest first (the list is short: no paging). */
export async function listOperators(deps: Deps, actor: Actor): Promise<Operator[]> {
  const rows = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('role', '=', 'operator')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(presentOperator);
}

export async function createOperator(deps: Deps, actor: Actor, input: CreateOperator | CreateOperatorRequest): Promise<Operator> {
  const data = createOperatorRequest.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await inTransaction(deps.db, async (trx) => {
      await assertUsernameFree(trx, data.username, 'username');
      const now = deps.clock.now();
      const row = await trx
        .insertInto('users')
        .values({
          username: data.username,
          password_hash: passwordHash,
          name: data.name,
          phone: data.phone,
          role: 'operator',
          enterprise_id: actor.enterpriseId,
          permissions: uniquePermissions(data.permissions),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const operator = presentOperator(row);
      await audit(trx, actor, { action: 'operator.created', entityType: 'user', entityId: row.id, after: { username: operator.username, permissions: operator.permissions } }, now);
      return operator;
    });
  } catch (error) {
    throw duplicateFromConstraint(error, 'username') ?? error;
  }
}

async function loadOperatorForUpdate(db: Db, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound();
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('role', '=', 'operator')
    .where('enterprise_id', '=', actor.enterpriseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** 编辑 → 勾选应用 → 确认. Takes effect on the operator's next request: permissions are read per request. */
export async function updateOperator(deps: Deps, actor: Actor, id: string, input: UpdateOperatorRequest): Promise<Operator> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(deps.db, async (trx) => {
    const before = await loadOperatorForUpdate(trx, actor, id);
    const now = deps.clock.now();
    const row = await trx
      .updateTable('users')
      .set({
        ...(input.permissions ? { permissions: uniquePermissions(input.permissions) } : {}),
        ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
        ...(passwordHash ? { password_hash: passwordHash, failed_logins: 0, locked_until: null } : {}),
        updated_at: now,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.disabled) {
      await revokeSessionsOf(trx, now, row.id);
    } else if (!samePermissions(before.permissions, row.permissions)) {
      await publish(trx, { type: PERMISSIONS_CHANGED, userIds: [row.id], data: { permissions: effectivePermissions('operator', row.permissions as Permission[]) } });
    }
    await audit(
      trx,
      actor,
      {
        action: 'operator.updated',
        entityType: 'user',
        entityId: row.id,
        before: { permissions: before.permissions, disabled: before.disabled },
        after: { permissions: row.permissions, disabled: row.disabled, passwordChanged: Boolean(passwordHash) },
      },
      now,
    );
    return presentOperator(row);
  });
}

function samePermissions(a: readonly string[], b: readonly string[]): boolean {
  return new Set(a).size === new Set(b).size && a.every((p) => b.includes(p));
}

function uniquePermissions(list: readonly Permission[]): Permission[] {
  return [...new Set(list)];
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
