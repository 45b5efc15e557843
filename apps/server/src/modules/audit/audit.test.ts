import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import ExcelJS from 'exceljs';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => {
  await ctx.close();
});

test('only the platform administrator reads the audit trail', async () => {
  const e = await ctx.enterprise();
  assert.equal((await ctx.call('GET', '/api/v1/admin/audit')).statusCode, 401);
  assert.equal((await ctx.call('GET', '/api/v1/admin/audit', { token: e.token })).statusCode, 403);
  assert.equal((await ctx.call('GET', '/api/v1/admin/audit/export.xlsx', { token: e.token })).statusCode, 403);
});

test('permission changes are audited with who, when, from where, before and after; filters and paging work', async () => {
  const e = await ctx.enterprise();
  const op = await ctx.operator(e.token, ['query']);
  await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: e.token, body: { permissions: ['query', 'appointment'] }, headers: { 'x-forwarded-for': '10.1.2.3' } });
  const token = await ctx.platformToken();
  const res = await ctx.call('GET', `/api/v1/admin/audit?entityId=${op.id}&action=operator.`, { token });
  assert.equal(res.statusCode, 200);
  const [updated, created] = res.json().items;
  assert.equal(updated.action, 'operator.updated');
  assert.equal(created.action, 'operator.created');
  assert.equal(updated.actorUsername, e.username);
  assert.ok(updated.ip);
  assert.deepEqual(updated.before.permissions, ['query']);
  assert.deepEqual(updated.after.permissions, ['query', 'appointment']);

  const first = (await ctx.call('GET', `/api/v1/admin/audit?enterpriseId=${e.enterpriseId}&limit=2`, { token })).json();
  assert.equal(first.items.length, 2);
  assert.ok(first.next);
  const second = (await ctx.call('GET', `/api/v1/admin/audit?enterpriseId=${e.enterpriseId}&limit=2&after=${first.next}`, { token })).json();
  assert.ok(second.items.length >= 1);
  assert.ok(second.items.every((item: { id: number }) => item.id < first.items[1].id), 'pages do not overlap');
});

test('the export is a readable sheet with the filtered rows', async () => {
  const e = await ctx.enterprise();
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/admin/audit/export.xlsx?enterpriseId=${e.enterpriseId}`, headers: { authorization: `Bearer ${await ctx.platformToken()}` } });
  assert.equal(res.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  assert.equal(sheet.getRow(1).getCell(4).value, '操作');
  const actions = sheet.getColumn(4).values.slice(2);
  assert.ok(actions.includes('enterprise.registered'));

  const english = await ctx.app.inject({ method: 'GET', url: `/api/v1/admin/audit/export.xlsx?enterpriseId=${e.enterpriseId}&lang=en`, headers: { authorization: `Bearer ${await ctx.platformToken()}` } });
  assert.equal(english.statusCode, 200);
  assert.match(String(english.headers['content-disposition']), /filename="audit\.xlsx"; filename\*=UTF-8''Audit%20log\.xlsx/);
  assert.equal(english.headers['cache-control'], 'no-store');
  const englishBook = new ExcelJS.Workbook();
  await englishBook.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual((englishBook.worksheets[0].getRow(1).values as unknown[]).slice(1), ['Time', 'Actor', 'IP', 'Action', 'Object type', 'Object ID', 'Before', 'After']);
  assert.deepEqual(englishBook.worksheets[0].getColumn(4).values.slice(2), actions, 'the same rows');
});

test('bad filters are field errors', async () => {
  const res = await ctx.call('GET', '/api/v1/admin/audit?from=yesterday&enterpriseId=x', { token: await ctx.platformToken() });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field).sort(), ['enterpriseId', 'from']);
});
