import { sql } from 'kysely';

import type { Db } from '../../platform/db.ts';
import { localDateOf, PLATFORM_TIME_ZONE } from './time-zone.ts';

/** 业务统一编号: 'T' + yyyymmdd (Beijing day of creation) + 16 digits. */
export function formatBusinessNo(at: Date, serial: string | number): string {
  return `T${localDateOf(at, PLATFORM_TIME_ZONE).replace(/-/g, '')}${String(serial).padStart(16, '0')}`;
}

/** 提交货预约编号: 18 digits, '10' + yyMMdd (Beijing day of booking) + 10 digits. */
export function formatAppointmentNo(at: Date, serial: string | number): string {
  return `10${localDateOf(at, PLATFORM_TIME_ZONE).replace(/-/g, '').slice(2)}${String(serial).padStart(10, '0')}`;
}

// Serials come from sequences: unique across server instances without any lock. A rolled-back
// booking leaves a gap, which is fine for numbers people only read.
export async function nextBusinessNo(db: Db, at: Date): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('appointment_business_no_seq')::text as n`.execute(db);
  return formatBusinessNo(at, rows[0].n);
}

export async function nextAppointmentNo(db: Db, at: Date): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('appointment_no_seq')::text as n`.execute(db);
  return formatAppointmentNo(at, rows[0].n);
}
