import type { FastifyReply, FastifyRequest } from 'fastify';

import type { FieldError } from '@cargo-window/contracts';

import { sendProblem } from './problem.ts';

const MAX_REPORTED = 20;

/**
 * Text PostgreSQL cannot store: U+0000 (refused in text columns) and lone UTF-16 surrogates
 * (JSON.stringify writes them as `\ud800`, which jsonb refuses — audit rows and history details
 * are jsonb). No real client sends either.
 */
export function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type PathNode = { key: string; parent: PathNode | null } | null;

function pathOf(node: PathNode): string {
  const keys: string[] = [];
  for (let n = node; n; n = n.parent) keys.push(n.key);
  return keys.reverse().join('.');
}

/**
 * The fields (dotted paths) of a parsed JSON value whose key or text is unstorable. Iterative, so
 * a body nested 10,000 levels deep cannot overflow the stack.
 */
export function unstorableFields(value: unknown, root: string[] = []): string[] {
  let rootNode: PathNode = null;
  for (const key of root) rootNode = { key, parent: rootNode };
  const found: string[] = [];
  const stack: [unknown, PathNode][] = [[value, rootNode]];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [current, node] = stack.pop()!;
    if (typeof current === 'string') {
      if (isUnstorable(current)) found.push(pathOf(node));
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], { key: String(i), parent: node }]);
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (isUnstorable(key)) found.push(pathOf({ key, parent: node }));
        else stack.push([child, { key, parent: node }]);
      }
    }
  }
  return found;
}

/**
 * A request carrying unstorable text in its body, query or path would reach the database and
 * fail there as a 500 (found by security/fuzz.test.ts). It is refused up front as field errors.
 */
export async function rejectUnstorableText(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
  const fields = [...unstorableFields(request.params), ...unstorableFields(request.query), ...unstorableFields(request.body)];
  if (fields.length === 0) return;
  const errors: FieldError[] = fields.slice(0, MAX_REPORTED).map((field) => ({ field: field || 'body', code: 'INVALID_VALUE', message: 'INVALID_VALUE' }));
  return sendProblem(request, reply, 'VALIDATION', { errors });
}
