import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { notification, notificationCount, notificationKinds, notificationListQuery, notificationPreferences, page } from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/access.ts';
import { requestLanguage } from '../../platform/http/problem.ts';
import { listNotifications, unreadCount } from './list-notifications.ts';
import { markAllRead, markRead } from './mark-read.ts';
import { getPreferences, setPreferences } from './preferences.ts';

const idParams = z.object({ id: z.string().max(64) });

/** Every route is for any logged-in person and only ever touches the caller's own rows. */
export function notificationRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/notifications', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: notificationListQuery, response: { 200: page(notification) } },
    }, async (request) => listNotifications(deps, actorOf(request), request.query, requestLanguage(request)));

    app.get('/notifications/unread-count', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: { 200: notificationCount } },
    }, async (request) => unreadCount(deps, actorOf(request)));

    app.post('/notifications/:id/read', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParams, response: { 200: notification } },
    }, async (request) => markRead(deps, actorOf(request), request.params.id, requestLanguage(request)));

    app.post('/notifications/read-all', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 200: notificationCount } },
    }, async (request) => markAllRead(deps, actorOf(request)));

    const preferencesResponse = notificationPreferences.extend({ kinds: z.array(z.enum(notificationKinds)) });
    app.get('/me/notification-preferences', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'Which kinds of notification I receive', response: { 200: preferencesResponse } },
    }, async (request) => getPreferences(deps, actorOf(request)));

    app.put('/me/notification-preferences', {
      config: { access: 'user' },
      schema: { tags: ['notifications'], summary: 'Mute kinds of notification', body: notificationPreferences, response: { 200: preferencesResponse } },
    }, async (request) => setPreferences(deps, actorOf(request), request.body));
  };
}
