import dayjs from 'dayjs';

import { historyActorText } from '../appointments/labels.ts';

import type { Language } from '@cargo-window/contracts';

export type { AuditEntry } from '@cargo-window/contracts';

/**
 * The 审计日志 page's filters. The address, the list and its export all use the API's own names,
 * so `/admin/audit?action=gate.override` is also the query sent to the server.
 */
export interface AuditFilters {
  /** A prefix: `appointment.` matches every appointment action. */
  action?: string;
  /** A username, exactly. */
  actor?: string;
  entityType?: string;
  entityId?: string;
  /** Days (YYYY-MM-DD), both included. */
  from?: string;
  to?: string;
}

const filterKeys = ['action', 'actor', 'entityType', 'entityId', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];

/** The server's limits on each text filter (modules/audit/routes.ts): longer input is cut, not refused. */
export const auditFilterMaxLength = { action: 60, actor: 64, entityType: 40, entityId: 80 } as const;

/** A real calendar day: anything else in a hand-edited address is dropped rather than answered with a 400. */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The filters in an address's query; empty, unknown or malformed values are left out. */
export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if ((key === 'from' || key === 'to') && !isDay(value)) continue;
    filters[key] = key === 'from' || key === 'to' ? value : value.slice(0, auditFilterMaxLength[key]);
  }
  return filters;
}

/** The filters as a query (for the address, the list and the export), in a stable order. */
export function auditParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** `GET /admin/audit/export.xlsx` with the page's filters, in the page's language, for a plain download link (the session cookie goes along). */
export function auditExportHref(apiBase: string, filters: AuditFilters, language: Language): string {
  const params = auditParams(filters);
  params.set('lang', language);
  return `${apiBase}/admin/audit/export.xlsx?${params.toString()}`;
}

/** Who acted, as the page says it: a username, a gate device by its name (as in an appointment's history), or the system itself (no actor). */
export function auditActorText(username: string | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  return username ? historyActorText(username, t) : t('audit.system');
}

/** When, in the browser's zone, to the second. */
export const formatAuditTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

/** A before/after value pretty-printed, or null when the entry has none. */
export function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}
