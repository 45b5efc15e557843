import { boundTerminal, type Actor } from '../../platform/actor.ts';
import type { LiveEvent } from '../../platform/events.ts';

/** Whether a live event may reach this person; no actor = the public board. */
export function canSee(actor: Actor | null, event: LiveEvent): boolean {
  if (event.public) return true;
  if (!actor) return false;
  if (event.userIds) return event.userIds.includes(actor.userId);
  if (event.enterpriseId) return actor.enterpriseId === event.enterpriseId && (!event.permissions || event.permissions.some((p) => actor.permissions.includes(p)));
  if (event.terminalId) {
    if (actor.role !== 'terminal_operator' && actor.role !== 'gate_officer' && actor.role !== 'platform_admin') return false;
    const own = boundTerminal(actor);
    return own === undefined || own === event.terminalId;
  }
  return false;
}
