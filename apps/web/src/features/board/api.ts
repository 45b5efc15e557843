import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

import { API_BASE, ApiError, NETWORK_ERROR } from '../../api/client.ts';
import { reconnectDelay } from '../live/events.ts';

export interface FlagCounts {
  pickup: number;
  delivery: number;
}

export interface BoardSlot {
  start: string;
  end: string;
  capacity: FlagCounts;
  free: FlagCounts;
}

export interface BoardTerminal {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  insideNow: number;
  days: { date: string; closed: boolean; slots: BoardSlot[] }[];
}

export interface Board {
  generatedAt: string;
  terminals: BoardTerminal[];
}

export const boardKey = ['board'] as const;
const REFRESH_MS = 30_000;

/**
 * The server lets caches keep the board for 5 s; a reload after a live change must not get the
 * browser's copy from before the change, so it revalidates (`no-cache`) every time.
 */
async function fetchBoard(signal: AbortSignal): Promise<Board> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/board`, { headers: { Accept: 'application/json' }, cache: 'no-cache', signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ code: NETWORK_ERROR, status: 0, title: (error as Error).message });
  }
  if (!response.ok) throw new ApiError({ code: response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', status: response.status, title: response.statusText });
  return (await response.json()) as Board;
}

/** `GET /board` (public): every 30 s, and at once on a live capacity or zone change. */
export function useBoard() {
  return useQuery({
    queryKey: boardKey,
    queryFn: ({ signal }) => fetchBoard(signal),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

export type PublicLiveStatus = 'connecting' | 'open' | 'closed';

/**
 * The public live stream (`/events/public`, no login): `slot.changed` and `zone.changed` make the
 * board reload (several changes in a burst make one reload). The browser reconnects a dropped
 * stream by itself; after an error answer we open a new one with a growing delay.
 */
export function usePublicBoardEvents(): PublicLiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<PublicLiveStatus>('connecting');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    let source: EventSource | null = null;
    let failures = 0;
    let down = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const reload = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void queryClient.invalidateQueries({ queryKey: boardKey });
      }, 250);
    };

    const open = () => {
      setStatus('connecting');
      const es = new EventSource(`${API_BASE}/events/public`);
      source = es;
      es.onopen = () => {
        // Anything missed while the stream was down.
        if (down) reload();
        down = false;
        failures = 0;
        setStatus('open');
      };
      es.onerror = () => {
        down = true;
        if (es.readyState !== EventSource.CLOSED) {
          setStatus('connecting');
          return;
        }
        es.close();
        setStatus('closed');
        failures += 1;
        if (!stopped) retry = setTimeout(open, reconnectDelay(failures));
      };
      es.addEventListener('slot.changed', reload);
      es.addEventListener('zone.changed', reload);
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      source?.close();
    };
  }, [queryClient]);

  return status;
}
