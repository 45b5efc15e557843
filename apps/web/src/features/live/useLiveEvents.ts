import { useEffect, useRef, useSyncExternalStore } from 'react';

import { API_BASE } from '../../api/client.ts';
import { liveStreamUrl, rememberLiveCursor } from './cursor.ts';
import { LIVE_CURSOR, LIVE_OPEN, liveEventTypes, parseLiveEvent, reconnectDelay, SESSION_ENDED, type LiveEvent } from './events.ts';

type Handler = (event: LiveEvent) => void;
export type LiveStatus = 'connecting' | 'open' | 'closed';

/**
 * One EventSource per tab, shared by every page that listens, opened with the first listener and
 * closed with the last. The browser retries a dropped stream by itself; when it gives up (an
 * error answer such as a 401 or a 502 closes the source for good) we open a new one with a
 * growing delay. A stream whose session ended says so (`session.ended`) and is not reopened until a
 * page subscribes again.
 */
const handlers = new Set<Handler>();
const statusListeners = new Set<() => void>();
let source: EventSource | null = null;
let status: LiveStatus = 'closed';
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function setStatus(next: LiveStatus) {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener();
}

function dispatch(event: LiveEvent) {
  for (const handler of [...handlers]) {
    try {
      handler(event);
    } catch (error) {
      console.error('live event handler failed', error);
    }
  }
}

function open() {
  if (source || typeof EventSource === 'undefined') return;
  setStatus('connecting');
  const es = new EventSource(liveStreamUrl(API_BASE), { withCredentials: true });
  source = es;
  es.onopen = () => {
    failures = 0;
    setStatus('open');
    dispatch({ type: LIVE_OPEN, data: {} });
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      if (source === es) source = null;
      setStatus('closed');
      scheduleReconnect();
    } else {
      setStatus('connecting'); // the browser is retrying by itself
    }
  };
  for (const type of liveEventTypes) {
    es.addEventListener(type, (message) => {
      rememberLiveCursor((message as MessageEvent<string>).lastEventId);
      const event = parseLiveEvent(type, (message as MessageEvent<string>).data);
      if (event) dispatch(event);
    });
  }
  // Sent once the notices missed before the stream opened are out: where it stands from then on.
  es.addEventListener(LIVE_CURSOR, (message) => rememberLiveCursor((message as MessageEvent<string>).lastEventId));
  // The session is over: no reconnecting (it would be refused); the listeners learn why.
  es.addEventListener(SESSION_ENDED, () => {
    es.close();
    if (source === es) source = null;
    setStatus('closed');
    dispatch({ type: SESSION_ENDED, data: {} });
  });
}

function scheduleReconnect() {
  if (retryTimer || handlers.size === 0) return;
  failures += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (handlers.size > 0) open();
  }, reconnectDelay(failures));
}

function close() {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = null;
  failures = 0;
  setStatus('closed');
}

function subscribe(handler: Handler): () => void {
  handlers.add(handler);
  open();
  return () => {
    handlers.delete(handler);
    if (handlers.size === 0) close();
  };
}

/**
 * Calls `handler` for every live event this user may see (gate reads, zone and slot changes,
 * appointment status changes), and with `{ type: 'live.open' }` each time the stream (re)opens.
 * The handler may change between renders; the subscription stays.
 */
export function useLiveEvents(handler: Handler, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    return subscribe((event) => latest.current(event));
  }, [enabled]);
}

/** The shared stream's state, for a "live" indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    () => status,
    () => 'closed',
  );
}
