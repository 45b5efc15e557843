import { EventEmitter } from 'node:events';

import { sql } from 'kysely';
import pg from 'pg';

import type { Permission } from '@cargo-window/contracts';

import type { DatabaseHandle, Db } from './db.ts';
import { DATABASE_KEEPALIVE } from './pg-keepalive.ts';

/**
 * Live events (server-sent to browsers). They are published with `pg_notify` inside the
 * transaction that makes the change, so they go out only if it commits, and PostgreSQL delivers
 * them to every server instance that listens (LISTEN/NOTIFY) — the embedded database does the same
 * for its single instance.
 */
export interface LiveEvent {
  type: string;
  /** Who may see it: all given scopes must match the subscriber. */
  terminalId?: string;
  enterpriseId?: string;
  userIds?: string[];
  /** With `enterpriseId`: only its users holding one of these permissions (an administrator holds all). */
  permissions?: readonly Permission[];
  /** Visible to anyone, logged in or not (the public capacity board). */
  public?: boolean;
  data: Record<string, unknown>;
}

export const EVENTS_CHANNEL = 'cw_events';

/**
 * Not for any page: sessions ended (`{ sessionId }`, every session of `{ userId }`, or a personal
 * access token `{ apiTokenId }`), so that every instance closes the live streams they opened
 * (modules/live).
 */
export const SESSIONS_ENDED = 'sessions.ended';

/**
 * A person's permissions changed (`{ permissions }`, the effective ones, to their `userIds`): their
 * open streams filter what they hear by the new ones from then on (modules/live), and their pages
 * read who they are again, so that the menu and the page guards follow at once.
 */
export const PERMISSIONS_CHANGED = 'user.permissions';
const MAX_PAYLOAD = 7900;
/** Events sent per `pg_notify` statement; each is one row of the statement's unnest. */
const BATCH = 500;

function payloadOf(event: LiveEvent): string {
  const payload = JSON.stringify(event);
  // UTF-8 takes at most three bytes for a UTF-16 unit: a short payload needs no byte count.
  const tooLong = payload.length * 3 > MAX_PAYLOAD && Buffer.byteLength(payload) > MAX_PAYLOAD;
  return tooLong ? JSON.stringify({ ...event, data: { truncated: true } }) : payload;
}

/**
 * Events packed into as few notifications as their size allows, each a JSON array of events of at
 * most MAX_PAYLOAD bytes: under the gate load PostgreSQL queued, and every listening server read
 * and parsed, one notification per event — thousands a second — where a few hundred carry them.
 */
function packed(payloads: readonly string[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const payload of payloads) {
    const size = Buffer.byteLength(payload) + 1;
    if (part.length > 0 && bytes + size > MAX_PAYLOAD) {
      out.push(`[${part.join(',')}]`);
      part = [];
      bytes = 2;
    }
    part.push(payload);
    bytes += size;
  }
  if (part.length > 0) out.push(`[${part.join(',')}]`);
  return out;
}

/**
 * Between notifications in the one parameter of `notifyAll`: the record separator (`chr(30)` in
 * its SQL), which JSON text never holds raw (JSON.stringify writes control characters as \u001e).
 */
const SEPARATOR = '\u001e';

/**
 * One statement for all the payloads, sent as one text with a separator: the driver would escape
 * a text[] parameter character by character in JavaScript, and a JSON array of the payloads cost
 * a second encoding here and a parse in PostgreSQL, of every byte of every event.
 */
async function notifyAll(db: Db, payloads: readonly string[]): Promise<void> {
  await sql`select pg_notify(${EVENTS_CHANNEL}, p) from unnest(string_to_array(${packed(payloads).join(SEPARATOR)}::text, chr(30))) with ordinality as t(p, n) order by n`.execute(db);
}

/** Events of transactions run by `inTransaction`, held until the transaction commits. */
const heldByTransaction = new WeakMap<object, LiveEvent[]>();

/**
 * Publishes a live event. Inside `inTransaction` it is held and goes out only once the
 * transaction commits; outside one, at once.
 */
export async function publish(db: Db, event: LiveEvent): Promise<void> {
  const held = heldByTransaction.get(db);
  if (held) {
    held.push(event);
    return;
  }
  await notifyAll(db, [payloadOf(event)]);
}

