import { noticeRecord, type NoticeParams, type NotificationKind } from '@cargo-window/contracts';

import type { Db } from '../../platform/db.ts';
import { publish, type LiveEvent } from '../../platform/events.ts';

export interface NotificationInput {
  /** Every user of this enterprise at the time gets the notice (one row each). */
  enterpriseId?: string;
  /** Or these users. */
  userIds?: readonly string[];
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  at: Date;
}

/**
 * A notice of a known kind: its zh-CN title and body (the stored record), and its parameters kept in
 * its data beside `data`, from which the web shows it in the reader's language (contracts' notices.ts).
 */
export function notice<K extends NotificationKind>(kind: K, params: NoticeParams[K], data: Record<string, unknown> = {}): Pick<NotificationInput, 'kind' | 'title' | 'body'> & { data: Record<string, unknown> } {
  const { title, body } = noticeRecord(kind, params);
  return { kind, title, body, data: { ...data, ...params } };
}

/**
 * Writes a notification for each recipient. Call it with the transaction that makes the change
 * it reports, so a notice exists exactly when its cause does. Returns how many were written.
 */
export async function notify(trx: Db, input: NotificationInput): Promise<number> {
  const data = JSON.stringify(input.data ?? {});
  let query = trx.selectFrom('users').select((eb) => [
    'id',
    'enterprise_id',
    eb.cast<string>(eb.val(input.kind), 'text').as('kind'),
    eb.cast<string>(eb.val(input.title), 'text').as('title'),
    eb.cast<string>(eb.val(input.body), 'text').as('body'),
    eb.cast<string>(eb.val(data), 'jsonb').as('data'),
    eb.cast<string>(eb.val(input.at.toISOString()), 'timestamptz').as('created_at'),
  ]);
  // Those who muted this kind get none.
  query = query.where(({ not, exists, selectFrom }) =>
    not(exists(selectFrom('notification_optouts as o').select('o.user_id').whereRef('o.user_id', '=', 'users.id').where('o.kind', '=', input.kind))),
  );
  if (input.enterpriseId) {
    query = query.where('enterprise_id', '=', input.enterpriseId);
  } else if (input.userIds && input.userIds.length > 0) {
    query = query.where('id', 'in', [...input.userIds]);
  } else {
    return 0;
  }
  const rows = await trx
    .insertInto('notifications')
    .columns(['user_id', 'enterprise_id', 'kind', 'title', 'body', 'data', 'created_at'])
    .expression(query)
    .returning('user_id')
    .execute();
  if (rows.length > 0) {
    // Goes out to the recipients' open pages when this transaction commits.
    await publish(trx, noticeEvent(rows.map((r) => r.user_id), { ...input, data: input.data ?? {} }));
  }
  return rows.length;
}

/** The type of every notice's live event starts so: `notification.<kind>`. */
export const NOTICE_EVENT_PREFIX = 'notification.';

/**
 * The live event of a notice written for these users: `notification.<kind>` with { kind, title,
 * body, data, at }. `at` is the rows' `created_at`; the event stream numbers notices by it, so that a
 * stream reopened after a gap sends those it missed (modules/live/missed-notices.ts).
 */
export function noticeEvent(userIds: string[], notice: { kind: string; title: string; body: string; data: Record<string, unknown>; at: Date }): LiveEvent {
  return { type: `${NOTICE_EVENT_PREFIX}${notice.kind}`, userIds, data: { kind: notice.kind, title: notice.title, body: notice.body, data: notice.data, at: notice.at.toISOString() } };
}
