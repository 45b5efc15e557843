import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { canSee } from './visibility.ts';

const HEARTBEAT_MS = 20_000;

/**
 * Server-sent events: each open page gets the live events it may see — its user's and
 * enterprise's notifications and appointments, a gate console its terminals' reads.
 */
export function liveRoutes(deps: Deps) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/events', {
      config: { access: 'user' },
      schema: { tags: ['live'], summary: 'Live events for the logged-in user (text/event-stream)', produces: ['text/event-stream'] },
    }, async (request, reply) => stream(deps, request, reply, request.actor));

    app.get('/events/public', {
      config: { access: 'public' },
      schema: { tags: ['live'], summary: 'Live capacity and zone changes for the public board (text/event-stream)', produces: ['text/event-stream'] },
    }, async (request, reply) => stream(deps, request, reply, null));
  };
}

function stream(deps: Deps, request: FastifyRequest, reply: FastifyReply, actor: Actor | null) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 3000\n: connected\n\n`);
  const unsubscribe = deps.events.subscribe((event) => {
    if (!canSee(actor, event)) return;
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
