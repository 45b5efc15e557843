import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { duplicatePlateIndexes, filingVehicleInput, isPermitNo, saveFilingRequest } from './vehicles.ts';

const goodRow = {
  plate: '京A12345',
  plateColor: 'blue',
  vehicleType: 'van',
  ratedLoadKg: 18000,
  driverName: '李四',
  driverIdNo: '11010519491231002X',
  driverPhone: '13912345678',
};

/** Field → code of the first issue on it, as the API reports them. */
function codes(input: unknown, schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } } = filingVehicleInput): Record<string, string> {
  const result = schema.safeParse(input);
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const field = issue.path.map(String).join('.');
    out[field] ??= issue.message;
  }
  return out;
}

describe('filing body row', () => {
  test('a good row passes, normalized', () => {
    const result = filingVehicleInput.parse({ ...goodRow, plate: ' 京a·12345 ', driverIdNo: '11010519491231002x', vin: '', permitNo: ' 110108012345 ' });
    assert.equal(result.plate, '京A12345');
    assert.equal(result.driverIdNo, '11010519491231002X');
    assert.equal(result.vin, null);
    assert.equal(result.permitNo, '110108012345');
    assert.equal(result.replacesVehicleId, null);
  });

  const cases: [name: string, patch: Record<string, unknown>, field: string, code: string][] = [
    ['plate missing', { plate: undefined }, 'plate', 'REQUIRED'],
    ['plate empty', { plate: '  ' }, 'plate', 'REQUIRED'],
    ['plate malformed', { plate: '京A1234' }, 'plate', 'PLATE_INVALID'],
    ['plate with O', { plate: '京A1234O' }, 'plate', 'PLATE_INVALID'],
    ['plate not a string', { plate: 12345 }, 'plate', 'INVALID_TYPE'],
    ['colour missing', { plateColor: undefined }, 'plateColor', 'REQUIRED'],
    ['colour unknown', { plateColor: 'pink' }, 'plateColor', 'INVALID_VALUE'],
    ['green on an ordinary plate', { plateColor: 'green' }, 'plateColor', 'PLATE_COLOR_MISMATCH'],
    ['blue on a new-energy plate', { plate: '京AD12345' }, 'plateColor', 'PLATE_COLOR_MISMATCH'],
    ['blue on a trailer', { plate: '京A1234挂' }, 'plateColor', 'PLATE_COLOR_MISMATCH'],
    ['type unknown', { vehicleType: 'bus' }, 'vehicleType', 'INVALID_VALUE'],
    ['load missing', { ratedLoadKg: undefined }, 'ratedLoadKg', 'REQUIRED'],
    ['load as text', { ratedLoadKg: '18000' }, 'ratedLoadKg', 'INVALID_TYPE'],
    ['load fractional', { ratedLoadKg: 1.5 }, 'ratedLoadKg', 'INVALID_VALUE'],
    ['load zero', { ratedLoadKg: 0 }, 'ratedLoadKg', 'TOO_SMALL'],
    ['load too big', { ratedLoadKg: 100_001 }, 'ratedLoadKg', 'TOO_BIG'],
    ['driver name one char', { driverName: '李' }, 'driverName', 'NAME_INVALID'],
    ['driver name missing', { driverName: undefined }, 'driverName', 'REQUIRED'],
    ['ID wrong check char', { driverIdNo: '110105194912310021' }, 'driverIdNo', 'ID_NO_INVALID'],
    ['ID empty', { driverIdNo: '' }, 'driverIdNo', 'REQUIRED'],
    ['phone landline', { driverPhone: '01012345678' }, 'driverPhone', 'MOBILE_INVALID'],
    ['VIN with I', { vin: 'LSVAI2180E2123456' }, 'vin', 'VIN_INVALID'],
    ['permit too short', { permitNo: '12345' }, 'permitNo', 'PERMIT_NO_INVALID'],
    ['permit with punctuation', { permitNo: '1101-0801' }, 'permitNo', 'PERMIT_NO_INVALID'],
    ['replaced vehicle not an id', { replacesVehicleId: 'abc' }, 'replacesVehicleId', 'REPLACED_VEHICLE_INVALID'],
  ];
  for (const [name, patch, field, code] of cases) {
    test(`${name} → ${field} ${code}`, () => {
      assert.equal(codes({ ...goodRow, ...patch })[field], code);
    });
  }

  test('every bad field of a row is reported at once, colour mismatch included', () => {
    const found = codes({ ...goodRow, plateColor: 'green', driverIdNo: undefined, driverPhone: '123' });
    assert.deepEqual(found, { plateColor: 'PLATE_COLOR_MISMATCH', driverIdNo: 'REQUIRED', driverPhone: 'MOBILE_INVALID' });
  });

  test('a road-transport permit is 6–20 letters or digits', () => {
    assert.ok(isPermitNo('110108012345'));
    assert.ok(isPermitNo('JING123456'));
    assert.ok(!isPermitNo('12345'));
    assert.ok(!isPermitNo('1'.repeat(21)));
  });
});

describe('filing body', () => {
  const header = { contactName: '王五', contactPhone: '13800138001' };

  test('the later row of a repeated plate is marked, after normalization', () => {
    const found = codes({ header, vehicles: [goodRow, { ...goodRow, plate: '京A12346' }, { ...goodRow, plate: '京a 12345' }] }, saveFilingRequest);
    assert.deepEqual(found, { 'vehicles.2.plate': 'PLATE_DUPLICATE' });
  });

  test('duplicates are found even when other rows are wrong', () => {
    const found = codes({ header, vehicles: [{ ...goodRow, driverPhone: 'x' }, goodRow] }, saveFilingRequest);
    assert.deepEqual(found, { 'vehicles.0.driverPhone': 'MOBILE_INVALID', 'vehicles.1.plate': 'PLATE_DUPLICATE' });
  });

  test('1..500 rows', () => {
    assert.equal(codes({ header, vehicles: [] }, saveFilingRequest).vehicles, 'REQUIRED');
    const many = Array.from({ length: 501 }, (_, i) => ({ ...goodRow, plate: `京A${String(i).padStart(5, '0')}` }));
    assert.equal(codes({ header, vehicles: many }, saveFilingRequest).vehicles, 'TOO_LONG');
    assert.equal(saveFilingRequest.safeParse({ header, vehicles: many.slice(0, 500) }).success, true);
  });

  test('header fields have their codes', () => {
    assert.deepEqual(codes({ header: { contactName: '', contactPhone: '138' }, vehicles: [goodRow] }, saveFilingRequest), {
      'header.contactName': 'NAME_INVALID',
      'header.contactPhone': 'MOBILE_INVALID',
    });
    assert.equal(codes({ vehicles: [goodRow] }, saveFilingRequest).header, 'REQUIRED');
  });

  test('duplicatePlateIndexes ignores invalid plates and keeps the first occurrence', () => {
    assert.deepEqual(duplicatePlateIndexes(['京A12345', 'bad', 'bad', '京A12345', undefined, '京A12345']), [3, 5]);
  });
});
