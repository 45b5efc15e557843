import type { FastifyRequest } from 'fastify';

import type { FieldError } from '@cargo-window/contracts';
import { isErrorCode } from '@cargo-window/contracts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Field errors beyond the schema's, looked for when the body fails its schema too (ids that
     * name nothing, say), so that one 400 lists every field error of the request at once. It gets
     * the raw body, when that is an object at all: whatever it reads from it, it must check.
     */
    bodyErrorsBeyondSchema?: (request: FastifyRequest, body: Record<string, unknown>) => Promise<FieldError[]>;
  }
}

interface RawIssue {
  code?: string;
  keyword?: string;
  path?: PropertyKey[];
  instancePath?: string;
  message?: string;
  input?: unknown;
  origin?: string;
  keys?: string[];
  errors?: RawIssue[][];
  params?: Record<string, unknown>;
}

function codeFor(issue: RawIssue): string {
  if (issue.message && isErrorCode(issue.message)) return issue.message;
  const origin = issue.origin;
  switch (issue.code) {
    case 'invalid_type':
      // Zod reports the input only when asked; its own message names what it received.
      return issue.input === undefined && (issue.message === undefined || /received undefined$/.test(issue.message)) ? 'REQUIRED' : 'INVALID_TYPE';
    case 'too_small':
      return origin === 'string' ? (issue.input === '' ? 'REQUIRED' : 'TOO_SHORT') : origin === 'array' ? 'TOO_SHORT' : 'TOO_SMALL';
    case 'too_big':
      return origin === 'string' || origin === 'array' ? 'TOO_LONG' : 'TOO_BIG';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    default:
      return 'INVALID_VALUE';
  }
}

/** Flattens zod issues (as fastify-type-provider-zod hands them over) into our field errors. */
export function fieldErrorsFromIssues(issues: RawIssue[], prefix: PropertyKey[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const raw of issues) {
    const issue: RawIssue = raw.params ? { ...raw.params, ...raw, code: raw.keyword ?? raw.code } : raw;
    const path = issue.path ?? (issue.instancePath ? issue.instancePath.split('/').filter(Boolean) : []);
    const full = [...prefix, ...path];
    // A union with a code of its own (e.g. REQUIRED) says it; otherwise the alternative come closest to.
    if (issue.code === 'invalid_union' && !(issue.message && isErrorCode(issue.message)) && Array.isArray(issue.errors) && issue.errors.length > 0) {
      // Report the alternative the client came closest to.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      if (best.length > 0) {
        out.push(...fieldErrorsFromIssues(best, full));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) out.push({ field: [...full, key].join('.'), code: 'UNKNOWN_FIELD', message: 'Unknown field' });
      continue;
    }
    const code = codeFor(issue);
    out.push({ field: full.map(String).join('.'), code, message: code });
  }
  // One error per field is enough for a form to mark it.
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

/** The schema's errors, then those found beyond it on fields the schema let pass. */
export async function withErrorsBeyondSchema(request: FastifyRequest, where: string | undefined, schemaErrors: FieldError[]): Promise<FieldError[]> {
  const beyond = where === 'body' ? request.routeOptions.config.bodyErrorsBeyondSchema : undefined;
  const body: unknown = request.body;
  // A body that is no object (an array, null, text) has no fields to look further into.
  if (!beyond || typeof body !== 'object' || body === null || Array.isArray(body)) return schemaErrors;
  const marked = new Set(schemaErrors.map((e) => e.field));
  return [...schemaErrors, ...(await beyond(request, body as Record<string, unknown>)).filter((e) => !marked.has(e.field))];
}
