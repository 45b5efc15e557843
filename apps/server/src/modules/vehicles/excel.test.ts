import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import ExcelJS from 'exceljs';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { createDraft, fleetOf, residentId, uniquePlate, vehicleRow } from './test-factories.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['车牌号', '车牌颜色', '车辆类型', '核定载质量(kg)', '驾驶员姓名', '驾驶员身份证号', '驾驶员手机号', '车架号(VIN)', '道路运输证号'];
const EN_HEADERS = ['Plate', 'Plate colour', 'Vehicle type', 'Rated load (kg)', 'Driver name', 'Driver ID number', 'Driver mobile', 'VIN', 'Road-transport permit'];

let ctx: TestContext;
let a: Awaited<ReturnType<TestContext['enterprise']>>;
let reviewer: { token: string };

before(async () => {
  ctx = await createTestContext();
  a = await ctx.enterprise();
  reviewer = await ctx.staff('reviewer');
});
after(async () => {
  await ctx.close();
});

async function workbook(lines: (string | number | null)[][], headers: string[] = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('车辆');
  sheet.addRow(headers);
  for (const line of lines) sheet.addRow(line);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function readSheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0];
}

function upload(bytes: Buffer | string, options: { token?: string; type?: string; language?: string } = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/vehicle-filings/import',
    headers: {
      authorization: `Bearer ${options.token ?? a.token}`,
      'content-type': options.type ?? XLSX,
      ...(options.language ? { 'accept-language': options.language } : {}),
    },
    payload: bytes,
  });
}

async function stored(): Promise<{ filings: number; rows: number; vehicles: number }> {
  const count = async (table: 'vehicle_filings' | 'vehicle_filing_rows' | 'vehicles') =>
    Number((await ctx.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { filings: await count('vehicle_filings'), rows: await count('vehicle_filing_rows'), vehicles: await count('vehicles') };
}

const line = (overrides: Partial<Record<'plate' | 'color' | 'type' | 'load' | 'name' | 'id' | 'phone' | 'vin' | 'permit', string | number | null>> = {}) => {
  const v = { plate: uniquePlate(), color: '黄色', type: '厢式货车', load: 18000, name: '李四', id: residentId(), phone: '13912345678', vin: null, permit: null, ...overrides };
  return [v.plate, v.color, v.type, v.load, v.name, v.id, v.phone, v.vin, v.permit];
};

describe('template', () => {
  test('zh-CN headers, drop-downs for colour and type', async () => {
    const res = await ctx.call('GET', '/api/v1/vehicle-filings/template.xlsx', { token: a.token });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], XLSX);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="/);
    const sheet = await readSheet(res.rawPayload);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), HEADERS);
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[]; error: string }> } }).dataValidations.model;
    assert.equal(validations.B2?.type, 'list');
    assert.match(validations.B2.formulae[0], /蓝色,黄色,绿色,黄绿色,黑色,白色/);
    assert.match(validations.C100.formulae[0], /厢式货车/);
    assert.equal(validations.B2.error, '请从下拉列表中选择车牌颜色');
  });

  test('in English with `?lang=en` or Accept-Language: headers, drop-downs and their message', async () => {
    for (const options of [{ url: '?lang=en', headers: {} as Record<string, string> }, { url: '', headers: { 'accept-language': 'en-US,en;q=0.9' } }]) {
      const res = await ctx.call('GET', `/api/v1/vehicle-filings/template.xlsx${options.url}`, { token: a.token, headers: options.headers });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''Vehicle%20filing%20template\.xlsx/);
      const sheet = await readSheet(res.rawPayload);
      assert.equal(sheet.name, 'Vehicle filings');
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), EN_HEADERS);
      const validations = (sheet as unknown as { dataValidations: { model: Record<string, { formulae: string[]; error: string }> } }).dataValidations.model;
      assert.match(validations.B2.formulae[0], /Blue,Yellow,Green,Yellow-green,Black,White/);
      assert.match(validations.C100.formulae[0], /Box van,Flatbed truck/);
      assert.equal(validations.B2.error, 'Choose the plate colour from the list');
    }
  });
});

describe('import in English', () => {
  test('English headers and words read as the Chinese do; missing columns named in the asker\'s language', async () => {
    const plate = uniquePlate();
    const bytes = await workbook([[plate, 'Yellow', 'Refrigerated truck', 9000, '王五', residentId(), '13912345678', null, null]], EN_HEADERS);
    const res = await upload(bytes);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().errors, []);
    assert.deepEqual(res.json().rows.map((r: { plate: string; plateColor: string; vehicleType: string }) => [r.plate, r.plateColor, r.vehicleType]), [[plate, 'yellow', 'refrigerated']]);

    const missing = await upload(await workbook([[plate]], EN_HEADERS.slice(0, 6)), { language: 'en' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.json().missingColumns, ['Driver mobile']);
  });
});

