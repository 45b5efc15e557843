import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nationalTestAccounts, nationalTestCards, nationalTestEnterprise } from './fixtures.ts';

/**
 * A stand-in for the national single-window account service, for development and tests.
 *
 *   GET  /health     → 200 { status: 'ok' }
 *   POST /v1/verify  { username, password } | { cardNo, pin }
 *                    → 200 { enterprise }
 *                    → 4xx { error: NationalSimulatorErrorCode, ... }
 *
 * Card lock state lives in the simulator instance: a card locks after
 * NATIONAL_CARD_MAX_PIN_ATTEMPTS consecutive wrong PINs (a right PIN resets the count), and
 * the fixture card marked `locked` starts locked. Nothing ever unlocks a card except a restart.
 */

export const NATIONAL_CARD_MAX_PIN_ATTEMPTS = 5;

/** The simulator's own error vocabulary (the HTTP client maps it to our AppError codes). */
export type NationalSimulatorErrorCode =
  | 'ACCOUNT_UNKNOWN'
  | 'PASSWORD_WRONG'
  | 'CARD_UNKNOWN'
  | 'PIN_WRONG'
  | 'CARD_LOCKED'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED';

export const nationalSimulatorErrorStatus: Readonly<Record<NationalSimulatorErrorCode, number>> = Object.freeze({
  ACCOUNT_UNKNOWN: 404,
  PASSWORD_WRONG: 401,
  CARD_UNKNOWN: 404,
  PIN_WRONG: 401,
  CARD_LOCKED: 423,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
});

export interface NationalSimulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (an ephemeral port, read it from `url`). */
  port?: number;
  /** Wait this long before answering each POST /v1/verify (to exercise client timeouts). Default 0. */
  delayMs?: number;
}

export interface NationalSimulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:4100 */
  url: string;
  /** Stops listening, drops open connections and pending delayed answers. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;

type Answer = { status: number; body: Record<string, unknown> };

const fail = (error: NationalSimulatorErrorCode, extra: Record<string, unknown> = {}): Answer => ({
  status: nationalSimulatorErrorStatus[error],
  body: { error, ...extra },
});

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
/** Equal-length digests, so the comparison does not leak where the strings differ. */
const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

const isString = (v: unknown): v is string => typeof v === 'string';

export async function startNationalSimulator(options: NationalSimulatorOptions = {}): Promise<NationalSimulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const delayMs = Math.max(0, options.delayMs ?? 0);

  // Per-instance state.
  const lockedCards = new Set(nationalTestCards.filter((c) => c.locked).map((c) => c.cardNo));
  const wrongPins = new Map<string, number>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let closing = false;

  function verify(body: unknown): Answer {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('BAD_REQUEST', { detail: 'body must be a JSON object' });
    const b = body as Record<string, unknown>;
    const byAccount = 'username' in b || 'password' in b;
    const byCard = 'cardNo' in b || 'pin' in b;
    if (byAccount === byCard) return fail('BAD_REQUEST', { detail: 'send either { username, password } or { cardNo, pin }' });

    if (byAccount) {
      if (!isString(b.username) || !isString(b.password)) return fail('BAD_REQUEST', { detail: 'username and password must be strings' });
      const account = nationalTestAccounts.find((a) => a.username === b.username);
      if (!account) return fail('ACCOUNT_UNKNOWN');
      if (!sameSecret(b.password, account.password)) return fail('PASSWORD_WRONG');
      return { status: 200, body: { enterprise: { ...nationalTestEnterprise(account.nationalId) } } };
    }

    if (!isString(b.cardNo) || !isString(b.pin)) return fail('BAD_REQUEST', { detail: 'cardNo and pin must be strings' });
    const card = nationalTestCards.find((c) => c.cardNo === b.cardNo);
    if (!card) return fail('CARD_UNKNOWN');
    if (lockedCards.has(card.cardNo)) return fail('CARD_LOCKED');
    if (!sameSecret(b.pin, card.pin)) {
      const failures = (wrongPins.get(card.cardNo) ?? 0) + 1;
      wrongPins.set(card.cardNo, failures);
      if (failures >= NATIONAL_CARD_MAX_PIN_ATTEMPTS) lockedCards.add(card.cardNo);
      return fail('PIN_WRONG', { remainingAttempts: Math.max(0, NATIONAL_CARD_MAX_PIN_ATTEMPTS - failures) });
    }
    wrongPins.delete(card.cardNo);
    return { status: 200, body: { enterprise: { ...nationalTestEnterprise(card.nationalId) } } };
  }

  function send(res: ServerResponse, answer: Answer): void {
    if (res.destroyed || res.writableEnded) return;
    const payload = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      'cache-control': 'no-store',
    });
    res.end(payload);
  }

  function readBody(req: IncomingMessage): Promise<{ text: string } | { tooLarge: true }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) tooLarge = true;
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(tooLarge ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
      req.on('error', reject);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;

    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, fail('METHOD_NOT_ALLOWED'));
      return send(res, { status: 200, body: { status: 'ok' } });
    }
    if (path !== '/v1/verify') return send(res, fail('NOT_FOUND'));
    if (req.method !== 'POST') return send(res, fail('METHOD_NOT_ALLOWED'));

    const read = await readBody(req);
    if ('tooLarge' in read) return send(res, fail('PAYLOAD_TOO_LARGE'));
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch {
      return send(res, fail('BAD_REQUEST', { detail: 'body is not valid JSON' }));
    }

    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          resolve();
        }, delayMs);
        pendingTimers.add(timer);
      });
      if (closing || res.destroyed) return;
    }
    send(res, verify(body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: { error: 'INTERNAL' } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
