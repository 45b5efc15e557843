import {
  appointmentFlagLabels,
  appointmentFlagLabelsEn,
  appointmentStatusLabels,
  appointmentStatusLabelsEn,
  declarationTypeLabels,
  declarationTypeLabelsEn,
  type AppointmentListQuery,
  type Language,
} from '@cargo-window/contracts';

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

type Column = { header: string; width: number; value: (row: AppointmentListRow, index: number) => string | number };

/** The manual's list columns (提/交货预约查询), in its order and words; in English, the web's English words. */
function columns(language: Language): Column[] {
  const en = language === 'en';
  const flags = en ? appointmentFlagLabelsEn : appointmentFlagLabels;
  const types = en ? declarationTypeLabelsEn : declarationTypeLabels;
  const statuses = en ? appointmentStatusLabelsEn : appointmentStatusLabels;
  return [
    { header: en ? 'No.' : '序号', width: 8, value: (_row, index) => index + 1 },
    { header: en ? 'Business no.' : '业务统一编号', width: 28, value: (row) => row.business_no },
    { header: en ? 'Appointment no.' : '提交货预约编号', width: 22, value: (row) => row.appointment_no ?? '' },
    { header: en ? 'Plate' : '车牌号', width: 12, value: (row) => row.plate },
    { header: en ? 'Pickup/delivery' : '提交货标志', width: 16, value: (row) => flags[row.flag] },
    { header: en ? 'Declaration type' : '申报类型', width: 16, value: (row) => types[row.declaration_type] },
    { header: en ? 'Status' : '申报状态', width: 16, value: (row) => statuses[row.status] },
    { header: en ? 'Entry date' : '录入日期', width: 12, value: (row) => localDateOf(row.created_at, PLATFORM_TIME_ZONE) },
  ];
}

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
  const sheetColumns = columns(language);
  // Numbers as text: 18-digit appointment numbers would lose digits as Excel numbers.
  sheet.columns = sheetColumns.map((column, index) => ({ header: column.header, width: column.width, style: index === 0 ? {} : { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  rows.slice(0, MAX_EXPORT_ROWS).forEach((row, index) => sheet.addRow(sheetColumns.map((column) => column.value(row, index))));
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), truncated };
}