describe('import: parse and check, store nothing', () => {
  test('per-row errors with the spreadsheet row, good rows numbered for the form', async () => {
    const before = await stored();
    const repeated = uniquePlate();
    const bytes = await workbook([
      line({ plate: ` ${repeated.replace('京A', '京a·')} `, vin: 'lsvau2180e2123456', permit: 110108012345 }), // row 2: fine
      line({ plate: '京A1234' }), // row 3: bad plate
      line({ id: '110105194912310021' }), // row 4: bad ID
      [], // row 5: empty, skipped
      line({ plate: repeated }), // row 6: repeats row 2
      line({ color: '绿色' }), // row 7: colour does not fit the plate
      line({ type: '公交车', load: 'abc' }), // row 8: unknown type, load not a number
      line({ color: '黄', type: 'refrigerated', load: '12000', phone: 13700001111 }), // row 9: short word, code, numbers as typed
      line({ name: null }), // row 10: missing name
    ]);
    const res = await upload(bytes);
    assert.equal(res.statusCode, 200, res.body);
    const { rows, errors } = res.json();
    assert.deepEqual(
      errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]),
      [
        [3, 'plate', 'PLATE_INVALID'],
        [4, 'driverIdNo', 'ID_NO_INVALID'],
        [6, 'plate', 'PLATE_DUPLICATE'],
        [7, 'plateColor', 'PLATE_COLOR_MISMATCH'],
        [8, 'vehicleType', 'INVALID_VALUE'],
        [8, 'ratedLoadKg', 'INVALID_TYPE'],
        [10, 'driverName', 'REQUIRED'],
      ],
    );
    assert.equal(errors[0].message, '车牌号格式错误');
    assert.deepEqual(rows.map((r: { seq: number; row: number }) => [r.seq, r.row]), [[1, 2], [2, 9]]);
    assert.equal(rows[0].plate, repeated);
    assert.equal(rows[0].vin, 'LSVAU2180E2123456');
    assert.equal(rows[0].permitNo, '110108012345');
    assert.equal(rows[0].plateColor, 'yellow');
    assert.equal(rows[0].vehicleType, 'van');
    assert.deepEqual([rows[1].plateColor, rows[1].vehicleType, rows[1].ratedLoadKg, rows[1].driverPhone], ['yellow', 'refrigerated', 12000, '13700001111']);
    assert.deepEqual(await stored(), before, 'nothing stored');

    const english = await upload(bytes, { language: 'en' });
    assert.equal(english.json().errors[0].message, 'Invalid licence plate');
  });

  test('a file that is not our .xlsx is refused', async () => {
    const garbage = await upload(Buffer.from('not a spreadsheet'));
    assert.equal(garbage.statusCode, 400);
    assert.equal(garbage.json().code, 'IMPORT_FILE_INVALID');
    const wrongHeaders = await upload(await workbook([['京A12345']], ['Plate']));
    assert.equal(wrongHeaders.json().code, 'IMPORT_FILE_INVALID');
    const missingColumn = await upload(await workbook([line()], HEADERS.filter((h) => h !== '驾驶员手机号')));
    assert.equal(missingColumn.json().code, 'IMPORT_FILE_INVALID');
    assert.deepEqual(missingColumn.json().missingColumns, ['驾驶员手机号']);
    const json = await upload(JSON.stringify({ rows: [] }), { type: 'application/json' });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().code, 'IMPORT_FILE_INVALID');
    const text = await upload('a,b', { type: 'text/csv' });
    assert.equal(text.statusCode, 415);
  });

  test('10 MB at most, 5,000 rows at most', async () => {
    const huge = await upload(Buffer.alloc(10 * 1024 * 1024 + 1));
    assert.equal(huge.statusCode, 413);
    const lines = Array.from({ length: 5001 }, () => line());
    const tooMany = await upload(await workbook(lines));
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().code, 'IMPORT_TOO_MANY_ROWS');
  });

  test('1,000 rows parse', async () => {
    const bytes = await workbook(Array.from({ length: 1000 }, () => line()));
    const started = performance.now();
    const res = await upload(bytes);
    const took = performance.now() - started;
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().rows.length, 1000);
    assert.equal(res.json().errors.length, 0);
    assert.equal(res.json().rows[999].seq, 1000);
    ctx.app.log.info({ took }, '1,000-row import');
  });
});

