import type { Selectable } from 'kysely';

import type { Notification } from '@cargo-window/contracts';

import type { NotificationsTable } from '../../platform/db-schema.ts';

export type NotificationRow = Selectable<NotificationsTable>;

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    data: row.data ?? {},
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
