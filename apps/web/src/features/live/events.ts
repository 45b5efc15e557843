/** This person's permissions changed (`{ permissions }`): the page reads who they are again. */
export const PERMISSIONS_CHANGED = 'user.permissions';

/**
 * Live events from `GET /api/v1/events` (server-sent events). The server names each message
 * (`event: gate.read`), so a browser EventSource only hears the types it listens to: every type
 * the server publishes is listed here.
 */
export const liveEventTypes = [
  'gate.read',
  'zone.changed',
  'slot.changed',
  'appointment.status',
  PERMISSIONS_CHANGED,
  // A new notice for this user: `notification.<kind>` with { kind, title, body, at } (server notify.ts),
  // and `missed: true` when sent again as the stream opens (server live/missed-notices.ts).
  'notification.filing.approved',
  'notification.filing.returned',
  'notification.appointment.booked',
  'notification.appointment.rejected',
  'notification.appointment.no_show',
  'notification.slot.capacity_changed',
  'notification.gate.entered',
  'notification.gate.exited',
] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

/** Live events of a new notice: `notification.<kind>`. */
export const NOTICE_PREFIX = 'notification.';

/** From the server, for the stream itself: its position (`id:`) once the notices missed before it opened are out. */
export const LIVE_CURSOR = 'live.cursor';

/**
 * From the server, as a stream's last message: its session ended (退出 in another tab, ended from
 * 会话管理, the operator disabled) or expired. The tab does not reconnect; the page leaves for the login.
 */
export const SESSION_ENDED = 'session.ended';

/** Not from the server: the stream (re)opened, so a page may reload what it could have missed. */
export const LIVE_OPEN = 'live.open';

export interface LiveEvent {
  type: LiveEventType | typeof LIVE_OPEN | typeof SESSION_ENDED;
  data: Record<string, unknown>;
}

/** One SSE message as a LiveEvent; null for a body that is not a JSON object. */
export function parseLiveEvent(type: string, raw: string): LiveEvent | null {
  if (!(liveEventTypes as readonly string[]).includes(type)) return null;
  try {
    const data: unknown = JSON.parse(raw);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
    return { type: type as LiveEventType, data: data as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** The wait before reconnecting after the n-th failure in a row: 1 s, 2 s, 4 s … up to 30 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/** A `gate.read` event's payload (a lane's read and decision, or a manual lift). */
export interface GateReadData {
  eventId: number;
  gateId: string;
  gateCode: string;
  direction: 'in' | 'out';
  plate: string;
  decision: 'lift' | 'deny';
  code: string;
  message: string;
  at: string;
  reason?: string;
  officer?: string;
}

export function asGateRead(event: LiveEvent): GateReadData | null {
  if (event.type !== 'gate.read') return null;
  const d = event.data;
  if (typeof d.eventId !== 'number' || typeof d.gateId !== 'string' || typeof d.plate !== 'string') return null;
  return d as unknown as GateReadData;
}
