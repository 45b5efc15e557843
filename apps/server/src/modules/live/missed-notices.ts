import { sql } from 'kysely';

import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import type { LiveEvent } from '../../platform/events.ts';
import { NOTICE_EVENT_PREFIX, noticeEvent } from '../notifications/index.ts';

/**
 * Notices a page did not hear live: those that came while its stream was down (a phone in a dead
 * spot, a page reloading) or before its listener was in place (right after the login). A stream
 * numbers the notices it sends by their time (`id:`), so the browser's own reconnect names the
 * last one it got (`Last-Event-ID`), and the page passes it when it opens a stream of its own
 * (`?after=`). Without either, a stream opened within a minute of its session's login starts from
 * the login. The notices stay in the bell either way; this is what makes them pop up.
 */

/** The most notices sent again when a stream opens: the latest, oldest first. */
export const MISSED_LIMIT = 5;
/** Notices older than this are not sent again: after a long gap the bell's count says enough. */
export const MISSED_WITHIN_MS = 15 * 60_000;
/** A stream opened this soon after its session's login starts from the login. */
export const FRESH_LOGIN_MS = 60_000;

/** A stream's position: an instant as the server wrote it in an `id:` line; null when unreadable. */
export function parseCursor(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40 || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Where a stream of this person starts: the browser's `Last-Event-ID` (its own reconnect), the
 * page's `after`, or the login when the session is a minute old at most; null: nothing is missed.
 */
export async function streamStart(db: Db, actor: Actor, given: { lastEventId: unknown; after: unknown }, now: Date): Promise<Date | null> {
  const named = parseCursor(given.lastEventId) ?? parseCursor(given.after);
  if (named) return named;
  if (!actor.sessionId) return null;
  const session = await db.selectFrom('sessions').select('created_at').where('id', '=', actor.sessionId).executeTakeFirst();
  if (!session) return null;
  const loginAt = new Date(session.created_at);
  return now.getTime() - loginAt.getTime() <= FRESH_LOGIN_MS ? loginAt : null;
}

/** The person's unread notices made after `after` (and within MISSED_WITHIN_MS of now), as their live events. */
export async function missedNotices(db: Db, userId: string, after: Date, now: Date): Promise<LiveEvent[]> {
  const since = new Date(Math.max(after.getTime(), now.getTime() - MISSED_WITHIN_MS));
  const { rows } = await sql<{ kind: string; title: string; body: string; data: Record<string, unknown> | null; created_at: Date | string }>`
    select kind, title, body, data, created_at from (
      select kind, title, body, data, created_at, id from notifications
       where user_id = ${userId} and read_at is null and created_at > ${since}::timestamptz
       order by created_at desc, id desc
       limit ${MISSED_LIMIT}
    ) latest order by created_at, id`.execute(db);
  return rows.map((row) => {
    const event = noticeEvent([userId], { ...row, data: row.data ?? {}, at: new Date(row.created_at) });
    return { ...event, data: { ...event.data, missed: true } };
  });
}

/** What identifies a notice's event between the ones sent again and the ones heard live meanwhile. */
function noticeKey(event: LiveEvent): string | null {
  if (!event.type.startsWith(NOTICE_EVENT_PREFIX)) return null;
  const { at, title, body } = event.data;
  return `${event.type}\u0000${String(at)}\u0000${String(title)}\u0000${String(body)}`;
}

/**
 * The events heard while the missed notices were read, without those notices: a notice that
 * committed while the stream opened is both read and heard, and goes out once.
 */
export function heardWithoutMissed(heard: readonly LiveEvent[], missed: readonly LiveEvent[]): LiveEvent[] {
  const sent = new Set(missed.map(noticeKey));
  return heard.filter((event) => {
    const key = noticeKey(event);
    return key === null || !sent.has(key);
  });
}
