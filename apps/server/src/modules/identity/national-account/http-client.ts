import { appError, type AppError } from '../../../platform/errors.ts';
import type { NationalAccountService, NationalCredentials, NationalEnterprise } from './types.ts';

/**
 * HTTP adapter for the national account service (and its simulator, ./simulator.ts).
 *
 * POST {baseUrl}/v1/verify with { username, password } or { cardNo, pin }. The service's own
 * error vocabulary is mapped to our AppError codes; anything else — network failure, timeout,
 * 5xx, an unexpected status or error, malformed JSON, a success body of the wrong shape —
 * becomes NATIONAL_SERVICE_UNAVAILABLE, with `extensions.reason` saying which.
 */

export interface NationalAccountClientOptions {
  /** e.g. http://127.0.0.1:4100 (NATIONAL_ACCOUNT_URL); a trailing slash is ignored. */
  baseUrl: string;
  /** Whole-request budget (connect, answer and body). Default 3000 ms. */
  timeoutMs?: number;
}

export const NATIONAL_CLIENT_DEFAULT_TIMEOUT_MS = 3000;

type ErrorCode = AppError['code'];

const upstreamErrors: Readonly<Record<string, ErrorCode>> = Object.freeze({
  ACCOUNT_UNKNOWN: 'NATIONAL_ACCOUNT_UNKNOWN',
  PASSWORD_WRONG: 'NATIONAL_PASSWORD_WRONG',
  CARD_UNKNOWN: 'NATIONAL_CARD_UNKNOWN',
  PIN_WRONG: 'NATIONAL_CARD_PIN_WRONG',
  CARD_LOCKED: 'NATIONAL_CARD_LOCKED',
});

type UnavailableReason = 'timeout' | 'network' | 'http_status' | 'malformed_response';

function unavailable(reason: UnavailableReason, extra: Record<string, unknown> = {}): AppError {
  return appError('NATIONAL_SERVICE_UNAVAILABLE', undefined, { reason, ...extra });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFilled = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The enterprise from a success body, or null when any field is missing or of the wrong type. */
function parseEnterprise(body: unknown): NationalEnterprise | null {
  if (!isObject(body) || !isObject(body.enterprise)) return null;
  const e = body.enterprise;
  if (
    !isFilled(e.nationalId) ||
    !isFilled(e.name) ||
    !isFilled(e.uscc) ||
    !isNullableString(e.customsCode) ||
    !isNullableString(e.address) ||
    !isFilled(e.contactName) ||
    !isFilled(e.contactPhone)
  ) {
    return null;
  }
  // Copy the known fields only: nothing else from upstream leaks into our domain.
  return {
    nationalId: e.nationalId,
    name: e.name,
    uscc: e.uscc,
    customsCode: e.customsCode,
    address: e.address,
    contactName: e.contactName,
    contactPhone: e.contactPhone,
  };
}

function requestBody(credentials: NationalCredentials): string {
  return JSON.stringify(
    'username' in credentials
      ? { username: credentials.username, password: credentials.password }
      : { cardNo: credentials.cardNo, pin: credentials.pin },
  );
}

export function createNationalAccountClient(options: NationalAccountClientOptions): NationalAccountService {
  const timeoutMs = options.timeoutMs ?? NATIONAL_CLIENT_DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const verifyUrl = new URL(`${baseUrl}/v1/verify`).href; // throws at start-up on a bad URL

  return {
    async verify(credentials: NationalCredentials): Promise<NationalEnterprise> {
      let status: number;
      let text: string;
      try {
        const response = await fetch(verifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: requestBody(credentials),
          redirect: 'error', // never replay credentials to wherever a redirect points
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const name = (error as Error | undefined)?.name;
        throw name === 'TimeoutError' || name === 'AbortError' ? unavailable('timeout', { timeoutMs }) : unavailable('network');
      }

      if (status >= 500) throw unavailable('http_status', { upstreamStatus: status });

      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw unavailable('malformed_response', { upstreamStatus: status });
      }

      if (status === 200) {
        const enterprise = parseEnterprise(body);
        if (!enterprise) throw unavailable('malformed_response', { upstreamStatus: status });
        return enterprise;
      }

      if (status >= 400 && status < 500 && isObject(body) && typeof body.error === 'string' && Object.hasOwn(upstreamErrors, body.error)) {
        const code = upstreamErrors[body.error];
        const extensions =
          code === 'NATIONAL_CARD_PIN_WRONG' && typeof body.remainingAttempts === 'number'
            ? { remainingAttempts: body.remainingAttempts }
            : undefined;
        throw appError(code, undefined, extensions);
      }

      // 400 BAD_REQUEST, 404 NOT_FOUND (wrong base URL), 3xx, other 2xx, unknown errors.
      throw unavailable('http_status', { upstreamStatus: status, ...(isObject(body) && typeof body.error === 'string' ? { upstreamError: body.error } : {}) });
    },
  };
}
