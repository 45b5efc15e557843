import { duplicatePlateIndexes, errorMessage, filingVehicleInput, plateColorLabels, plateColorLabelsEn, plateInput, plateColors, vehicleTypeLabels, vehicleTypeLabelsEn, vehicleTypes } from '@cargo-window/contracts';
import type { ImportedVehicle, ImportError, ImportVehiclesResponse, Language } from '@cargo-window/contracts';

import { fieldErrorsFromIssues } from '../../platform/http/validation.ts';
import { readVehicleSheet } from './excel.ts';

const labelKey = (text: string) => text.replace(/\s/g, '').replace(/色$/, '').toLowerCase();

/** Words users type for a choice: the label (蓝色), the label without 色 (蓝), the English label (Blue) or the code (blue). */
function choiceMap<C extends string>(codes: readonly C[], labels: Record<C, string>, english: Record<C, string>, extra: Record<string, C> = {}): Map<string, C> {
  const map = new Map<string, C>();
  for (const code of codes) {
    map.set(labelKey(code), code);
    map.set(labelKey(labels[code]), code);
    map.set(labelKey(english[code]), code);
  }
  for (const [word, code] of Object.entries(extra)) map.set(labelKey(word), code);
  return map;
}

const colourWords = choiceMap(plateColors, plateColorLabels, plateColorLabelsEn, { 渐变绿: 'green', 黄绿双拼: 'yellow_green' });
const typeWords = choiceMap(vehicleTypes, vehicleTypeLabels, vehicleTypeLabelsEn);

function choice(value: string | number | undefined, words: Map<string, string>): unknown {
  if (value === undefined) return undefined;
  return words.get(labelKey(String(value))) ?? String(value);
}

function integer(value: string | number | undefined): unknown {
  if (typeof value !== 'string') return value;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const text = (value: string | number | undefined): string | undefined => (value === undefined ? undefined : String(value));

/**
 * 导入: reads an .xlsx body into rows ready for the form, and an error per bad cell with its
 * spreadsheet row. Parses and checks only; nothing is stored. The fleet is not consulted: that
 * happens when the filing is saved.
 */
export async function importVehicles(bytes: Buffer, language: Language): Promise<ImportVehiclesResponse> {
  const lines = await readVehicleSheet(bytes, language);
  const errors: ImportError[] = [];
  const parsed = lines.map((line) => {
    const { cells } = line;
    const result = filingVehicleInput.safeParse({
      plate: text(cells.plate),
      plateColor: choice(cells.plateColor, colourWords),
      vehicleType: choice(cells.vehicleType, typeWords),
      ratedLoadKg: integer(cells.ratedLoadKg),
      driverName: text(cells.driverName),
      driverIdNo: text(cells.driverIdNo),
      driverPhone: text(cells.driverPhone),
      vin: text(cells.vin),
      permitNo: text(cells.permitNo),
    });
    return { line, result };
  });

  // A plate counts for duplicates even on a line that is wrong elsewhere.
  const plates = parsed.map(({ line }) => plateInput.safeParse(text(line.cells.plate)).data);
  const duplicates = new Set(duplicatePlateIndexes(plates));
  const rows: ImportedVehicle[] = [];
  parsed.forEach(({ line, result }, index) => {
    const lineErrors = result.success ? [] : fieldErrorsFromIssues(result.error.issues as never);
    if (duplicates.has(index) && !lineErrors.some((e) => e.field === 'plate')) lineErrors.push({ field: 'plate', code: 'PLATE_DUPLICATE', message: '' });
    if (result.success && lineErrors.length === 0) {
      rows.push({ seq: rows.length + 1, row: line.row, ...result.data });
      return;
    }
    for (const e of lineErrors) errors.push({ row: line.row, field: e.field, code: e.code, message: errorMessage(e.code, language) });
  });
  return { rows, errors };
}
