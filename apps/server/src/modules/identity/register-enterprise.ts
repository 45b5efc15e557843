import { sql } from 'kysely';

import type { EnterpriseInput, NationalEnterprise, RegisterRequest, RegisterResponse } from '@cargo-window/contracts';
import { isUscc, isUsername } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { uniqueViolation } from '../../platform/pg-errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { presentEnterprise, presentUser } from './presenters.ts';
import type { NationalCredentials } from './national-account/types.ts';

/** Whether a username is used by anyone, whatever its case. */
async function isUsernameTaken(db: Db, username: string): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst());
}

/** Refuses a username already used by anyone, whatever its case. */
export async function assertUsernameFree(db: Db, username: string, field: string): Promise<void> {
  if (await isUsernameTaken(db, username)) throw duplicate('USERNAME_TAKEN', field);
}

type Conflict = 'USCC_TAKEN' | 'USERNAME_TAKEN' | 'NATIONAL_ALREADY_LINKED';

function duplicate(code: Conflict, field: string): AppError {
  return conflicting([{ field, code }]);
}

/** A 409 naming every conflicting field at once, coded as the first. */
function conflicting(conflicts: readonly { field: string; code: Conflict }[]): AppError {
  return new AppError(conflicts[0].code, undefined, { fieldErrors: conflicts.map(({ field, code }) => ({ field, code, message: code })) });
}

/** Maps a unique violation that slipped past the checks (two registrations racing) to its 409. */
export function duplicateFromConstraint(error: unknown, usernameField: string): AppError | null {
  switch (uniqueViolation(error)) {
    case null:
      return null;
    case 'enterprises_uscc_key':
      return duplicate('USCC_TAKEN', 'enterprise.uscc');
    case 'enterprises_national_id_key':
      return duplicate('NATIONAL_ALREADY_LINKED', 'national');
    case 'users_username_key':
      return duplicate('USERNAME_TAKEN', usernameField);
    default:
      return null;
  }
}

interface NewEnterprise extends EnterpriseInput {
  registrationMode: 'standalone' | 'linked';
  nationalId: string | null;
}

async function createEnterpriseWithAdmin(
  deps: Deps,
  actor: Actor,
  enterprise: NewEnterprise,
  admin: { username: string; password: string; name: string; phone: string | null },
): Promise<RegisterResponse> {
  const passwordHash = await hashPassword(admin.password);
  try {
    return await inTransaction(deps.db, async (trx) => {
      // Every conflict at once, so that the form marks them all.
      const conflicts: { field: string; code: Conflict }[] = [];
      const linked = enterprise.nationalId ? await trx.selectFrom('enterprises').select('id').where('national_id', '=', enterprise.nationalId).executeTakeFirst() : undefined;
      const sameUscc = await trx.selectFrom('enterprises').select('id').where('uscc', '=', enterprise.uscc).executeTakeFirst();
      if (enterprise.nationalId && (linked || sameUscc)) conflicts.push({ field: 'national', code: 'NATIONAL_ALREADY_LINKED' });
      else if (sameUscc) conflicts.push({ field: 'enterprise.uscc', code: 'USCC_TAKEN' });
      if (await isUsernameTaken(trx, admin.username)) conflicts.push({ field: 'admin.username', code: 'USERNAME_TAKEN' });
      if (conflicts.length > 0) throw conflicting(conflicts);
      const now = deps.clock.now();
      const row = await trx
        .insertInto('enterprises')
        .values({
          name: enterprise.name,
          uscc: enterprise.uscc,
          customs_code: enterprise.customsCode,
          address: enterprise.address,
          contact_name: enterprise.contactName,
          contact_phone: enterprise.contactPhone,
          email: enterprise.email,
          registration_mode: enterprise.registrationMode,
          national_id: enterprise.nationalId,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto('users')
        .values({
          username: admin.username,
          password_hash: passwordHash,
          name: admin.name,
          phone: admin.phone,
          role: 'admin',
          enterprise_id: row.id,
          permissions: [],
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const who = { ...actor, userId: user.id, username: user.username, enterpriseId: row.id };
      const presented = presentEnterprise(row);
      await audit(trx, who, { action: 'enterprise.registered', entityType: 'enterprise', entityId: row.id, after: presented }, now);
      await audit(trx, who, { action: 'user.created', entityType: 'user', entityId: user.id, after: { username: user.username, role: 'admin' } }, now);
      return { enterprise: presented, user: presentUser(user) };
    });
  } catch (error) {
    throw duplicateFromConstraint(error, 'admin.username') ?? error;
  }
}

/** 没有国家标准版账号企业: the basic-information form creates the enterprise and its administrator at once. */
export async function registerStandalone(deps: Deps, actor: Actor, input: Extract<RegisterRequest, { mode: 'standalone' }>): Promise<RegisterResponse> {
  return createEnterpriseWithAdmin(
    deps,
    actor,
    { ...input.enterprise, registrationMode: 'standalone', nationalId: null },
    { ...input.admin, name: input.enterprise.contactName, phone: input.enterprise.contactPhone },
  );
}

/** Asks the national account service and says whether that enterprise is already linked here. */
export async function previewNational(deps: Deps, credentials: NationalCredentials): Promise<NationalEnterprise> {
  const found = await deps.national.verify(credentials);
  const linked = await deps.db
    .selectFrom('enterprises')
    .select('id')
    .where((eb) => eb.or([eb('national_id', '=', found.nationalId), eb('uscc', '=', found.uscc)]))
    .executeTakeFirst();
  return { ...found, alreadyLinked: Boolean(linked) };
}

/**
 * 有国家标准版账号企业: the national account proves the enterprise; its master data is imported
 * read-only. The local administrator is the national account's username unless another is given
 * (a card holder has no username, so must choose one).
 */
export async function registerLinked(deps: Deps, actor: Actor, input: Extract<RegisterRequest, { mode: 'linked' }>): Promise<RegisterResponse> {
  const national = await deps.national.verify(input.national);
  if (!isUscc(national.uscc)) throw new AppError('NATIONAL_SERVICE_UNAVAILABLE', 'the national service answered an invalid USCC');
  let admin = input.admin;
  if (!admin) {
    if (!('username' in input.national)) {
      throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'admin.username', code: 'REQUIRED', message: 'REQUIRED' }] });
    }
    admin = { username: input.national.username, password: input.national.password };
    if (!isUsername(admin.username)) {
      throw new AppError('VALIDATION', undefined, { fieldErrors: [{ field: 'admin.username', code: 'USERNAME_INVALID', message: 'USERNAME_INVALID' }] });
    }
  }
  return createEnterpriseWithAdmin(
    deps,
    actor,
    {
      name: national.name,
      uscc: national.uscc,
      customsCode: national.customsCode,
      address: national.address,
      contactName: national.contactName,
      contactPhone: national.contactPhone,
      email: null,
      registrationMode: 'linked',
      nationalId: national.nationalId,
    },
    { username: admin.username, password: admin.password, name: national.contactName, phone: national.contactPhone },
  );
}
