import type { FastifyReply, FastifyRequest } from 'fastify';

import { errorCatalog, errorMessage, isErrorCode, type ErrorCode, type FieldError, type Language, type Problem } from '@cargo-window/contracts';

/** zh-CN unless the client prefers English: our users read Chinese first. */
export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '') return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function problemBody(
  request: FastifyRequest,
  code: ErrorCode,
  options: { status?: number; detail?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): Problem {
  const language = requestLanguage(request);
  const status = options.status ?? errorCatalog[code].status;
  const body: Problem = {
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: errorMessage(code, language),
    status,
    code,
    instance: request.url.split('?')[0],
    ...options.extensions,
  };
  if (options.detail) body.detail = options.detail;
  if (options.errors) {
    body.errors = options.errors.map((e) => ({ ...e, message: isErrorCode(e.code) ? errorMessage(e.code, language) : e.message }));
  }
  return body;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  options: { status?: number; detail?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): FastifyReply {
  const body = problemBody(request, code, options);
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}
