import type { Language, Notification } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { isUuid } from '../identity/index.ts';
import { presentNotification } from './presenters.ts';

/** Marks one of the caller's notifications read; reading it again keeps the first time. Another's is 404. */
export async function markRead(deps: Deps, actor: Actor, id: string, language: Language): Promise<Notification> {
  if (!isUuid(id)) throw notFound();
  const row = await deps.db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(deps.clock.now())) }))
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound();
  return presentNotification(row, language);
}

/** Marks every unread notification of the caller read; answers how many changed. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ count: number }> {
  const result = await deps.db
    .updateTable('notifications')
    .set({ read_at: deps.clock.now() })
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { count: Number(result.numUpdatedRows) };
}
