import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { apiToken, apiTokenCreated, changePasswordRequest, createApiTokenRequest, okResponse, passwordChanged, sessionInfo } from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { actorOf } from '../../platform/http/access.ts';
import { changePassword, createApiToken, endSession, listApiTokens, listSessions, revokeApiToken } from './account.ts';

const idParams = z.object({ id: z.string().max(64) });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.null() });

/** A person's own sessions and access tokens; an administrator's tokens for its operators. */
export function accountRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/me/sessions', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'My active sessions (device, IP, last seen)', response: { 200: list(sessionInfo) } },
    }, async (request) => ({ items: await listSessions(deps, actorOf(request)), next: null }));

    app.post('/me/sessions/:id/revoke', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'End one of my sessions', params: idParams, response: { 200: okResponse } },
    }, async (request) => {
      await endSession(deps, actorOf(request), request.params.id);
      return { ok: true as const };
    });

    app.post('/me/password', {
      config: { access: 'user' },
      schema: {
        tags: ['identity'],
        summary: 'Change my password (修改密码), given the current one; my other sessions end, this one stays',
        body: changePasswordRequest,
        response: { 200: passwordChanged },
      },
    }, async (request) => changePassword(deps, actorOf(request), request.body));

    app.get('/me/tokens', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'My personal access tokens (never the secrets)', response: { 200: list(apiToken) } },
    }, async (request) => ({ items: await listApiTokens(deps, actorOf(request)), next: null }));

    app.post('/me/tokens', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'Create a personal access token for an enterprise system; the token is shown once', body: createApiTokenRequest, response: { 201: apiTokenCreated } },
    }, async (request, reply) => reply.status(201).send(await createApiToken(deps, actorOf(request), request.body)));

    app.post('/me/tokens/:id/revoke', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'Revoke a token (mine, or as administrator one of my operators\')', params: idParams, response: { 200: okResponse } },
    }, async (request) => {
      await revokeApiToken(deps, actorOf(request), request.params.id);
      return { ok: true as const };
    });

    app.get('/enterprise/operators/:id/tokens', {
      config: { access: { roles: ['admin'] } },
      schema: { tags: ['identity'], summary: 'An operator\'s access tokens', params: idParams, response: { 200: list(apiToken) } },
    }, async (request) => ({ items: await listApiTokens(deps, actorOf(request), request.params.id), next: null }));

    app.post('/enterprise/operators/:id/tokens', {
      config: { access: { roles: ['admin'] } },
      schema: { tags: ['identity'], summary: 'Create an access token for an operator, within its permissions', params: idParams, body: createApiTokenRequest, response: { 201: apiTokenCreated } },
    }, async (request, reply) => reply.status(201).send(await createApiToken(deps, actorOf(request), { ...request.body, operatorId: request.params.id })));
  };
}
