import type { AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';

import type { SecurityKey, SecurityKeyKind } from '@cargo-window/contracts';

import type { Actor } from '../../../platform/actor.ts';
import { audit } from '../../../platform/audit.ts';
import type { Deps } from '../../../platform/deps.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, fieldError, notFound } from '../../../platform/errors.ts';
import { uniqueViolation } from '../../../platform/pg-errors.ts';
import { inTransaction } from '../../../platform/transaction.ts';
import { requireSession } from '../account.ts';
import { isUuid } from '../operators.ts';
import { CEREMONY_TIMEOUT_MS, consumeChallenge, storeChallenge } from './challenges.ts';
import { webauthnLibrary } from './library.ts';
import type { RelyingParty } from './relying-party.ts';

export const KNOWN_TRANSPORTS: readonly AuthenticatorTransportFuture[] = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

/** The transports a browser reported, keeping the known ones: the answer is the client's word, whatever its shape. */
export const transportsOf = (values: unknown): AuthenticatorTransportFuture[] =>
  Array.isArray(values) ? [...new Set(values.filter((t): t is AuthenticatorTransportFuture => (KNOWN_TRANSPORTS as readonly unknown[]).includes(t)))] : [];

interface KeyOwner {
  id: string;
  username: string;
  name: string;
}

/**
 * The person a key is bound to: the administrator itself, or one of its enterprise's operators.
 * Anything else, another enterprise's user included, is "not found".
 */
async function keyOwner(db: Db, actor: Actor, userId: string | undefined): Promise<KeyOwner> {
  const id = userId ?? actor.userId;
  if (!isUuid(id) || !actor.enterpriseId) throw notFound();
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'name', 'role'])
    .where('id', '=', id)
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('role', 'in', ['admin', 'operator'])
    .executeTakeFirst();
  if (!row) throw notFound();
  return { id: row.id, username: row.username, name: row.name };
}

/** A person's keys in use: what registration excludes and login allows. */
export async function activeKeysOf(db: Db, userId: string) {
  return db.selectFrom('security_keys').select(['credential_id', 'transports']).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Names tell a person's keys apart in the list: one active key per name and person. */
async function nameTaken(db: Db, userId: string, name: string): Promise<boolean> {
  const row = await db.selectFrom('security_keys').select('id').where('user_id', '=', userId).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return Boolean(row);
}

const nameTakenError = () => fieldError('name', 'SECURITY_KEY_NAME_TAKEN');

/** 绑定卡介质, step 1: creation options (user verification required, discoverable preferred). */
export async function registrationOptions(deps: Deps, actor: Actor, rp: RelyingParty, input: { userId?: string; name: string; kind: SecurityKeyKind }) {
  requireSession(actor);
  const owner = await keyOwner(deps.db, actor, input.userId);
  if (await nameTaken(deps.db, owner.id, input.name)) throw nameTakenError();
  const existing = await activeKeysOf(deps.db, owner.id);
  const { generateRegistrationOptions } = await webauthnLibrary();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: owner.username,
    userDisplayName: owner.name,
    // The user handle a discoverable credential answers with: the user's id.
    userID: new TextEncoder().encode(owner.id),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  const challengeId = await storeChallenge(deps.db, deps.clock, { challenge: options.challenge, userId: owner.id, purpose: 'register' });
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

/** 绑定卡介质, step 2: verify the authenticator's answer and store the credential. */
export async function bindSecurityKey(
  deps: Deps,
  actor: Actor,
  rp: RelyingParty,
  input: { challengeId: string; userId?: string; name: string; kind: SecurityKeyKind; response: Record<string, unknown> },
): Promise<SecurityKey> {
  requireSession(actor);
  const owner = await keyOwner(deps.db, actor, input.userId);
  // Loaded before the transaction: its first load must not hold a connection.
  const { verifyRegistrationResponse, isoBase64URL } = await webauthnLibrary();
  const outcome = await inTransaction(deps.db, async (trx): Promise<{ key: SecurityKey } | { error: AppError }> => {
    const challenge = await consumeChallenge(trx, deps.clock, input.challengeId, 'register');
    if (!challenge || challenge.user_id !== owner.id) return { error: new AppError('CHALLENGE_EXPIRED') };
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: input.response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
      });
    } catch (error) {
      return { error: new AppError('SECURITY_KEY_INVALID', (error as Error).message, { status: 400 }) };
    }
    if (!verified.verified) return { error: new AppError('SECURITY_KEY_INVALID', undefined, { status: 400 }) };
    if (await nameTaken(trx, owner.id, input.name)) return { error: nameTakenError() };
    const { credential } = verified.registrationInfo;
    const now = deps.clock.now();
    const row = await trx
      .insertInto('security_keys')
      .values({
        user_id: owner.id,
        name: input.name,
        kind: input.kind,
        credential_id: credential.id,
        public_key: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: transportsOf(credential.transports ?? []),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      actor,
      { action: 'security_key.bound', entityType: 'security_key', entityId: row.id, after: { userId: owner.id, username: owner.username, name: row.name, kind: row.kind } },
      now,
    );
    return { key: present({ ...row, username: owner.username, user_name: owner.name }) };
  }).catch((error: unknown) => {
    // The same authenticator's credential bound twice (another person's key, say): refused.
    if (uniqueViolation(error) === 'security_keys_credential_key') return { error: new AppError('SECURITY_KEY_ALREADY_BOUND') };
    throw error;
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.key;
}

interface KeyRow {
  id: string;
  user_id: string;
  username: string;
  user_name: string;
  name: string;
  kind: SecurityKeyKind;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function present(row: KeyRow): SecurityKey {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    userName: row.user_name,
    name: row.name,
    kind: row.kind,
    transports: row.transports,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** The enterprise's keys, active first, newest first. */
export async function listSecurityKeys(deps: Deps, actor: Actor): Promise<SecurityKey[]> {
  if (!actor.enterpriseId) return [];
  const rows = await deps.db
    .selectFrom('security_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.user_id', 'u.username', 'u.name as user_name', 'k.name', 'k.kind', 'k.transports', 'k.created_at', 'k.last_used_at', 'k.revoked_at'])
    .where('u.enterprise_id', '=', actor.enterpriseId)
    .orderBy((eb) => eb.case().when('k.revoked_at', 'is', null).then(0).else(1).end())
    .orderBy('k.created_at', 'desc')
    .execute();
  return rows.map(present);
}

/** 吊销: the key no longer logs anyone in; the row stays for the record. */
export async function revokeSecurityKey(deps: Deps, actor: Actor, keyId: string): Promise<void> {
  requireSession(actor);
  if (!isUuid(keyId) || !actor.enterpriseId) throw notFound();
  const enterpriseId = actor.enterpriseId;
  await inTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('security_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select(['k.id', 'k.name', 'k.kind', 'k.user_id', 'k.revoked_at'])
      .where('k.id', '=', keyId)
      .where('u.enterprise_id', '=', enterpriseId)
      .forUpdate('k')
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.revoked_at) return;
    const now = deps.clock.now();
    await trx.updateTable('security_keys').set({ revoked_at: now }).where('id', '=', row.id).execute();
    await audit(trx, actor, { action: 'security_key.revoked', entityType: 'security_key', entityId: row.id, before: { userId: row.user_id, name: row.name, kind: row.kind } }, now);
  });
}
