import { sql } from 'kysely';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';

import type { LoginResponse } from '@cargo-window/contracts';

import { anonymousActor, type Actor } from '../../../platform/actor.ts';
import { audit } from '../../../platform/audit.ts';
import type { Deps } from '../../../platform/deps.ts';
import { AppError } from '../../../platform/errors.ts';
import { createSession } from '../../../platform/sessions.ts';
import { inTransaction } from '../../../platform/transaction.ts';
import { presentUser } from '../presenters.ts';
import { CEREMONY_TIMEOUT_MS, consumeChallenge, storeChallenge } from './challenges.ts';
import { webauthnLibrary } from './library.ts';
import type { RelyingParty } from './relying-party.ts';
import { activeKeysOf, transportsOf } from './security-keys.ts';

/**
 * 卡介质登录, step 1: request options. With a username, the person's active keys are the allowed
 * credentials (and only they may answer); without one, the authenticator offers its discoverable
 * credentials for this site.
 */
export async function loginOptions(deps: Deps, rp: RelyingParty, input: { username?: string }) {
  const username = input.username?.trim() ?? '';
  let userId: string | null = null;
  let allowCredentials: { id: string; transports: ReturnType<typeof transportsOf> }[] = [];
  if (username) {
    const user = await deps.db.selectFrom('users').select(['id']).where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
    const keys = user ? await activeKeysOf(deps.db, user.id) : [];
    // An unknown name and a name without a card read the same.
    if (!user || keys.length === 0) throw new AppError('SECURITY_KEY_UNKNOWN');
    userId = user.id;
    allowCredentials = keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) }));
  }
  const { generateAuthenticationOptions } = await webauthnLibrary();
  const options = await generateAuthenticationOptions({ rpID: rp.id, allowCredentials, userVerification: 'required', timeout: CEREMONY_TIMEOUT_MS });
  const challengeId = await storeChallenge(deps.db, deps.clock, { challenge: options.challenge, userId, purpose: 'login' });
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

/**
 * 卡介质登录, step 2: verify the signature with the stored public key, then open a session exactly
 * as the password login does. The challenge is gone after this call, whatever its outcome.
 */
export async function cardLogin(
  deps: Deps,
  rp: RelyingParty,
  input: { challengeId: string; response: Record<string, unknown>; ip: string | null; userAgent: string | null },
): Promise<LoginResponse> {
  const response = input.response as unknown as AuthenticationResponseJSON;
  // Loaded before the transaction: its first load must not hold a connection.
  const { verifyAuthenticationResponse, isoBase64URL } = await webauthnLibrary();
  const outcome = await inTransaction(deps.db, async (trx): Promise<{ result: LoginResponse } | { error: AppError }> => {
    const challenge = await consumeChallenge(trx, deps.clock, input.challengeId, 'login');
    if (!challenge) return { error: new AppError('CHALLENGE_EXPIRED') };
    const key = await trx
      .selectFrom('security_keys')
      .selectAll()
      .where('credential_id', '=', response.id)
      .forUpdate()
      .executeTakeFirst();
    if (!key || key.revoked_at) return { error: new AppError('SECURITY_KEY_UNKNOWN') };
    // Options asked for one person's keys: another person's key does not answer them.
    if (challenge.user_id && challenge.user_id !== key.user_id) return { error: new AppError('SECURITY_KEY_UNKNOWN') };

    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: key.credential_id, publicKey: isoBase64URL.toBuffer(key.public_key), counter: Number(key.counter), transports: transportsOf(key.transports) },
        requireUserVerification: true,
      });
    } catch (error) {
      return { error: new AppError('SECURITY_KEY_INVALID', (error as Error).message) };
    }
    if (!verified.verified) return { error: new AppError('SECURITY_KEY_INVALID') };
    // A discoverable credential names its person too: it must be the key's.
    const handle = response.response.userHandle;
    if (handle && userHandleOf(isoBase64URL, handle) !== key.user_id) return { error: new AppError('SECURITY_KEY_INVALID', 'the user handle does not match the key') };

    const user = await trx.selectFrom('users').selectAll().where('id', '=', key.user_id).executeTakeFirstOrThrow();
    if (user.disabled) return { error: new AppError('ACCOUNT_DISABLED') };

    const now = deps.clock.now();
    await trx.updateTable('security_keys').set({ counter: verified.authenticationInfo.newCounter, last_used_at: now }).where('id', '=', key.id).execute();
    const actor: Actor = { ...anonymousActor(input.ip), userId: user.id, username: user.username, role: user.role, enterpriseId: user.enterprise_id };
    const session = await createSession(trx, deps.clock, { userId: user.id, ttlMs: deps.config.sessionTtlMs, ip: input.ip, userAgent: input.userAgent });
    await audit(
      trx,
      actor,
      { action: 'session.created', entityType: 'session', entityId: session.sessionId, after: { userAgent: input.userAgent, method: 'security_key', securityKeyId: key.id, securityKeyName: key.name } },
      now,
    );
    return { result: { token: session.token, expiresAt: session.expiresAt.toISOString(), user: presentUser(user) } };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}

function userHandleOf(isoBase64URL: { toUTF8String(value: string): string }, handle: string): string | null {
  try {
    return isoBase64URL.toUTF8String(handle);
  } catch {
    return null;
  }
}
