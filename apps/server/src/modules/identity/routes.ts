import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import {
  createOperatorRequest,
  createStaffRequest,
  enterprise,
  loginRequest,
  loginResponse,
  meResponse,
  nationalEnterprise,
  nationalPreviewRequest,
  okResponse,
  operator,
  registerRequest,
  registerResponse,
  staffUser,
  updateOperatorRequest,
} from '@cargo-window/contracts';

import { anonymousActor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { actorOf, enterpriseAccess, roleAccess } from '../../platform/http/access.ts';
import { SESSION_COOKIE } from '../../platform/sessions.ts';
import { login, logout } from './login.ts';
import { me } from './me.ts';
import { createOperator, listOperators, updateOperator } from './operators.ts';
import { presentEnterprise } from './presenters.ts';
import { previewNational, registerLinked, registerStandalone } from './register-enterprise.ts';
import { createStaff, listStaff } from './staff.ts';

const idParams = z.object({ id: z.string().max(64) });
const adminOnly = { roles: ['admin'] as const };

export function identityRoutes(deps: Deps) {
  /** Login and registration are what guessing attacks aim at: a budget per client address. */
  const authRateLimit = { max: deps.config.authRateLimit, timeWindow: '1 minute' };
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/auth/register', {
      config: {
        access: 'public',
        rateLimit: authRateLimit,
        problems: ['USCC_TAKEN', 'USERNAME_TAKEN', 'NATIONAL_ALREADY_LINKED', 'NATIONAL_ACCOUNT_UNKNOWN', 'NATIONAL_PASSWORD_WRONG', 'NATIONAL_CARD_UNKNOWN', 'NATIONAL_CARD_PIN_WRONG', 'NATIONAL_CARD_LOCKED', 'NATIONAL_SERVICE_UNAVAILABLE'],
      },
      schema: { tags: ['identity'], summary: 'Register an enterprise (standalone or linked to a national account)', body: registerRequest, response: { 201: registerResponse } },
    }, async (request, reply) => {
      const actor = anonymousActor(request.ip);
      const body = request.body;
      const result = body.mode === 'standalone' ? await registerStandalone(deps, actor, body) : await registerLinked(deps, actor, body);
      return reply.status(201).send(result);
    });

    app.post('/auth/register/national-preview', {
      config: { access: 'public', rateLimit: authRateLimit },
      schema: { tags: ['identity'], summary: 'Read a national account\'s enterprise data before linking', body: nationalPreviewRequest, response: { 200: nationalEnterprise } },
    }, async (request) => previewNational(deps, request.body.national));

    app.post('/auth/login', {
      config: { access: 'public', rateLimit: authRateLimit, problems: ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'ACCOUNT_LOCKED'] },
      schema: { tags: ['identity'], summary: 'Log in with username and password', body: loginRequest, response: { 200: loginResponse } },
    }, async (request, reply) => {
      const result = await login(deps, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, request, result.token, new Date(result.expiresAt));
      return result;
    });

    app.post('/auth/logout', {
      config: { access: 'public' },
      schema: { tags: ['identity'], summary: 'End the current session', response: { 200: okResponse } },
    }, async (request, reply) => {
      if (request.actor) await logout(deps, request.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    app.get('/me', {
      config: { access: 'user' },
      schema: { tags: ['identity'], summary: 'The logged-in user, its permissions and enterprise', response: { 200: meResponse } },
    }, async (request) => me(deps, actorOf(request)));

    app.get('/enterprise', {
      config: { access: enterpriseAccess() },
      schema: { tags: ['identity'], summary: 'The caller\'s enterprise profile', response: { 200: enterprise } },
    }, async (request) => {
      const actor = actorOf(request);
      const row = await deps.db.selectFrom('enterprises').selectAll().where('id', '=', actor.enterpriseId).executeTakeFirstOrThrow();
      return presentEnterprise(row);
    });

    app.get('/enterprise/operators', {
      config: { access: adminOnly },
      schema: { tags: ['identity'], summary: 'Operators of my enterprise (应用权限)', response: { 200: z.object({ items: z.array(operator), next: z.null() }) } },
    }, async (request) => ({ items: await listOperators(deps, actorOf(request)), next: null }));

    app.post('/enterprise/operators', {
      config: { access: adminOnly, problems: ['USERNAME_TAKEN'] },
      schema: { tags: ['identity'], summary: 'Create an operator with application permissions', body: createOperatorRequest, response: { 201: operator } },
    }, async (request, reply) => reply.status(201).send(await createOperator(deps, actorOf(request), request.body)));

    app.patch('/enterprise/operators/:id', {
      config: { access: adminOnly },
      schema: { tags: ['identity'], summary: 'Change an operator\'s permissions, disable it, or reset its password', params: idParams, body: updateOperatorRequest, response: { 200: operator } },
    }, async (request) => updateOperator(deps, actorOf(request), request.params.id, request.body));

    app.get('/admin/users', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'Platform staff accounts', response: { 200: z.object({ items: z.array(staffUser), next: z.null() }) } },
    }, async () => ({ items: await listStaff(deps), next: null }));

    app.post('/admin/users', {
      config: { access: roleAccess('platform_admin'), problems: ['USERNAME_TAKEN'] },
      schema: { tags: ['platform'], summary: 'Create a reviewer, terminal operator or gate officer', body: createStaffRequest, response: { 201: staffUser } },
    }, async (request, reply) => reply.status(201).send(await createStaff(deps, actorOf(request), request.body)));
  };
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, expires: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires,
  });
}
