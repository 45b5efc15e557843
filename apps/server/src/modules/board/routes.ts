import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { localDateInput } from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { actorOf, roleAccess } from '../../platform/http/access.ts';
import { publicBoard, terminalDashboard } from './board.ts';

const flagCounts = z.object({ pickup: z.number(), delivery: z.number() });
const boardResponse = z.object({
  generatedAt: z.string(),
  terminals: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      timeZone: z.string(),
      insideNow: z.number(),
      days: z.array(z.object({ date: z.string(), closed: z.boolean(), slots: z.array(z.object({ start: z.string(), end: z.string(), capacity: flagCounts, free: flagCounts })) })),
    }),
  ),
});

const dashboardResponse = z.object({
  terminalId: z.string(),
  date: z.string(),
  hours: z.array(z.object({ hour: z.number(), booked: flagCounts, arrivals: z.number() })),
  totals: z.object({ booked: z.number(), arrivals: z.number() }),
  noShowRate: z.number().nullable(),
  averageMinutesInside: z.number().nullable(),
  visitsCompleted: z.number(),
});

export function boardRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/board', {
      config: { access: 'public' },
      schema: { tags: ['board'], summary: 'Public capacity board: free places per slot and trucks inside, per terminal (no login)', security: [], response: { 200: boardResponse } },
    }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=5');
      return publicBoard(deps);
    });

    app.get('/terminals/:id/dashboard', {
      config: { access: roleAccess('terminal_operator', 'platform_admin') },
      schema: {
        tags: ['scheduling'],
        summary: 'A terminal\'s day: bookings and arrivals by hour, no-show rate, average time inside',
        params: z.object({ id: z.string().max(64) }),
        querystring: z.object({ date: localDateInput }),
        response: { 200: dashboardResponse },
      },
    }, async (request) => {
      const actor = actorOf(request);
      if (actor.role === 'terminal_operator' && actor.terminalId !== request.params.id) throw notFound();
      return terminalDashboard(deps, request.params.id, request.query.date);
    });
  };
}
