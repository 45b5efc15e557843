import { createHash, randomBytes } from 'node:crypto';

import type { CompiledQuery } from 'kysely';

import { effectivePermissions, type Permission } from '@cargo-window/contracts';

import type { Actor } from './actor.ts';
import { anyOf } from './any-of.ts';
import { batchedLookups } from './batch-queue.ts';
import { queryBuilder, shapedQuery } from './query-shapes.ts';
import { SharedReads } from './shared-reads.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import { publish, SESSIONS_ENDED } from './events.ts';

export const SESSION_COOKIE = 'cw_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(prefix = 'cws'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export async function createSession(
  db: Db,
  clock: Clock,
  input: { userId: string; ttlMs: number; ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

export type SessionLookup = { actor: Actor } | { error: 'SESSION_EXPIRED' | 'UNAUTHENTICATED' | 'ACCOUNT_DISABLED' };

type SessionRow = ReturnType<typeof sessionsByHash> extends CompiledQuery<infer R> ? R : never;

/** Session lookups in flight at once (each holds one database connection). */
const LOOKUP_BATCHES = 2;
/** Tokens looked up by one query at most. */
const LOOKUP_BATCH_SIZE = 64;

/** Sessions of token hashes, looked up in batches (one statement a batch). */
const sessionBatches = batchedLookups({ maxBatches: LOOKUP_BATCHES, maxSize: LOOKUP_BATCH_SIZE, load: loadSessions });
/** Per database: the lookups of one token, shared while waiting. */
const byToken = new WeakMap<Db, SharedReads<SessionRow | undefined>>();

/**
 * Sessions are looked up in batches: requests that arrive while lookups are running share the
 * next query, so a burst of requests costs a few queries, not one each. A lookup on a quiet system
 * goes at once, alone; each query starts after its requests arrived, so none is answered from an
 * older read. Requests with the same token (a browser's requests as a page opens, a client's
 * connections) also share one place in the batch (`SharedReads`).
 */
function lookupSession(db: Db, hash: string): Promise<SessionRow | undefined> {
  let shared = byToken.get(db);
  if (!shared) {
    shared = new SharedReads();
    byToken.set(db, shared);
  }
  return shared.read(hash, () => sessionBatches(db, hash));
}

/** The sessions of these token hashes, each with its user (built once: `shapedQuery`). */
export const sessionsByHash = shapedQuery((v: { hashes: readonly string[] }) =>
  queryBuilder
    .selectFrom('sessions as s')
    // Each session's user by its key (a lateral subquery the planner cannot turn into a join): the
    // plan kept for every call (`anyOf`) must not hash all users for a token or two.
    .innerJoinLateral(
      (eb) => eb.selectFrom('users as u').selectAll('u').whereRef('u.id', '=', 's.user_id').limit(1).as('u'),
      (join) => join.onTrue(),
    )
    .select([
      's.token_hash',
      's.id as sessionId',
      's.expires_at',
      's.revoked_at',
      's.last_seen_at',
      'u.id as userId',
      'u.username',
      'u.name',
      'u.role',
      'u.enterprise_id',
      'u.terminal_id',
      'u.permissions',
      'u.disabled',
    ])
    .where('s.token_hash', '=', anyOf(v.hashes, 'text')),
);

async function loadSessions(db: Db, hashes: readonly string[]): Promise<(SessionRow | undefined)[]> {
  const { rows } = await db.executeQuery(sessionsByHash({ hashes }));
  const byHash = new Map(rows.map((row) => [row.token_hash, row]));
  return hashes.map((hash) => byHash.get(hash));
}

/** Finds the live session of a token with its user; permissions are read fresh every time. */
export async function resolveSession(db: Db, clock: Clock, token: string, ip: string | null): Promise<SessionLookup> {
  const row = await lookupSession(db, hashToken(token));
  if (!row || row.revoked_at) return { error: 'UNAUTHENTICATED' };
  const now = clock.now();
  if (row.expires_at.getTime() <= now.getTime()) return { error: 'SESSION_EXPIRED' };
  if (row.disabled) return { error: 'ACCOUNT_DISABLED' };
  // Touch at most once a minute: a list page's burst of requests should not write every time.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now, ip }).where('id', '=', row.sessionId).execute();
  }
  return {
    actor: {
      userId: row.userId,
      username: row.username,
      name: row.name,
      role: row.role,
      enterpriseId: row.enterprise_id,
      terminalId: row.terminal_id,
      permissions: effectivePermissions(row.role, row.permissions as Permission[]),
      sessionId: row.sessionId,
      ip,
      expiresAt: row.expires_at,
    },
  };
}

/** Ends a session (logout, or ended from the account's session list); its open live streams close once this commits. */
export async function revokeSession(db: Db, clock: Clock, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
  await publish(db, { type: SESSIONS_ENDED, data: { sessionId } });
}

/** Ends a person's sessions but one (修改密码 keeps the session it came from); returns how many ended. */
export async function revokeOtherSessionsOf(db: Db, now: Date, userId: string, keepSessionId: string): Promise<number> {
  const ended = await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).where('id', '<>', keepSessionId).returning('id').execute();
  for (const session of ended) await publish(db, { type: SESSIONS_ENDED, data: { sessionId: session.id } });
  return ended.length;
}

/** Ends every session of a person (an operator disabled); their open live streams close once this commits (those of their tokens too). */
export async function revokeSessionsOf(db: Db, now: Date, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await publish(db, { type: SESSIONS_ENDED, data: { userId } });
}
