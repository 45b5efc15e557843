import type { Permission, Role } from '@cargo-window/contracts';

/** The person (or device) a request acts for, as use cases see it. */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  role: Role;
  enterpriseId: string | null;
  terminalId: string | null;
  /** Effective permissions: everything for an enterprise administrator, the grant for an operator. */
  permissions: Permission[];
  sessionId: string | null;
  ip: string | null;
  /** Set when the request came with a personal access token instead of a session. */
  apiTokenId?: string;
  /** The token's scope, which narrows the person's permissions (`permissions` is already narrowed). */
  apiTokenScope?: Permission[];
  /** When the session (or token) the request came with stops being accepted. */
  expiresAt?: Date;
}

/** Someone acting before they have an account (registration), seen only in audit rows. */
export function anonymousActor(ip: string | null): Actor {
  return { userId: '', username: '', name: '', role: 'operator', enterpriseId: null, terminalId: null, permissions: [], sessionId: null, ip };
}

export const isPlatformAdmin = (actor: Actor): boolean => actor.role === 'platform_admin';

/**
 * The one terminal a staff member works at, when bound to one: a terminal operator always is (a
 * missing terminal matches none), a gate officer when the platform administrator gave one. Else
 * `undefined`: every terminal, for the roles that see them at all.
 */
export function boundTerminal(actor: Actor): string | null | undefined {
  if (actor.role === 'terminal_operator') return actor.terminalId;
  if (actor.role === 'gate_officer' && actor.terminalId) return actor.terminalId;
  return undefined;
}
export const isEnterpriseAdmin = (actor: Actor): boolean => actor.role === 'admin';
export const isEnterpriseUser = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'operator';
export const hasPermission = (actor: Actor, permission: Permission): boolean => isEnterpriseUser(actor) && actor.permissions.includes(permission);
export const canReviewFilings = (actor: Actor): boolean => actor.role === 'reviewer';
