import type { Db } from './db.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  enterpriseId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The audit_log row of an entry, for callers that write it inside a larger statement. */
export function auditRow(actor: Actor | null, entry: AuditEntry, at?: Date) {
  return {
    at: at ?? new Date(),
    actor_id: actor?.userId || null,
    actor_username: actor?.username || null,
    enterprise_id: entry.enterpriseId ?? actor?.enterpriseId ?? null,
    ip: actor?.ip ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

/** Writes one audit row. Call it with the transaction that makes the change. */
export async function audit(db: Db, actor: Actor | null, entry: AuditEntry, at?: Date): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(actor, entry, at)).execute();
}
