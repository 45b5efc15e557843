import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { noticeInLanguage, type Language, type Permission } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import { withinScope } from '../../platform/api-tokens.ts';
import type { Deps } from '../../platform/deps.ts';
import { PERMISSIONS_CHANGED, SESSIONS_ENDED, type LiveEvent } from '../../platform/events.ts';
import { requestLanguage } from '../../platform/http/problem.ts';
import { NOTICE_EVENT_PREFIX } from '../notifications/index.ts';
import { heardWithoutMissed, missedNotices, streamStart } from './missed-notices.ts';
import { canSee } from './visibility.ts';

const HEARTBEAT_MS = 20_000;

/** The last message of a stream whose session ended (logout, ended from the sessions' list, operator disabled, expired). */
export const SESSION_ENDED = 'session.ended';

/** The longest a timer can wait (about 24.8 days); a stream due to expire later is not timed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Whether a `sessions.ended` event ends this person's stream: its session, all of the person's, or its token. */
function endsWith(actor: Actor, ended: Record<string, unknown>): boolean {
  if (ended.userId === actor.userId) return true;
  if (actor.apiTokenId) return ended.apiTokenId === actor.apiTokenId;
  return actor.sessionId !== null && ended.sessionId === actor.sessionId;
}

/**
 * Server-sent events: each open page gets the live events it may see — its user's and
 * enterprise's notifications and appointments, a gate console its terminals' reads.
 */
export function liveRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get('/events', {
      config: { access: 'user' },
      schema: {
        tags: ['live'],
        summary: 'Live events for the logged-in user (text/event-stream)',
        description: 'Notices carry an `id:` (their time). A stream reopened with `Last-Event-ID` or `?after=` set to the last one first sends the unread notices made since (the latest 5 of the last 15 minutes, with `missed: true`); a stream opened within a minute of the login starts from the login. When the session ends (logout, ended from the sessions\' list, the operator disabled, expired) or its token is revoked, the stream sends `session.ended` and closes. When an operator\'s permissions change, their streams send `user.permissions` (`{ permissions }`) and from then on carry what the new ones allow. Notices come in the language of `Accept-Language` (zh-CN unless English is asked for), with the parameters of their text in `data`.',
        querystring: z.object({ after: z.string().optional().describe('The `id:` of the last event received (anything else is ignored)') }),
        produces: ['text/event-stream'],
      },
    }, async (request, reply) => stream(deps, request, reply, request.actor, request.query.after));

    app.get('/events/public', {
      config: { access: 'public' },
      schema: { tags: ['live'], summary: 'Live capacity and zone changes for the public board (text/event-stream)', produces: ['text/event-stream'] },
    }, async (request, reply) => stream(deps, request, reply, null, undefined));
  };
}

function stream(deps: Deps, request: FastifyRequest, reply: FastifyReply, actor: Actor | null, after: string | undefined) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // The stream's position (ms): the latest notice sent, or when it opened. It only moves forward.
  let position = 0;
  let closed = false;
  const language = requestLanguage(request);
  const write = (event: LiveEvent) => {
    if (closed) return;
    const notice = event.type.startsWith(NOTICE_EVENT_PREFIX);
    const at = notice && typeof event.data.at === 'string' ? Date.parse(event.data.at) : Number.NaN;
    const id = at > position ? `id: ${new Date((position = at)).toISOString()}\n` : '';
    res.write(`${id}event: ${event.type}\ndata: ${JSON.stringify(notice ? inLanguage(event.data, language) : event.data)}\n\n`);
  };
  // Events heard while the notices a person missed are read wait for them.
  let held: LiveEvent[] | null = actor ? [] : null;
  // Who hears: the person as the stream opened, with their permissions as they change since.
  let listener = actor;
  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type === SESSIONS_ENDED) {
      // Logged out, or ended elsewhere: the stream ends with its session.
      if (actor && endsWith(actor, event.data)) sessionEnded();
      return;
    }
    if (!canSee(listener, event)) return;
    if (event.type === PERMISSIONS_CHANGED && listener) listener = withPermissions(listener, event.data.permissions);
    if (held) held.push(event);
    else write(event);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  // A session (or token) that expires while its stream is open ends it then.
  const untilExpiry = actor?.expiresAt ? actor.expiresAt.getTime() - deps.clock.now().getTime() : Number.POSITIVE_INFINITY;
  const expiry = untilExpiry <= MAX_TIMER_MS ? setTimeout(() => sessionEnded(), Math.max(0, untilExpiry)) : null;
  const stop = () => {
    closed = true;
    clearInterval(heartbeat);
    if (expiry) clearTimeout(expiry);
    unsubscribe();
  };
  const finish = () => {
    if (closed) return;
    stop();
    res.end();
  };
  // The stream says so, then ends (the browser's retry would get a 401): the page leaves for the login at once.
  const sessionEnded = () => {
    if (!closed) res.write(`event: ${SESSION_ENDED}\ndata: {}\n\n`);
    finish();
  };
  request.raw.on('close', stop);
  res.write(`retry: 3000\n: connected\n\n`);
  if (!actor) return;
  const opened = deps.clock.now();
  void catchUp(deps, request, actor, after, opened, write).then((missed) => {
    const heard = heardWithoutMissed(held ?? [], missed);
    held = null;
    for (const event of heard) write(event);
    // Everything made before the stream opened was sent or heard: a reconnect asks for what came after.
    if (!closed && opened.getTime() > position) res.write(`id: ${new Date((position = opened.getTime())).toISOString()}\nevent: live.cursor\ndata: {}\n\n`);
  });
}

/** The person with their new permissions, narrowed by the stream's token, if it has one. */
function withPermissions(actor: Actor, permissions: unknown): Actor {
  if (!Array.isArray(permissions)) return actor;
  const held = permissions as Permission[];
  return { ...actor, permissions: actor.apiTokenScope ? withinScope(held, actor.apiTokenScope) : held };
}

/** A notice event's title and body in the stream's language (Accept-Language), from its kind and data; as stored in zh-CN or without them. */
function inLanguage(data: Record<string, unknown>, language: Language): Record<string, unknown> {
  const { kind, title, body } = data;
  if (language === 'zh-CN' || typeof kind !== 'string' || typeof title !== 'string' || typeof body !== 'string') return data;
  return { ...data, ...noticeInLanguage({ kind, title, body, data: data.data }, language) };
}

/** Sends the notices this person missed before the stream opened (none when that cannot be read), and returns them. */
async function catchUp(deps: Deps, request: FastifyRequest, actor: Actor, after: string | undefined, now: Date, write: (event: LiveEvent) => void): Promise<LiveEvent[]> {
  try {
    const start = await streamStart(deps.db, actor, { lastEventId: request.headers['last-event-id'], after }, now);
    const missed = start ? await missedNotices(deps.db, actor.userId, start, now) : [];
    for (const event of missed) write(event);
    return missed;
  } catch (error) {
    // The notices are in the bell; the stream goes on with what is live.
    request.log.warn({ err: error }, 'missed notices not sent');
    return [];
  }
}
