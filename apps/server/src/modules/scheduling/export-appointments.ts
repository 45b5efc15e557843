import { appointmentFlagWords, appointmentStatusWords, declarationTypeWords, type AppointmentListQuery, type Language } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { newWorkbook } from '../../platform/excel.ts';
import { pageOfAppointments } from './list-appointments.ts';
import type { AppointmentListRow } from './presenters.ts';
import { localDateOf, PLATFORM_TIME_ZONE } from './time-zone.ts';

/** An export is for a person to read: past this many rows, narrow the filters. */
export const MAX_EXPORT_ROWS = 50_000;
const BATCH = 1000;

/** The sheet's name, which its file also takes. */
export const appointmentsSheetName: Record<Language, string> = { 'zh-CN': '提交货预约', en: 'Appointments' };

type Column = { header: Record<Language, string>; width: number; value: (row: AppointmentListRow, index: number, language: Language) => string | number };

/** The manual's list columns (提/交货预约查询), in its order and words; in English, the web's English words. */
const columns: readonly Column[] = [
  { header: { 'zh-CN': '序号', en: 'No.' }, width: 8, value: (_row, index) => index + 1 },
  { header: { 'zh-CN': '业务统一编号', en: 'Business no.' }, width: 28, value: (row) => row.business_no },
  { header: { 'zh-CN': '提交货预约编号', en: 'Appointment no.' }, width: 22, value: (row) => row.appointment_no ?? '' },
  { header: { 'zh-CN': '车牌号', en: 'Plate' }, width: 12, value: (row) => row.plate },
  { header: { 'zh-CN': '提交货标志', en: 'Pickup/delivery' }, width: 16, value: (row, _index, language) => appointmentFlagWords[language][row.flag] },
  { header: { 'zh-CN': '申报类型', en: 'Declaration type' }, width: 16, value: (row, _index, language) => declarationTypeWords[language][row.declaration_type] },
  { header: { 'zh-CN': '申报状态', en: 'Status' }, width: 16, value: (row, _index, language) => appointmentStatusWords[language][row.status] },
  { header: { 'zh-CN': '录入日期', en: 'Entry date' }, width: 12, value: (row) => localDateOf(row.created_at, PLATFORM_TIME_ZONE) },
];

/** `GET /appointments/export.xlsx`: the list with the same filters, every page, as one sheet in `language`. */
export async function exportAppointments(deps: Deps, actor: Actor, query: AppointmentListQuery, language: Language): Promise<{ body: Buffer; truncated: boolean }> {
  if (!actor.enterpriseId) throw notFound();
  const { after: _after, limit: _limit, ...filters } = query;
  const rows: AppointmentListRow[] = [];
  let cursor: { at: Date; id: string } | null = null;
  let truncated = false;
  for (;;) {
    const page = await pageOfAppointments(deps.db, actor.enterpriseId, filters, cursor, BATCH);
    rows.push(...page.rows);
    if (!page.next) break;
    if (rows.length >= MAX_EXPORT_ROWS) {
      truncated = true;
      break;
    }
    const last = page.rows[page.rows.length - 1];
    cursor = { at: last.created_at, id: last.id };
  }

  const workbook = await newWorkbook();
  workbook.creator = 'cargo-window';
  const sheet = workbook.addWorksheet(appointmentsSheetName[language], { views: [{ state: 'frozen', ySplit: 1 }] });
  // Numbers as text: 18-digit appointment numbers would lose digits as Excel numbers.
  sheet.columns = columns.map((column, index) => ({ header: column.header[language], width: column.width, style: index === 0 ? {} : { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  rows.slice(0, MAX_EXPORT_ROWS).forEach((row, index) => sheet.addRow(columns.map((column) => column.value(row, index, language))));
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), truncated };
}
