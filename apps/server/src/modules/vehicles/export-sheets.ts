import { filingStatusWords, vehicleStatusWords, type FilingListQuery, type FilingStatus, type Language, type Vehicle, type VehicleListQuery } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { vehicleColumns, workbookOf, type SheetColumn, type VehicleCells } from './excel.ts';
import { filingsMatching } from './list-filings.ts';
import { vehiclesMatching } from './list-vehicles.ts';
import { enterpriseOf } from './load-filing.ts';
import { presentFilingVehicle, presentVehicle } from './presenters.ts';

/** An export is one download, not a page; past this many lines, narrow the filters. */
export const MAX_EXPORT_LINES = 50_000;

const shanghaiDate = (value: Date | null): string | null =>
  value ? new Date(value.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10) : null;

/** Each sheet's name, in each language, which its file also takes; the template's file has a name of its own. */
export const sheetNames = {
  filings: { 'zh-CN': '车辆备案', en: 'Vehicle filings' },
  fleet: { 'zh-CN': '车队', en: 'Fleet' },
  templateFile: { 'zh-CN': '车辆备案模板', en: 'Vehicle filing template' },
} satisfies Record<string, Record<Language, string>>;

/** 下载模板: the header, drop-downs for colour and type, text cells for numbers that are not numbers. */
export function filingTemplate(language: Language): Promise<Buffer> {
  return workbookOf<VehicleCells>(sheetNames.filings[language], vehicleColumns(language), [], language);
}

interface FilingLine extends VehicleCells {
  status: FilingStatus;
  createdAt: Date;
  declaredAt: Date | null;
  seq: number;
}

function filingLineColumns(language: Language): SheetColumn<FilingLine>[] {
  const headers = { entryDate: { 'zh-CN': '录入日期', en: 'Entry date' }, status: { 'zh-CN': '申报状态', en: 'Status' }, declarationDate: { 'zh-CN': '申报日期', en: 'Declaration date' }, seq: { 'zh-CN': '序号', en: 'No.' } };
  return [
    { header: headers.entryDate[language], width: 12, value: (line) => shanghaiDate(line.createdAt) },
    { header: headers.status[language], width: 10, value: (line) => filingStatusWords[language][line.status] },
    { header: headers.declarationDate[language], width: 16, value: (line) => shanghaiDate(line.declaredAt) },
    { header: headers.seq[language], width: 6, value: (line) => line.seq },
    ...(vehicleColumns(language) as SheetColumn<FilingLine>[]),
  ];
}

/** The list page's filings as a sheet, one line per vehicle row; it imports back as a body. */
export async function exportFilings(deps: Deps, actor: Actor, query: FilingListQuery, language: Language): Promise<Buffer> {
  const filings = filingsMatching(deps.db, { ...query, enterpriseId: enterpriseOf(actor) }).as('f');
  const rows = await deps.db
    .selectFrom('vehicle_filing_rows as r')
    .innerJoin(filings, 'f.id', 'r.filing_id')
    .selectAll('r')
    .select(['f.status', 'f.created_at as filing_created_at', 'f.declared_at as filing_declared_at'])
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .orderBy('r.seq')
    .limit(MAX_EXPORT_LINES)
    .execute();
  const lines: FilingLine[] = rows.map((row) => ({
    ...presentFilingVehicle(row),
    status: row.status,
    createdAt: row.filing_created_at,
    declaredAt: row.filing_declared_at,
  }));
  return workbookOf(sheetNames.filings[language], filingLineColumns(language), lines, language);
}

function vehicleLineColumns(language: Language): SheetColumn<Vehicle>[] {
  const headers = { status: { 'zh-CN': '状态', en: 'Status' }, approvalDate: { 'zh-CN': '备案通过日期', en: 'Approval date' } };
  return [
    ...(vehicleColumns(language) as SheetColumn<Vehicle>[]),
    { header: headers.status[language], width: 10, value: (vehicle) => vehicleStatusWords[language][vehicle.status] },
    { header: headers.approvalDate[language], width: 14, value: (vehicle) => shanghaiDate(new Date(vehicle.approvedAt)) },
  ];
}

/** The fleet as a sheet in the template's layout (extra columns at the end), so it imports back. */
export async function exportVehicles(deps: Deps, actor: Actor, query: VehicleListQuery, language: Language): Promise<Buffer> {
  const rows = await vehiclesMatching(deps.db, enterpriseOf(actor), query)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(MAX_EXPORT_LINES)
    .execute();
  return workbookOf(sheetNames.fleet[language], vehicleLineColumns(language), rows.map(presentVehicle), language);
}
