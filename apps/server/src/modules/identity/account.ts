import type { ChangePasswordRequest, PasswordChanged, Permission } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { API_TOKEN_PREFIX } from '../../platform/api-tokens.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { publish, SESSIONS_ENDED } from '../../platform/events.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { hashToken, newToken, revokeOtherSessionsOf, revokeSession } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { isUuid } from './operators.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  permissions: Permission[];
  expiresAt: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function present(row: { id: string; name: string; permissions: string[]; expires_at: Date; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions as Permission[],
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Managing tokens and sessions needs a person at a browser or client, not another token. */
export function requireSession(actor: Actor): void {
  if (!actor.sessionId) throw new AppError('FORBIDDEN', 'a personal access token cannot manage tokens or sessions');
}

/** The operator of the administrator's enterprise a token is made for, or the actor itself. */
async function tokenOwner(db: Db, actor: Actor, operatorId: string | null): Promise<{ id: string; permissions: Permission[] }> {
  if (!operatorId) return { id: actor.userId, permissions: actor.permissions };
  if (!isUuid(operatorId)) throw notFound();
  const row = await db.selectFrom('users').select(['id', 'permissions']).where('id', '=', operatorId).where('role', '=', 'operator').where('enterprise_id', '=', actor.enterpriseId).executeTakeFirst();
  if (!row) throw notFound();
  return { id: row.id, permissions: row.permissions as Permission[] };
}

/** Creates a token, scoped to permissions its owner holds; the secret is answered once, stored hashed. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { name: string; permissions: Permission[]; expiresInDays: number; operatorId?: string },
): Promise<ApiTokenView & { token: string }> {
  requireSession(actor);
  const owner = await tokenOwner(deps.db, actor, input.operatorId ?? null);
  const outside = input.permissions.filter((p) => !owner.permissions.includes(p));
  if (outside.length > 0) {
    throw new AppError('VALIDATION', undefined, { fieldErrors: outside.map((p) => ({ field: `permissions.${input.permissions.indexOf(p)}`, code: 'PERMISSION_NOT_HELD', message: 'PERMISSION_NOT_HELD' })) });
  }
  const token = newToken(API_TOKEN_PREFIX);
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: owner.id,
        created_by: actor.userId,
        name: input.name,
        token_hash: hashToken(token),
        permissions: [...new Set(input.permissions)],
        expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'api_token.created', entityType: 'api_token', entityId: row.id, after: { owner: owner.id, name: row.name, permissions: row.permissions, expiresAt: row.expires_at.toISOString() } }, now);
    return { ...present(row), token };
  });
}

export async function listApiTokens(deps: Deps, actor: Actor, operatorId?: string): Promise<ApiTokenView[]> {
  const owner = await tokenOwner(deps.db, actor, operatorId ?? null);
  const rows = await deps.db.selectFrom('api_tokens').selectAll().where('user_id', '=', owner.id).orderBy('created_at', 'desc').execute();
  return rows.map(present);
}

/** Revokes one of the actor's tokens, or (administrator) one of its operators'. */
export async function revokeApiToken(deps: Deps, actor: Actor, tokenId: string): Promise<void> {
  requireSession(actor);
  if (!isUuid(tokenId)) throw notFound();
  await inTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.user_id', 't.revoked_at', 'u.enterprise_id', 'u.role'])
      .where('t.id', '=', tokenId)
      .forUpdate()
      .executeTakeFirst();
    const mine = row?.user_id === actor.userId;
    const myOperators = row && actor.role === 'admin' && row.role === 'operator' && row.enterprise_id === actor.enterpriseId;
    if (!row || !(mine || myOperators)) throw notFound();
    if (row.revoked_at) return;
    const now = deps.clock.now();
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', row.id).execute();
    await audit(trx, actor, { action: 'api_token.revoked', entityType: 'api_token', entityId: row.id }, now);
    // A live stream the token opened ends with it.
    await publish(trx, { type: SESSIONS_ENDED, data: { apiTokenId: row.id } });
  });
}

/** 会话管理: the person's live sessions, the current one marked. */
export async function listSessions(deps: Deps, actor: Actor) {
  const now = deps.clock.now();
  const rows = await deps.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === actor.sessionId,
  }));
}

export async function endSession(deps: Deps, actor: Actor, sessionId: string): Promise<void> {
  requireSession(actor);
  if (!isUuid(sessionId)) throw notFound();
  await inTransaction(deps.db, async (trx) => {
    const row = await trx.selectFrom('sessions').select(['id']).where('id', '=', sessionId).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!row) throw notFound();
    await revokeSession(trx, deps.clock, row.id);
    await audit(trx, actor, { action: 'session.revoked', entityType: 'session', entityId: row.id });
  });
}

/**
 * 修改密码: the person's own, given the current one. Their other sessions end (a device they do not
 * know among them, as 会话管理 advises), their open pages leaving for the login; this one stays.
 * Their personal access tokens are credentials of their own and stay.
 */
export async function changePassword(deps: Deps, actor: Actor, input: ChangePasswordRequest): Promise<PasswordChanged> {
  requireSession(actor);
  return inTransaction(deps.db, async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'password_hash']).where('id', '=', actor.userId).forUpdate().executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.currentPassword, user.password_hash))) throw fieldError('currentPassword', 'PASSWORD_WRONG');
    if (input.newPassword === input.currentPassword) throw fieldError('newPassword', 'PASSWORD_UNCHANGED');
    const now = deps.clock.now();
    await trx.updateTable('users').set({ password_hash: await hashPassword(input.newPassword), failed_logins: 0, locked_until: null, updated_at: now }).where('id', '=', user.id).execute();
    const endedSessions = await revokeOtherSessionsOf(trx, now, user.id, actor.sessionId!);
    await audit(trx, actor, { action: 'user.password_changed', entityType: 'user', entityId: user.id, after: { endedSessions } }, now);
    return { endedSessions };
  });
}
