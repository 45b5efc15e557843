import { sql } from 'kysely';

import type { Language, Notification, NotificationListQuery } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { decodeTimeCursor, pageOf } from '../../platform/paging.ts';
import { presentNotification } from './presenters.ts';

/** The caller's own notifications, newest first. */
export async function listNotifications(deps: Deps, actor: Actor, query: NotificationListQuery, language: Language): Promise<{ items: Notification[]; next: string | null }> {
  const after = decodeTimeCursor(query.after);
  let select = deps.db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
  if (query.unread !== undefined) select = select.where('read_at', query.unread ? 'is' : 'is not', null);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (after) select = select.where(sql<boolean>`(created_at, id) < (${after.at}, ${after.id}::uuid)`);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, (row) => ({ value: row.created_at.toISOString(), id: row.id }), (row) => presentNotification(row, language));
}

export async function unreadCount(deps: Deps, actor: Actor): Promise<{ count: number }> {
  const row = await deps.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count) };
}

