import { existsSync } from 'node:fs';
import path from 'node:path';

import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

import type { Deps } from './platform/deps.ts';
import { isAppError } from './platform/errors.ts';
import { accessHook } from './platform/http/access.ts';
import { AccessLog } from './platform/http/access-log.ts';
import { openApiTransform, problemSchema } from './platform/http/openapi.ts';
import { rejectUnstorableText } from './platform/http/text-guard.ts';
import { sendProblem } from './platform/http/problem.ts';
import { fieldErrorsFromIssues, withErrorsBeyondSchema } from './platform/http/validation.ts';
import { isDatabaseUnavailable } from './platform/pg-errors.ts';
import { accountRoutes, identityRoutes, webauthnRoutes } from './modules/identity/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { boardRoutes } from './modules/board/index.ts';
import { gateRoutes } from './modules/gate/index.ts';
import { liveRoutes } from './modules/live/index.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { vehicleRoutes } from './modules/vehicles/index.ts';
import { schedulingRoutes } from './modules/scheduling/index.ts';

/** The security headers of every API answer (OWASP's REST security cheat sheet). */
const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/health' || url.startsWith('/health?');
}

export interface BuildOptions {
  /** A pino logger for request logs; none in tests. */
  logger?: FastifyBaseLogger;
  /** The built web app to serve at `/` (index.html for every non-API path). */
  webDist?: string | null;
}

/** Builds the HTTP app from its dependencies; tests call it and use `inject`. */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Deeply nested JSON is refused before it reaches a schema.
    routerOptions: { maxParamLength: 200 },
    genReqId: () => crypto.randomUUID(),
    // One access line per answered request instead of Fastify's two.
    logController: new AccessLog(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API takes JSON (and the .xlsx import its file): text is refused as a media type, as forms are.
  app.removeContentTypeParser('text/plain');

  // Pages and the web app's files get helmet's security headers; its middleware is built once
  // (@fastify/helmet builds it anew for every request, which parsed the CSP directives on every
  // gate read). API answers are JSON for programs and the app's own fetches, never a page to render
  // or frame: they carry a short, stricter set, set at once (helmet's twelve headers, set one by one
  // on every gate read, cost our server about a fifth of the baseline's whole work per read).
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (isApiPath(request.url)) {
      reply.headers(API_SECURITY_HEADERS);
      return done();
    }
    pageHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, context) => {
      const error = new Error('rate limited') as Error & { statusCode: number; code: string; retryAfter: number };
      error.statusCode = 429;
      error.code = 'RATE_LIMITED';
      error.retryAfter = Math.ceil(context.ttl / 1000);
      return error;
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cargo-window API', version: '1.0.0', description: 'Airport cargo truck-access platform. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cw_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from `POST /auth/login`, or a personal access token (`cwt_…`, made on 账号安全).' },
          device: { type: 'http', scheme: 'bearer', description: 'A gate device token (`cwd_…`) from `POST /admin/gates/{id}/devices`, shown once.' },
        },
        schemas: { Problem: problemSchema as never },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: openApiTransform as never,
  });

  app.addHook('onRequest', accessHook({ db: () => deps.db, clock: deps.clock }));
  app.addHook('preValidation', rejectUnstorableText);

  app.setErrorHandler(async (error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext;
      const errors = fieldErrorsFromIssues(error.validation as never).map((e) =>
        // An error about the whole body (an array, null) or query names it.
        where ? { ...e, field: e.field || where } : e,
      );
      return sendProblem(request, reply, 'VALIDATION', { errors: await withErrorsBeyondSchema(request, where, errors) });
    }
    if (isAppError(error)) {
      return sendProblem(request, reply, error.code, { status: error.status, errors: error.fieldErrors, extensions: error.extensions });
    }
    const fastifyError = error as { statusCode?: number; code?: string; retryAfter?: number };
    if (fastifyError.code === 'RATE_LIMITED') {
      if (fastifyError.retryAfter) reply.header('retry-after', String(fastifyError.retryAfter));
      return sendProblem(request, reply, 'RATE_LIMITED');
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(request, reply, 'PAYLOAD_TOO_LARGE');
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendProblem(request, reply, 'MALFORMED_JSON');
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 'DATABASE_UNAVAILABLE');
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return sendProblem(request, reply, 'BAD_REQUEST', { status: fastifyError.statusCode, detail: (error as Error).message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'INTERNAL');
  });

  const health = async (_request: unknown, reply: { status: (code: number) => unknown }) => {
    const up = await deps.handle.ping();
    reply.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'degraded', database: { engine: deps.handle.engine, up } };
  };
  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, health);

  await app.register(
    async (api) => {
      api.get('/health', { config: { access: 'public' }, schema: { tags: ['platform'], summary: 'Liveness and database state' } }, health);
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
      await api.register(identityRoutes(deps));
      await api.register(accountRoutes(deps));
      await api.register(webauthnRoutes(deps));
      await api.register(vehicleRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(schedulingRoutes(deps));
      await api.register(gateRoutes(deps));
      await api.register(liveRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(boardRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  const webDist = options.webDist;
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    // Files are looked up per request (wildcard), so a rebuilt web app is served without a restart.
    // The build writes Brotli and gzip copies of its files (apps/web/src/build/precompress.ts): a
    // browser that accepts one gets it (the login page's JavaScript: 806 KB as built, 278 KB gzip),
    // and every file says that its bytes depend on Accept-Encoding, for the caches on the way.
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: true,
      maxAge: '1h',
      index: ['index.html'],
      preCompressed: true,
      setHeaders: (res) => res.setHeader('vary', 'accept-encoding'),
    });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0])) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return sendProblem(request, reply, 'ROUTE_NOT_FOUND');
    });
  } else {
    app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 'ROUTE_NOT_FOUND'));
  }
  return app;
}
