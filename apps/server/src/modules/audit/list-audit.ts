import type { AuditEntry, Language } from '@cargo-window/contracts';

import type { Db } from '../../platform/db.ts';
import { newWorkbook } from '../../platform/excel.ts';
import { decodeSerialCursor, pageOf } from '../../platform/paging.ts';

export interface AuditQuery {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  enterpriseId?: string;
  from?: string;
  to?: string;
  after?: string;
  limit: number;
}

function filtered(db: Db, query: Omit<AuditQuery, 'after' | 'limit'>) {
  let q = db.selectFrom('audit_log').selectAll();
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.actor) q = q.where('actor_username', '=', query.actor);
  if (query.enterpriseId) q = q.where('enterprise_id', '=', query.enterpriseId);
  // Days are Beijing days, like every date a user types here.
  if (query.from) q = q.where('at', '>=', new Date(`${query.from}T00:00:00+08:00`));
  if (query.to) q = q.where('at', '<', new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000));
  return q;
}

function present(row: { id: string | number; at: Date; actor_id: string | null; actor_username: string | null; enterprise_id: string | null; ip: string | null; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown }): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    enterpriseId: row.enterprise_id,
    ip: row.ip,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  };
}

/** The audit trail for the platform administrator, newest first, keyset-paged by id. */
export async function listAudit(db: Db, query: AuditQuery): Promise<{ items: AuditEntry[]; next: string | null }> {
  const afterId = decodeSerialCursor(query.after);
  let q = filtered(db, query);
  if (afterId !== null) q = q.where('id', '<', afterId as never);
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  return pageOf(rows, query.limit, (r) => ({ value: '', id: String(r.id) }), present);
}

const EXPORT_LIMIT = 50_000;

/** The sheet's name, which its file also takes. */
export const auditSheetName: Record<Language, string> = { 'zh-CN': '审计日志', en: 'Audit log' };

/** The sheet's headers: the web's audit columns, in each language. */
const auditHeaders: Record<Language, string[]> = {
  'zh-CN': ['时间', '操作人', 'IP', '操作', '对象类型', '对象编号', '变更前', '变更后'],
  en: ['Time', 'Actor', 'IP', 'Action', 'Object type', 'Object ID', 'Before', 'After'],
};
const auditWidths = [22, 18, 16, 26, 16, 38, 40, 40];

export async function exportAudit(db: Db, query: Omit<AuditQuery, 'after' | 'limit'>, language: Language): Promise<Buffer> {
  const rows = await filtered(db, query).orderBy('id', 'desc').limit(EXPORT_LIMIT).execute();
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet(auditSheetName[language], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = auditHeaders[language].map((header, index) => ({ header, width: auditWidths[index] }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow([
      row.at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }),
      row.actor_username ?? '',
      row.ip ?? '',
      row.action,
      row.entity_type,
      row.entity_id,
      row.before === null ? '' : JSON.stringify(row.before),
      row.after === null ? '' : JSON.stringify(row.after),
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
