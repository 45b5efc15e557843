import type { FieldError, Problem } from '@cargo-window/contracts';

import { currentLanguage } from '../i18n/index.ts';

export const API_BASE = '/api/v1';
/** Every state-changing request made with the session cookie must carry it (see server access hook). */
export const CSRF_HEADER = 'x-cw-csrf';
/** Client-side code for a request that never got an HTTP answer. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/** A problem+json answer (or a network failure) as one error the UI can branch on by `code`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fieldErrors: FieldError[];
  readonly problem: Partial<Problem>;

  constructor(problem: Partial<Problem> & { code: string; status: number }) {
    super(problem.title ?? problem.code);
    this.name = 'ApiError';
    this.code = problem.code;
    this.status = problem.status;
    this.fieldErrors = problem.errors ?? [];
    this.problem = problem;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** 401s that mean "the session is gone" (not a wrong password at the login form). */
export function isSessionLost(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED');
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
  };
  if (!SAFE_METHODS.has(method)) headers[CSRF_HEADER] = '1';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(API_BASE + path + queryString(options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ code: NETWORK_ERROR, status: 0, title: (error as Error).message });
  }

  if (response.status === 204) return undefined as T;
  const body = await readJson(response);
  if (response.ok) return body as T;
  throw new ApiError(toProblem(response, body));
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A problem body when the server sent one; otherwise a coded stand-in (e.g. a proxy's 502 page). */
function toProblem(response: Response, body: unknown): Partial<Problem> & { code: string; status: number } {
  if (body && typeof body === 'object' && typeof (body as Problem).code === 'string') {
    return { ...(body as Problem), status: response.status };
  }
  const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : response.status === 404 ? 'NOT_FOUND' : response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  return { code, status: response.status, title: response.statusText };
}