export function holdEvents(trx: Db): LiveEvent[] {
  const held: LiveEvent[] = [];
  heldByTransaction.set(trx, held);
  return held;
}

export function isHoldingEvents(db: Db): boolean {
  return heldByTransaction.has(db);
}

/**
 * After commit, events go out through one sender per database: while one `pg_notify` statement
 * is in flight, later events wait and leave together in the next, and the first waits a few ms
 * for company. PostgreSQL serializes the
 * commits of all transactions that NOTIFY (a global lock held through the commit's WAL flush), so
 * a NOTIFY inside every gate read or booking made those commits take turns; batched outside them,
 * a burst of 500 commits costs a handful of NOTIFY commits (docs/performance.md).
 */
interface Sender {
  queue: string[];
  flushing: Promise<void> | null;
}

const senders = new WeakMap<Db, Sender>();
let onSendError: (error: Error) => void = () => {};

export function setEventSendErrorHandler(handler: (error: Error) => void): void {
  onSendError = handler;
}

export function sendCommitted(db: Db, events: readonly LiveEvent[]): void {
  if (events.length === 0) return;
  let sender = senders.get(db);
  if (!sender) {
    sender = { queue: [], flushing: null };
    senders.set(db, sender);
  }
  for (const event of events) sender.queue.push(payloadOf(event));
  if (!sender.flushing) sender.flushing = flush(db, sender);
}

/** How long the first event of a batch waits for others: a few ms that open pages never notice. */
const GATHER_MS = 5;

async function flush(db: Db, sender: Sender): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
  while (sender.queue.length > 0) {
    const batch = sender.queue.splice(0, BATCH);
    try {
      await notifyAll(db, batch);
    } catch (error) {
      // Live events are hints for open pages (they refetch on reconnect); the change itself is stored.
      onSendError(error as Error);
    }
  }
  sender.flushing = null;
}

/** Waits until every committed event has gone out (before the database closes). */
export async function drainEvents(db: Db): Promise<void> {
  for (let sender = senders.get(db); sender?.flushing; ) await sender.flushing;
}

export interface EventBus {
  subscribe(handler: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export async function startEventBus(handle: DatabaseHandle, options: { connectionString?: string; onError?: (error: Error) => void } = {}): Promise<EventBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const deliver = (payload: string | undefined) => {
    // With no page listening (a server busy only with devices and the API), nothing is parsed.
    if (!payload || emitter.listenerCount('event') === 0) return;
    try {
      // A notification carries an array of events (`packed`), or one event as sent before.
      const parsed = JSON.parse(payload) as LiveEvent | LiveEvent[];
      for (const event of Array.isArray(parsed) ? parsed : [parsed]) emitter.emit('event', event);
    } catch (error) {
      options.onError?.(error as Error);
    }
  };

  let stop: () => Promise<void>;
  if (handle.engine === 'pglite' && handle.pglite) {
    const unlisten = await handle.pglite.listen(EVENTS_CHANNEL, deliver);
    stop = () => unlisten();
  } else {
    stop = await listenPostgres(options.connectionString!, deliver, options.onError);
  }
  return {
    subscribe(handler) {
      emitter.on('event', handler);
      return () => emitter.off('event', handler);
    },
    close: () => stop(),
  };
}

/** A dedicated connection that LISTENs, and reconnects when the database comes back. */
async function listenPostgres(connectionString: string, deliver: (payload: string | undefined) => void, onError?: (error: Error) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, ...DATABASE_KEEPALIVE });
    next.on('notification', (message) => deliver(message.payload));
    next.on('error', (error) => {
      onError?.(error);
      scheduleReconnect();
    });
    next.on('end', () => scheduleReconnect());
    await next.connect();
    await next.query(`listen ${EVENTS_CHANNEL}`);
    client = next;
  };
  const scheduleReconnect = () => {
    client = null;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((error) => {
        onError?.(error as Error);
        scheduleReconnect();
      });
    }, 1000);
  };
  await connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    await (client as pg.Client | null)?.end().catch(() => undefined);
  };
}
