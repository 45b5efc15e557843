import type { Selectable } from 'kysely';

import { noticeInLanguage, type Language, type Notification } from '@cargo-window/contracts';

import type { NotificationsTable } from '../../platform/db-schema.ts';

export type NotificationRow = Selectable<NotificationsTable>;

/**
 * A notice as the API answers it: its title and body in the request's language, made from its kind
 * and data (contracts' notices.ts); in zh-CN, or without its parameters, as stored.
 */
export function presentNotification(row: NotificationRow, language: Language): Notification {
  const text = noticeInLanguage(row, language);
  return {
    id: row.id,
    kind: row.kind,
    title: text.title,
    body: text.body,
    data: row.data ?? {},
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
