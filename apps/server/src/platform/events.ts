import { EventEmitter } from 'node:events';

import { sql } from 'kysely';
import pg from 'pg';

import type { DatabaseHandle, Db } from './db.ts';

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
  /** Visible to anyone, logged in or not (the public capacity board). */
  public?: boolean;
  data: Record<string, unknown>;
}

export const EVENTS_CHANNEL = 'cw_events';
const MAX_PAYLOAD = 7900;

export async function publish(db: Db, event: LiveEvent): Promise<void> {
  let payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ ...event, data: { truncated: true } });
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`.execute(db);
}

export interface EventBus {
  subscribe(handler: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export async function startEventBus(handle: DatabaseHandle, options: { connectionString?: string; onError?: (error: Error) => void } = {}): Promise<EventBus> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const deliver = (payload: string | undefined) => {
    if (!payload) return;
    try {
      emitter.emit('event', JSON.parse(payload) as LiveEvent);
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
    const next = new pg.Client({ connectionString });
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
