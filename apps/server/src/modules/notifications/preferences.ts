import { notificationKinds, type NotificationKind, type NotificationPreferences } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { inTransaction } from '../../platform/transaction.ts';

export async function getPreferences(deps: Deps, actor: Actor): Promise<NotificationPreferences & { kinds: NotificationKind[] }> {
  const rows = await deps.db.selectFrom('notification_optouts').select('kind').where('user_id', '=', actor.userId).orderBy('kind').execute();
  return { kinds: [...notificationKinds], muted: rows.map((r) => r.kind as NotificationKind) };
}

/** Replaces the set of kinds the person does not want; from the next notification on. */
export async function setPreferences(deps: Deps, actor: Actor, input: NotificationPreferences): Promise<NotificationPreferences & { kinds: NotificationKind[] }> {
  const muted = [...new Set(input.muted)].sort();
  await inTransaction(deps.db, async (trx) => {
    const before = await trx.selectFrom('notification_optouts').select('kind').where('user_id', '=', actor.userId).execute();
    await trx.deleteFrom('notification_optouts').where('user_id', '=', actor.userId).execute();
    const now = deps.clock.now();
    if (muted.length > 0) await trx.insertInto('notification_optouts').values(muted.map((kind) => ({ user_id: actor.userId, kind, created_at: now }))).execute();
    await audit(trx, actor, { action: 'notification_preferences.updated', entityType: 'user', entityId: actor.userId, before: { muted: before.map((r) => r.kind).sort() }, after: { muted } }, now);
  });
  return { kinds: [...notificationKinds], muted };
}
