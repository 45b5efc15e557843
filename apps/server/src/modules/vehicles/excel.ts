import type ExcelJS from 'exceljs';

import { MAX_IMPORT_ROWS, plateColorWords, vehicleTypeWords, type FilingVehicle, type Language } from '@cargo-window/contracts';

import { newWorkbook } from '../../platform/excel.ts';
import { AppError } from '../../platform/errors.ts';

/** The vehicle fields a spreadsheet row carries, in the API's words. */
export type VehicleCells = Pick<FilingVehicle, 'plate' | 'plateColor' | 'vehicleType' | 'ratedLoadKg' | 'driverName' | 'driverIdNo' | 'driverPhone' | 'vin' | 'permitNo'>;
export type VehicleField = keyof VehicleCells;

export interface SheetColumn<R> {
  header: string;
  width: number;
  /** Stored as text so Excel keeps leading zeros and all 18 digits of an ID number. */
  text?: boolean;
  /** Marked yellow, as required fields are on the form. */
  required?: boolean;
  /** A drop-down of these words. */
  choices?: readonly string[];
  value: (row: R) => string | number | null;
}

/** The form's labels, as headers: the manual's in zh-CN, the web's English pages' in English. */
const vehicleHeaders: Record<Language, Record<VehicleField, string>> = {
  'zh-CN': {
    plate: '车牌号',
    plateColor: '车牌颜色',
    vehicleType: '车辆类型',
    ratedLoadKg: '核定载质量(kg)',
    driverName: '驾驶员姓名',
    driverIdNo: '驾驶员身份证号',
    driverPhone: '驾驶员手机号',
    vin: '车架号(VIN)',
    permitNo: '道路运输证号',
  },
  en: {
    plate: 'Plate',
    plateColor: 'Plate colour',
    vehicleType: 'Vehicle type',
    ratedLoadKg: 'Rated load (kg)',
    driverName: 'Driver name',
    driverIdNo: 'Driver ID number',
    driverPhone: 'Driver mobile',
    vin: 'VIN',
    permitNo: 'Road-transport permit',
  },
};

/** What a drop-down's cell says when something not in its list is typed. */
const chooseFromList: Record<Language, (header: string) => string> = {
  'zh-CN': (header) => `请从下拉列表中选择${header}`,
  en: (header) => `Choose the ${header.toLowerCase()} from the list`,
};

/** The template's columns in a language, in the form's order; import recognises them by their headers, in either language. */
export function vehicleColumns(language: Language): (SheetColumn<VehicleCells> & { field: VehicleField })[] {
  const header = vehicleHeaders[language];
  const colours = plateColorWords[language];
  const types = vehicleTypeWords[language];
  return [
    { field: 'plate', header: header.plate, width: 14, text: true, required: true, value: (v) => v.plate },
    { field: 'plateColor', header: header.plateColor, width: 12, required: true, choices: Object.values(colours), value: (v) => colours[v.plateColor] },
    { field: 'vehicleType', header: header.vehicleType, width: 18, required: true, choices: Object.values(types), value: (v) => types[v.vehicleType] },
    { field: 'ratedLoadKg', header: header.ratedLoadKg, width: 15, required: true, value: (v) => v.ratedLoadKg },
    { field: 'driverName', header: header.driverName, width: 12, required: true, value: (v) => v.driverName },
    { field: 'driverIdNo', header: header.driverIdNo, width: 22, text: true, required: true, value: (v) => v.driverIdNo },
    { field: 'driverPhone', header: header.driverPhone, width: 15, text: true, required: true, value: (v) => v.driverPhone },
    { field: 'vin', header: header.vin, width: 22, text: true, value: (v) => v.vin },
    { field: 'permitNo', header: header.permitNo, width: 22, text: true, value: (v) => v.permitNo },
  ];
}

/** Lines below the header that carry the drop-downs and text formats, for rows yet to be typed. */
const EDITABLE_ROWS = MAX_IMPORT_ROWS;

