import { effectivePermissions, type Permission } from '@cargo-window/contracts';

import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { SessionLookup } from './sessions.ts';
import { hashToken } from './sessions.ts';

export const API_TOKEN_PREFIX = 'cwt';

/**
 * A personal access token acts as its owner, narrowed to the token's scope: the permissions it
 * was given that the owner still holds now (a revoked grant narrows every token at once).
 */
export async function resolveApiToken(db: Db, clock: Clock, token: string, ip: string | null): Promise<SessionLookup> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 't.permissions as scope', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.id as userId', 'u.username', 'u.name', 'u.role', 'u.enterprise_id', 'u.terminal_id', 'u.permissions', 'u.disabled'])
    .where('t.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return { error: 'UNAUTHENTICATED' };
  const now = clock.now();
  if (row.expires_at.getTime() <= now.getTime()) return { error: 'SESSION_EXPIRED' };
  if (row.disabled) return { error: 'ACCOUNT_DISABLED' };
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tokenId).execute();
  }
  const held = effectivePermissions(row.role, row.permissions as Permission[]);
  return {
    actor: {
      userId: row.userId,
      username: row.username,
      name: row.name,
      role: row.role,
      enterpriseId: row.enterprise_id,
      terminalId: row.terminal_id,
      permissions: withinScope(held, row.scope as Permission[]),
      sessionId: null,
      ip,
      apiTokenId: row.tokenId,
      apiTokenScope: row.scope as Permission[],
      expiresAt: row.expires_at,
    },
  };
}

/** The permissions a token acts with: its owner's, narrowed to its scope. */
export function withinScope(held: readonly Permission[], scope: readonly Permission[]): Permission[] {
  return held.filter((p) => scope.includes(p));
}