describe('export', () => {
  test('fleet → export → import gives the same rows', async () => {
    const e = await ctx.enterprise();
    const vehicles = [
      vehicleRow({ vin: 'LSVAU2180E2123456', permitNo: '110108012345' }),
      vehicleRow({ plate: `京AD${uniquePlate().slice(2)}`, plateColor: 'green', vehicleType: 'tank', ratedLoadKg: 4500, driverIdNo: '11010519491231002X' }),
      vehicleRow({ plate: '粤Z1234港', plateColor: 'black', vehicleType: 'container_tractor' }),
    ];
    await fleetOf(ctx, e.token, reviewer.token, vehicles);
    const exported = await ctx.call('GET', '/api/v1/vehicles/export.xlsx', { token: e.token });
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-type'], XLSX);

    const imported = await upload(exported.rawPayload, { token: e.token });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json().errors, []);
    const fields = ['plate', 'plateColor', 'vehicleType', 'ratedLoadKg', 'driverName', 'driverIdNo', 'driverPhone', 'vin', 'permitNo'] as const;
    const pick = (v: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, v[f] ?? null]));
    const fleet = (await ctx.call('GET', '/api/v1/vehicles', { token: e.token })).json().items;
    assert.deepEqual(imported.json().rows.map(pick), fleet.map(pick));
    assert.deepEqual(
      [...imported.json().rows.map(pick)].sort((x, y) => String(x.plate).localeCompare(String(y.plate))),
      vehicles.map((v) => pick({ vin: null, permitNo: null, ...v })).sort((x, y) => String(x.plate).localeCompare(String(y.plate))),
    );
  });

  test('the fleet exported in English imports back the same, whatever the importer\'s language', async () => {
    const e = await ctx.enterprise();
    const vehicles = [vehicleRow({ plateColor: 'yellow', vehicleType: 'flatbed' }), vehicleRow({ plate: `京AD${uniquePlate().slice(2)}`, plateColor: 'green', vehicleType: 'tank' })];
    await fleetOf(ctx, e.token, reviewer.token, vehicles);
    const exported = await ctx.call('GET', '/api/v1/vehicles/export.xlsx?lang=en', { token: e.token });
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-disposition']), /filename="vehicles\.xlsx"; filename\*=UTF-8''Fleet\.xlsx/);
    const sheet = await readSheet(exported.rawPayload);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [...EN_HEADERS, 'Status', 'Approval date']);
    const words = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(2, 4).concat(sheet.getRow(n).getCell(10).value));
    assert.deepEqual(words.sort(), [['Green', 'Tank truck', 'Active'], ['Yellow', 'Flatbed truck', 'Active']]);

    const imported = await upload(exported.rawPayload, { token: e.token, language: 'zh-CN' });
    assert.deepEqual(imported.json().errors, []);
    const pick = (v: { plate: string; plateColor: string; vehicleType: string }) => `${v.plate} ${v.plateColor} ${v.vehicleType}`;
    assert.deepEqual(imported.json().rows.map(pick).sort(), vehicles.map((v) => pick(v as never)).sort());
  });

  test('filings export follows the list\'s filters, one line per vehicle, and imports back', async () => {
    const e = await ctx.enterprise();
    const plates = [uniquePlate('浙A'), uniquePlate('浙A')];
    await createDraft(ctx, e.token, plates.map((plate) => vehicleRow({ plate })));
    const declared = await createDraft(ctx, e.token);
    await ctx.call('POST', `/api/v1/vehicle-filings/${declared.id}/declare`, { token: e.token });

    const res = await ctx.call('GET', '/api/v1/vehicle-filings/export.xlsx?status=draft', { token: e.token });
    assert.equal(res.statusCode, 200);
    const sheet = await readSheet(res.rawPayload);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(headers.slice(0, 4), ['录入日期', '申报状态', '申报日期', '序号']);
    const plateColumn = headers.indexOf('车牌号') + 1;
    const exportedPlates: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exportedPlates.push(row.getCell(plateColumn).value);
    });
    assert.deepEqual(exportedPlates, plates);
    assert.equal(sheet.getRow(2).getCell(2).value, '暂存');
    const english = await readSheet((await ctx.call('GET', '/api/v1/vehicle-filings/export.xlsx?status=draft&lang=en', { token: e.token })).rawPayload);
    assert.deepEqual((english.getRow(1).values as unknown[]).slice(1), ['Entry date', 'Status', 'Declaration date', 'No.', ...EN_HEADERS]);
    assert.deepEqual([english.getRow(2).getCell(2).value, english.getRow(3).getCell(5).value, english.rowCount], ['Draft', plates[1], 3]);

    const imported = await upload(res.rawPayload, { token: e.token });
    assert.deepEqual(imported.json().rows.map((r: { plate: string }) => r.plate), plates);

    const other = await ctx.call('GET', '/api/v1/vehicle-filings/export.xlsx', { token: a.token });
    const otherSheet = await readSheet(other.rawPayload);
    otherSheet.eachRow((row, n) => {
      if (n > 1) assert.ok(!plates.includes(String(row.getCell(plateColumn).value)), 'another enterprise\'s export has none of them');
    });
  });
});