/** One sheet: a header row, then a row per item. */
export async function workbookOf<R>(sheetName: string, columns: readonly SheetColumn<R>[], rows: readonly R[], language: Language): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'cargo-window';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width, style: column.text ? { numFmt: '@' } : {} }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((column, index) => {
    if (!column.required) return;
    header.getCell(index + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2A8' } };
  });
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row)));
  const lastRow = Math.max(rows.length, EDITABLE_ROWS) + 1;
  // exceljs has the API but not its type.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  columns.forEach((column, index) => {
    if (!column.choices) return;
    const letter = sheet.getColumn(index + 1).letter;
    validations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${column.choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: column.header,
      error: chooseFromList[language](column.header),
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** What a cell holds, as the text or number a user typed; empty cells are undefined. */
export function cellValue(value: ExcelJS.CellValue): string | number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return cellValue(value.richText.map((part) => part.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellValue(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}

/** Header text compared without spaces, asterisks or full-width brackets, in lower case. */
export function headerKey(text: string): string {
  return text.replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

/** A non-empty line below the header, with its spreadsheet row number. */
export interface SheetLine {
  row: number;
  cells: Partial<Record<VehicleField, string | number>>;
}

const headerAliases: Record<string, VehicleField> = Object.fromEntries([
  ...(['zh-CN', 'en'] as const).flatMap((language) => vehicleColumns(language).map((column) => [headerKey(column.header), column.field] as const)),
  ['核定载质量', 'ratedLoadKg'],
  ['核定载质量(千克)', 'ratedLoadKg'],
  ['车架号', 'vin'],
  ['vin', 'vin'],
  ['车辆识别代号', 'vin'],
  ['驾驶员身份证号码', 'driverIdNo'],
  ['驾驶员手机号码', 'driverPhone'],
  ['plateno.', 'plate'],
  ['platenumber', 'plate'],
  ['ratedload', 'ratedLoadKg'],
  ['driver', 'driverName'],
  ['driveridno.', 'driverIdNo'],
  ['driverphone', 'driverPhone'],
  ['permitno.', 'permitNo'],
]);

// A resource guard while parsing: rows beyond this many (even blank, formatted ones) stop the read.
const MAX_SHEET_ROWS = MAX_IMPORT_ROWS * 4;

/**
 * Reads the first worksheet (a file we cannot read is IMPORT_FILE_INVALID): finds the header line
 * (within the first 10; headers in either language) and the lines below it. Missing columns are
 * named in `language`.
 */
export async function readVehicleSheet(bytes: Buffer, language: Language): Promise<SheetLine[]> {
  const workbook = await newWorkbook();
  // Drop-downs and conditional formats are not data; whole-column ones would cost a cell each.
  const options = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'], maxRows: MAX_SHEET_ROWS };
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, options);
  } catch (error) {
    if (/Max row count/.test(String((error as Error).message))) throw new AppError('IMPORT_TOO_MANY_ROWS', `more than ${MAX_SHEET_ROWS} lines`);
    throw new AppError('IMPORT_FILE_INVALID', 'not a readable .xlsx file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_FILE_INVALID', 'the workbook has no worksheet');

  let headerRow = 0;
  let columns: Partial<Record<VehicleField, number>> = {};
  for (let r = 1; r <= Math.min(10, sheet.rowCount) && headerRow === 0; r++) {
    const found: typeof columns = {};
    sheet.getRow(r).eachCell((cell, col) => {
      const text = cellValue(cell.value);
      const field = typeof text === 'string' ? headerAliases[headerKey(text)] : undefined;
      if (field && found[field] === undefined) found[field] = col;
    });
    if (found.plate !== undefined) {
      headerRow = r;
      columns = found;
    }
  }
  // Without a header line every required column is missing.
  const missingColumns = vehicleColumns(language).filter((column) => column.required && columns[column.field] === undefined).map((column) => column.header);
  if (missingColumns.length > 0) {
    throw new AppError('IMPORT_FILE_INVALID', `missing columns: ${missingColumns.join(', ')}`, { extensions: { missingColumns } });
  }

  const lines: SheetLine[] = [];
  const fields = Object.entries(columns) as [VehicleField, number][];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells: SheetLine['cells'] = {};
    for (const [field, col] of fields) {
      const value = cellValue(row.getCell(col).value);
      if (value !== undefined) cells[field] = value;
    }
    if (Object.keys(cells).length > 0) lines.push({ row: rowNumber, cells });
  });
  if (lines.length > MAX_IMPORT_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS', `${lines.length} rows; at most ${MAX_IMPORT_ROWS}`);
  return lines;
}
