import { sql } from 'kysely';

import type { LoginResponse } from '@cargo-window/contracts';

import { anonymousActor, type Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { decoyHash, verifyPassword } from '../../platform/passwords.ts';
import { createSession, revokeSession } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { presentUser } from './presenters.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** Failures past the second slow every further answer down: 250 ms, 500 ms, ... up to 4 s. */
export function failureDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(250 * 2 ** (failures - 3), 4000);
}

export async function login(
  deps: Deps,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResponse> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', input.username.toLowerCase())
    .executeTakeFirst();
  if (!user) {
    await verifyPassword(input.password, await decoyHash());
    throw new AppError('INVALID_CREDENTIALS');
  }
  const now = deps.clock.now();
  if (user.locked_until && user.locked_until > now) throw locked(user.locked_until, now);

  if (!(await verifyPassword(input.password, user.password_hash))) {
    const failed = await recordFailure(deps, user.id, input.ip, now);
    await deps.sleep(failureDelayMs(failed.failures));
    if (failed.lockedUntil) throw locked(failed.lockedUntil, now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');

  const actor: Actor = { ...anonymousActor(input.ip), userId: user.id, username: user.username, role: user.role, enterpriseId: user.enterprise_id };
  const session = await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    const created = await createSession(trx, deps.clock, { userId: user.id, ttlMs: deps.config.sessionTtlMs, ip: input.ip, userAgent: input.userAgent });
    await audit(trx, actor, { action: 'session.created', entityType: 'session', entityId: created.sessionId, after: { userAgent: input.userAgent } }, now);
    return created;
  });
  return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: presentUser(user) };
}

function locked(until: Date, now: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', undefined, {
    extensions: { lockedUntil: until.toISOString(), retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000) },
  });
}

/** Counts a failure atomically; a lock that has run out starts the count again. */
async function recordFailure(deps: Deps, userId: string, ip: string | null, now: Date): Promise<{ failures: number; lockedUntil: Date | null }> {
  return inTransaction(deps.db, async (trx) => {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const row = await trx
      .updateTable('users')
      .set({
        failed_logins: sql<number>`case when locked_until is not null and locked_until <= ${now} then 1 else failed_logins + 1 end`,
      })
      .where('id', '=', userId)
      .returning(['failed_logins', 'username', 'enterprise_id'])
      .executeTakeFirstOrThrow();
    let lockedUntil: Date | null = null;
    if (row.failed_logins >= LOCK_AFTER_FAILURES) {
      lockedUntil = lockUntil;
      await trx.updateTable('users').set({ locked_until: lockUntil, failed_logins: 0 }).where('id', '=', userId).execute();
      await audit(
        trx,
        { ...anonymousActor(ip), userId, username: row.username, enterpriseId: row.enterprise_id },
        { action: 'user.locked', entityType: 'user', entityId: userId, after: { lockedUntil: lockUntil.toISOString() } },
        now,
      );
    }
    return { failures: row.failed_logins, lockedUntil };
  });
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await inTransaction(deps.db, async (trx) => {
    await revokeSession(trx, deps.clock, sessionId);
    await audit(trx, actor, { action: 'session.revoked', entityType: 'session', entityId: sessionId });
  });
}
