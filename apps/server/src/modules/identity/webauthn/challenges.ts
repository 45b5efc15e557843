import type { Selectable } from 'kysely';

import type { Clock } from '../../../platform/clock.ts';
import type { WebauthnChallengesTable } from '../../../platform/db-schema.ts';
import type { Db } from '../../../platform/db.ts';
import { isUuid } from '../operators.ts';

/** How long a ceremony may take, from options to answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** What the browser is told to wait for (the challenge outlives it, so a slow answer still finds it). */
export const CEREMONY_TIMEOUT_MS = 2 * 60_000;

export type ChallengeRow = Selectable<WebauthnChallengesTable>;

/**
 * Stores a challenge; any server instance may receive the answer. Old ones are swept on the way:
 * a challenge nobody answered is useless once expired.
 */
export async function storeChallenge(db: Db, clock: Clock, input: { challenge: string; userId: string | null; purpose: 'register' | 'login' }): Promise<string> {
  const now = clock.now();
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<', now).execute();
  const row = await db
    .insertInto('webauthn_challenges')
    .values({ challenge: input.challenge, user_id: input.userId, purpose: input.purpose, created_at: now, expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes a challenge out of the store (call it in the verifying transaction): each is answered at
 * most once, whatever the outcome. Null when unknown, used, expired or of another purpose.
 */
export async function consumeChallenge(db: Db, clock: Clock, id: string, purpose: 'register' | 'login'): Promise<ChallengeRow | null> {
  if (!isUuid(id)) return null;
  const row = await db.deleteFrom('webauthn_challenges').where('id', '=', id).where('purpose', '=', purpose).returningAll().executeTakeFirst();
  if (!row || row.expires_at.getTime() <= clock.now().getTime()) return null;
  return row;
}
