import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

import { errorCatalog, type ErrorCode } from '@cargo-window/contracts';

import type { Access } from './access.ts';

/*
 * The OpenAPI document says what a client meets besides the happy path: which requests need no
 * login, and the problem+json answers each route can give. Those follow from the route (what it
 * takes, whether it writes, who may call it); a route names the codes particular to it in
 * `config.problems` (a booking's SLOT_FULL, a login's INVALID_CREDENTIALS).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error codes particular to this route, for its OpenAPI answers (documentation only). */
    problems?: readonly ErrorCode[];
  }
}

const PROBLEM_REF = '#/components/schemas/Problem';

/** Codes grouped by the status the catalog answers each with, in the order given. */
function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorCatalog[code].status;
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return groups;
}

const codeList = (codes: readonly ErrorCode[]) => codes.map((code) => `\`${code}\``).join(', ');

/** The catalog's codes, by the status they are answered with: `400: VALIDATION, …; 401: …`. */
function codesByStatus(): string {
  return [...byStatus(Object.keys(errorCatalog) as ErrorCode[]).entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, codes]) => `${status}: ${codeList(codes)}`)
    .join('; ');
}

/** RFC 9457 problem details as the server writes them (`problem.ts`), for `components.schemas`. */
export const problemSchema = {
  type: 'object',
  description: `RFC 9457 problem details. \`code\` is stable; \`title\` and the field errors' \`message\` follow \`Accept-Language\` (zh-CN unless English). Codes by status — ${codesByStatus()}.`,
  properties: {
    type: { type: 'string', examples: ['/problems/slot-full'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(errorCatalog) },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Every field error of the request at once (400): `field` is the path in the body or query, e.g. `awbs.0.awb`.',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'code', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'code'],
  additionalProperties: true,
};

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } } };
}

/** The problem answers a route can give, by what it takes, what it does and who may call it. */
export function problemResponses(route: { method: string | string[]; url: string; schema?: FastifySchema; config?: { access?: Access; rateLimit?: unknown; problems?: readonly ErrorCode[] } }): Record<string, unknown> {
  const access = route.config?.access;
  const writes = ([] as string[]).concat(route.method).some((method) => method !== 'GET' && method !== 'HEAD');
  const responses: Record<string, unknown> = {};
  if (route.schema?.body || route.schema?.querystring || route.schema?.params) {
    responses['400'] = problemResponse('The request fails validation: `VALIDATION` lists every field error in `errors` (also `MALFORMED_JSON`, `BAD_REQUEST`).');
  }
  if (access !== 'public') responses['401'] = problemResponse('No valid session, access token or device token: `UNAUTHENTICATED`, `SESSION_EXPIRED`.');
  if (typeof access === 'object') responses['403'] = problemResponse('The caller\'s role or permissions do not allow this: `FORBIDDEN`.');
  if (route.url.includes(':')) responses['404'] = problemResponse('Nothing with this id that the caller may see (another enterprise\'s records answer as missing ones): `NOT_FOUND`.');
  if (writes && access !== 'device' && access !== 'public') responses['409'] = problemResponse('The record\'s state or a rule refuses the command, and nothing is written (e.g. `SLOT_FULL`, `VEHICLE_BUSY`, `APPOINTMENT_NOT_CANCELLABLE`).');
  if (route.config?.rateLimit) responses['429'] = problemResponse('Too many attempts: `RATE_LIMITED`; `Retry-After` says when to try again.');
  responses['503'] = problemResponse('`DATABASE_UNAVAILABLE`; `Retry-After` says when to try again.');
  for (const [status, codes] of byStatus(route.config?.problems ?? [])) {
    const known = responses[status] as { description: string } | undefined;
    responses[status] = problemResponse(known ? `${known.description} This route also: ${codeList(codes)}.` : `${codeList(codes)}.`);
  }
  return responses;
}

/** Who may call a route, as OpenAPI security: nobody needs to log in for a public route; a device uses its token. */
function securityOf(access: Access | undefined): unknown[] | undefined {
  if (access === 'public') return [];
  if (access === 'device') return [{ device: [] }];
  return undefined;
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route: RouteOptions };

/** fastify-type-provider-zod's transform, then the route's problem answers and security. */
export function openApiTransform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const transformed = jsonSchemaTransform(input);
  const route = input.route;
  const config = route.config as { access?: Access; rateLimit?: unknown; problems?: readonly ErrorCode[] } | undefined;
  const schema = transformed.schema as Record<string, unknown>;
  const problems = problemResponses({ method: route.method, url: route.url, schema: input.schema, config });
  schema.response = { ...problems, ...(schema.response as Record<string, unknown> | undefined) };
  const security = securityOf(config?.access);
  if (security && schema.security === undefined) schema.security = security;
  return transformed;
}
