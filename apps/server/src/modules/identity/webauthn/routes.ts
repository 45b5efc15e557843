import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import {
  loginResponse,
  okResponse,
  registerSecurityKeyRequest,
  securityKey,
  securityKeyRegistrationOptionsRequest,
  webauthnLoginOptionsRequest,
  webauthnLoginRequest,
  webauthnOptionsResponse,
} from '@cargo-window/contracts';

import type { Deps } from '../../../platform/deps.ts';
import { actorOf } from '../../../platform/http/access.ts';
import { setSessionCookie } from '../routes.ts';
import { cardLogin, loginOptions } from './card-login.ts';
import { relyingParty } from './relying-party.ts';
import { bindSecurityKey, listSecurityKeys, registrationOptions, revokeSecurityKey } from './security-keys.ts';

const idParams = z.object({ id: z.string().max(64) });
const adminOnly = { roles: ['admin'] as const };

/** 卡介质: the administrator binds and revokes security keys; anyone logs in with one (WebAuthn). */
export function webauthnRoutes(deps: Deps) {
  const authRateLimit = { max: deps.config.authRateLimit, timeWindow: '1 minute' };
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/enterprise/security-keys', {
      config: { access: adminOnly },
      schema: { tags: ['identity'], summary: 'Security keys (卡介质) bound to my enterprise\'s people', response: { 200: z.object({ items: z.array(securityKey), next: z.null() }) } },
    }, async (request) => ({ items: await listSecurityKeys(deps, actorOf(request)), next: null }));

    app.post('/enterprise/security-keys/registration-options', {
      config: { access: adminOnly },
      schema: {
        tags: ['identity'],
        summary: 'WebAuthn creation options to bind a key to me or one of my operators',
        body: securityKeyRegistrationOptionsRequest,
        response: { 200: webauthnOptionsResponse },
      },
    }, async (request) => registrationOptions(deps, actorOf(request), relyingParty(deps.config, request), request.body));

    app.post('/enterprise/security-keys', {
      config: { access: adminOnly, problems: ['SECURITY_KEY_NAME_TAKEN', 'SECURITY_KEY_ALREADY_BOUND', 'SECURITY_KEY_INVALID', 'CHALLENGE_EXPIRED'] },
      schema: { tags: ['identity'], summary: 'Verify the authenticator\'s answer and bind the key', body: registerSecurityKeyRequest, response: { 201: securityKey } },
    }, async (request, reply) => reply.status(201).send(await bindSecurityKey(deps, actorOf(request), relyingParty(deps.config, request), request.body)));

    app.post('/enterprise/security-keys/:id/revoke', {
      config: { access: adminOnly },
      schema: { tags: ['identity'], summary: 'Revoke a key: it no longer logs anyone in', params: idParams, response: { 200: okResponse } },
    }, async (request) => {
      await revokeSecurityKey(deps, actorOf(request), request.params.id);
      return { ok: true as const };
    });

    app.post('/auth/webauthn/login-options', {
      config: { access: 'public', rateLimit: authRateLimit },
      schema: {
        tags: ['identity'],
        summary: 'WebAuthn request options for 卡介质登录 (a username limits them to that person\'s keys)',
        body: webauthnLoginOptionsRequest,
        response: { 200: webauthnOptionsResponse },
      },
    }, async (request) => loginOptions(deps, relyingParty(deps.config, request), request.body));

    app.post('/auth/webauthn/login', {
      config: { access: 'public', rateLimit: authRateLimit, problems: ['SECURITY_KEY_INVALID', 'SECURITY_KEY_UNKNOWN', 'CHALLENGE_EXPIRED', 'ACCOUNT_DISABLED'] },
      schema: { tags: ['identity'], summary: 'Log in with a security key (卡介质登录)', body: webauthnLoginRequest, response: { 200: loginResponse } },
    }, async (request, reply) => {
      const result = await cardLogin(deps, relyingParty(deps.config, request), {
        challengeId: request.body.challengeId,
        response: request.body.response,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(reply, request, result.token, new Date(result.expiresAt));
      return result;
    });
  };
}
