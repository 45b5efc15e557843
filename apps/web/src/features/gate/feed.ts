import type { GateEvent, GateLane, Language } from '@cargo-window/contracts';

import type { GateReadData } from '../live/events.ts';
import { gateCodeWords } from './labels.ts';

/** How many reads the console keeps on screen. */
export const FEED_LIMIT = 100;

/** A live `gate.read` as the row the lane's event list answers. */
export function gateEventFromLive(data: GateReadData): GateEvent {
  return {
    id: data.eventId,
    gateId: data.gateId,
    gateCode: data.gateCode,
    direction: data.direction,
    plate: data.plate,
    readAt: data.at,
    decision: data.decision,
    code: data.code,
    message: data.message,
    appointmentNo: null,
    overrideBy: data.officer ?? null,
    overrideReason: data.reason ?? null,
  };
}

/**
 * The lane's feed after new events arrive: one row per event id (a row already on screen keeps
 * what it knows, e.g. the appointment number the list answered), newest first, at most `limit`.
 */
export function mergeFeed(current: readonly GateEvent[], incoming: readonly GateEvent[], limit = FEED_LIMIT): GateEvent[] {
  const byId = new Map<number, GateEvent>();
  for (const event of incoming) byId.set(event.id, event);
  for (const event of current) byId.set(event.id, { ...byId.get(event.id), ...event, appointmentNo: event.appointmentNo ?? byId.get(event.id)?.appointmentNo ?? null });
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}

/** The words for a decision code (the contracts' gateCodeLabels), the code itself when it is a new one. */
export function gateCodeText(code: string, language: Language): string {
  return gateCodeWords[code]?.[language] ?? code;
}

/** A plate the officer may want to lift by hand: the newest denied read of the lane. */
export function lastDeniedPlate(feed: readonly GateEvent[]): string | null {
  return feed.find((event) => event.decision === 'deny')?.plate ?? null;
}

/** A lane as its pickers name it: terminal, gate code and name, and direction, in the page's language. */
export function laneLabel(lane: Pick<GateLane, 'terminalName' | 'code' | 'name' | 'direction'>, t: (key: string, options?: Record<string, unknown>) => string): string {
  return t('gate.laneLabel', { terminal: lane.terminalName, code: lane.code, name: lane.name, direction: t(lane.direction === 'in' ? 'gate.in' : 'gate.out') });
}
