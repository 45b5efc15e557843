import type ExcelJS from 'exceljs';

/*
 * exceljs loads with the first sheet made or read, not with the server: it is large (zip,
 * streams, CSV parsers; ≈ 0.3 s of a start) and a start needs none of it.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const loaded = await import('exceljs');
  // A CommonJS module: its exports arrive as the default export.
  const excel = (loaded as unknown as { default?: typeof ExcelJS }).default ?? (loaded as unknown as typeof ExcelJS);
  return new excel.Workbook();
}
