import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Permission, Role } from '@cargo-window/contracts';

import type { Actor } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import { API_TOKEN_PREFIX, resolveApiToken } from '../api-tokens.ts';
import { resolveSession, SESSION_COOKIE } from '../sessions.ts';
import { sendProblem } from './problem.ts';

/**
 * Who may call a route, declared once in its `config.access`. A route that declares nothing
 * needs a logged-in person: closed unless opened on purpose.
 */
export type Access =
  | 'public'
  | 'device'
  | 'user'
  | { roles: readonly Role[]; permission?: Permission; anyPermission?: readonly Permission[] };

export const enterpriseAccess = (permission?: Permission): Access => ({ roles: ['admin', 'operator'], permission });
export const roleAccess = (...roles: Role[]): Access => ({ roles });
/** An enterprise person holding at least one of these permissions (e.g. the list: `appointment` or `query`). */
export const enterpriseAnyAccess = (...anyPermission: Permission[]): Access => ({ roles: ['admin', 'operator'], anyPermission });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'cookie' | 'bearer' | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-cw-csrf';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/** The request's actor, or the actor named by the route's access rule; answers 401/403 itself. */
export function accessHook(deps: { db: () => Db; clock: Clock }) {
  return async function checkAccess(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    request.actor = null;
    request.authVia = null;
    // Every API route is closed unless it says otherwise; the web app's files and unknown paths are public.
    const url = request.routeOptions.url;
    const access = url?.startsWith('/api/') ? (request.routeOptions.config?.access ?? 'user') : (request.routeOptions.config?.access ?? 'public');
    if (access === 'public' || access === 'device') {
      // Public routes still learn who is calling when they can (e.g. logout, me on the login page).
      if (access === 'public') await identify(request, deps).catch(() => undefined);
      return;
    }
    const found = await identify(request, deps);
    if ('error' in found) return sendProblem(request, reply, found.error);
    const actor = found.actor;
    if (request.authVia === 'cookie' && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] === undefined) {
      // A custom header cannot be sent cross-site without a CORS preflight, which we never grant.
      return sendProblem(request, reply, 'CSRF_REJECTED');
    }
    if (access === 'user') return;
    // A personal access token acts within its scope (applications): an administrator's token holds
    // none of the administrator's own powers (operators, the enterprise's settings, security keys).
    const role = actor.apiTokenId && actor.role === 'admin' ? 'operator' : actor.role;
    if (!access.roles.includes(role)) return sendProblem(request, reply, 'FORBIDDEN');
    if (access.permission && !actor.permissions.includes(access.permission)) return sendProblem(request, reply, 'FORBIDDEN');
    if (access.anyPermission && !access.anyPermission.some((p) => actor.permissions.includes(p))) return sendProblem(request, reply, 'FORBIDDEN');
  };
}

async function identify(
  request: FastifyRequest,
  deps: { db: () => Db; clock: Clock },
): Promise<{ actor: Actor } | { error: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | 'ACCOUNT_DISABLED' }> {
  const bearer = bearerToken(request);
  const cookie = request.cookies?.[SESSION_COOKIE];
  const token = bearer ?? cookie;
  if (!token) return { error: 'UNAUTHENTICATED' };
  const found = bearer?.startsWith(`${API_TOKEN_PREFIX}_`) ? await resolveApiToken(deps.db(), deps.clock, bearer, request.ip) : await resolveSession(deps.db(), deps.clock, token, request.ip);
  if ('actor' in found) {
    request.actor = found.actor;
    request.authVia = bearer ? 'bearer' : 'cookie';
  }
  return found;
}

/** The actor of a route whose access rule guarantees one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`route ${request.routeOptions.url} has no authenticated actor`);
  return request.actor;
}
