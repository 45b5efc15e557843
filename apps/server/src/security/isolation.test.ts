// Tenant isolation matrix: every operation of the OpenAPI document, called as anonymous, as a gate
// device, as another enterprise's administrator, as an operator of the owner without the needed
// permission, as platform staff on enterprise routes, and as another terminal's operator; then
// as the rightful caller, to prove each refusal was about who called and not a broken request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';

import { createTestContext, type TestContext } from '../testing/test-app.ts';
import { operationsOf, ownerToken, routeTable, urlOf, type Operation, type RouteEntry } from './route-table.ts';
import { buildWorld, type World } from './world.ts';

let ctx: TestContext;
let w: World;
let ops: Operation[];

before(async () => {
  ctx = await createTestContext();
  w = await buildWorld(ctx);
  const res = await ctx.call('GET', '/api/v1/openapi.json');
  assert.equal(res.statusCode, 200);
  ops = operationsOf(res.json());
});
after(async () => {
  await ctx?.close();
});

const tableOps = () => ops.filter((op) => routeTable[op.key]);

let calls = 0;
function send(op: Operation, entry: RouteEntry, token: string | undefined): Promise<LightMyRequestResponse> {
  calls += 1;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: string | Buffer | undefined;
  if (entry.raw) {
    headers['content-type'] = entry.raw.contentType;
    payload = entry.raw.bytes(w);
  } else if (entry.body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(entry.body(w));
  }
  return ctx.app.inject({ method: op.method as 'GET', url: urlOf(op, entry, w), headers, payload });
}

const CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** Collects every mismatch so one run names all broken cells of the matrix. */
function expectRefusal(failures: string[], who: string, op: Operation, res: LightMyRequestResponse, status: number): void {
  if (res.statusCode !== status) {
    failures.push(`${op.key} as ${who}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
    return;
  }
  const type = String(res.headers['content-type'] ?? '');
  const code = type.startsWith('application/problem+json') ? (res.json() as { code?: string }).code : undefined;
  if (code !== CODES[status]) failures.push(`${op.key} as ${who}: ${status} without problem code ${CODES[status]} (${type} ${res.body.slice(0, 120)})`);
}

function expectAllowed(failures: string[], who: string, op: Operation, res: LightMyRequestResponse): void {
  if (res.statusCode >= 500 || [401, 403, 404].includes(res.statusCode)) failures.push(`${op.key} as ${who}: expected to pass the access check, got ${res.statusCode} ${res.body.slice(0, 200)}`);
}

async function answerText(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.includes('spreadsheetml')) return res.body;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join('\n');
}

async function expectNoSecrets(failures: string[], who: string, op: Operation, res: LightMyRequestResponse): Promise<void> {
  const text = await answerText(res);
  for (const secret of w.secretsOfA) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(text)) failures.push(`${op.key} as ${who}: the answer shows A's ${secret}`);
  }
}

/** Everything of enterprise A, to prove the refused calls changed none of it. */
async function snapshotOfA(): Promise<string> {
  const db = ctx.deps.db;
  const enterpriseId = w.a.enterpriseId;
  const appointmentIds = (await db.selectFrom('appointments').select('id').where('enterprise_id', '=', enterpriseId).execute()).map((r) => r.id);
  const filingIds = (await db.selectFrom('vehicle_filings').select('id').where('enterprise_id', '=', enterpriseId).execute()).map((r) => r.id);
  const userIds = (await db.selectFrom('users').select('id').where('enterprise_id', '=', enterpriseId).execute()).map((r) => r.id);
  const parts = {
    enterprise: await db.selectFrom('enterprises').selectAll().where('id', '=', enterpriseId).execute(),
    users: await db.selectFrom('users').select(['id', 'username', 'password_hash', 'permissions', 'disabled', 'locked_until', 'updated_at']).where('enterprise_id', '=', enterpriseId).orderBy('id').execute(),
    filings: await db.selectFrom('vehicle_filings').selectAll().where('enterprise_id', '=', enterpriseId).orderBy('id').execute(),
    filingRows: filingIds.length ? await db.selectFrom('vehicle_filing_rows').selectAll().where('filing_id', 'in', filingIds).orderBy('filing_id').orderBy('seq').execute() : [],
    vehicles: await db.selectFrom('vehicles').selectAll().where('enterprise_id', '=', enterpriseId).orderBy('id').execute(),
    appointments: await db.selectFrom('appointments').selectAll().where('enterprise_id', '=', enterpriseId).orderBy('id').execute(),
    awbs: appointmentIds.length ? await db.selectFrom('appointment_awbs').selectAll().where('appointment_id', 'in', appointmentIds).orderBy('appointment_id').orderBy('seq').execute() : [],
    history: appointmentIds.length ? await db.selectFrom('appointment_history').select(['id', 'action']).where('appointment_id', 'in', appointmentIds).orderBy('id').execute() : [],
    notifications: userIds.length ? await db.selectFrom('notifications').selectAll().where('user_id', 'in', userIds).orderBy('id').execute() : [],
    slot: await db.selectFrom('slots').selectAll().where('id', '=', w.slotId).execute(),
  };
  return JSON.stringify(parts);
}

describe('tenant isolation matrix', () => {
  test('every operation of the OpenAPI document has a matrix entry, and every entry an operation', () => {
    const missing = ops.filter((op) => !routeTable[op.key]).map((op) => op.key);
    assert.deepEqual(missing, [], `operations without an isolation-matrix entry in security/route-table.ts (say who may call them): ${missing.join(', ')}`);
    const known = new Set(ops.map((op) => op.key));
    const stale = Object.keys(routeTable).filter((key) => !known.has(key));
    assert.deepEqual(stale, [], `matrix entries for operations the document no longer has: ${stale.join(', ')}`);
    assert.ok(ops.length >= 60, `the document lists ${ops.length} operations`);
  });

  let before: string;
  test('anonymous callers get 401 on every route that is not public', async () => {
    before = await snapshotOfA();
    const failures: string[] = [];
    for (const op of tableOps()) {
      const entry = routeTable[op.key];
      if (entry.access.kind === 'public') {
        if (entry.stream) continue;
        const res = await send(op, entry, undefined);
        if (res.statusCode >= 500 || res.statusCode === 401 || res.statusCode === 403) failures.push(`${op.key} (public) as anonymous: ${res.statusCode}`);
        continue;
      }
      expectRefusal(failures, 'anonymous', op, await send(op, entry, undefined), 401);
      // A token that was never issued is no better than none.
      expectRefusal(failures, 'a made-up token', op, await send(op, entry, 'cws_forged0000000000000000000000000000000000'), 401);
    }
    assert.deepEqual(failures, []);
  });

  test('a gate device token opens no person route', async () => {
    const failures: string[] = [];
    for (const op of tableOps()) {
      const entry = routeTable[op.key];
      if (entry.access.kind === 'public' || entry.access.kind === 'device') continue;
      expectRefusal(failures, 'gate device', op, await send(op, entry, w.deviceToken), 401);
    }
    assert.deepEqual(failures, []);
  });

  test('enterprise B\'s administrator: 404 for A\'s resources, 403 for platform routes, never a sight of A\'s data', async () => {
    const failures: string[] = [];
    for (const op of tableOps()) {
      const entry = routeTable[op.key];
      const kind = entry.access.kind;
      if (kind === 'public') continue;
      if (kind === 'device') {
        expectRefusal(failures, 'enterprise B', op, await send(op, entry, w.b.token), 401);
        continue;
      }
      if (kind === 'staff') {
        expectRefusal(failures, 'enterprise B', op, await send(op, entry, w.b.token), 403);
        continue;
      }
      if (entry.owner === 'A') {
        expectRefusal(failures, 'enterprise B', op, await send(op, entry, w.b.token), 404);
        continue;
      }
      if (entry.stream) continue;
      const res = await send(op, entry, w.b.token);
      expectAllowed(failures, 'enterprise B', op, res);
      if (entry.bodyNamesA && res.statusCode < 300) failures.push(`${op.key} as enterprise B with A's ids in the body: ${res.statusCode}`);
      await expectNoSecrets(failures, 'enterprise B', op, res);
    }
    assert.deepEqual(failures, []);
  });

  test('an operator of A without the needed permission gets 403; platform staff get 403 on enterprise routes', async () => {
    const failures: string[] = [];
    for (const op of tableOps()) {
      const entry = routeTable[op.key];
      const a = entry.access;
      let who: { name: string; token: string; status: number } | null = null;
      if (a.kind === 'permission') who = { name: `operator without ${a.permission}`, token: w.ops.allBut[a.permission].token, status: 403 };
      else if (a.kind === 'anyPermission') who = { name: 'operator with none of ' + a.permissions.join('/'), token: w.ops.none.token, status: 403 };
      else if (a.kind === 'enterpriseAdmin' || a.kind === 'staff') who = { name: 'operator with every permission but query', token: w.ops.allBut.query.token, status: 403 };
      else if (a.kind === 'device') who = { name: 'operator', token: w.ops.none.token, status: 401 };
      else if (entry.operatorOfA !== undefined) who = { name: 'another user of A', token: w.ops.none.token, status: entry.operatorOfA };
      if (who) expectRefusal(failures, who.name, op, await send(op, entry, who.token), who.status);
      // A's administrator's own access token, scoped to `query`, is no key to the other applications.
      if (a.kind === 'permission' && a.permission !== 'query') expectRefusal(failures, 'A\'s access token scoped to query', op, await send(op, entry, w.a.queryToken), 403);

      if (['enterprise', 'permission', 'anyPermission', 'enterpriseAdmin'].includes(a.kind)) {
        expectRefusal(failures, 'a platform reviewer', op, await send(op, entry, w.staff.reviewer), 403);
        expectRefusal(failures, 'the platform administrator', op, await send(op, entry, w.staff.platform), 403);
      }
      if (a.kind === 'staff') {
        // Each platform role is refused on the other roles' routes.
        const tokens = { platform_admin: w.staff.platform, reviewer: w.staff.reviewer, terminal_operator: w.staff.terminalOperator, gate_officer: w.staff.gateOfficer };
        for (const [role, token] of Object.entries(tokens)) {
          if (a.roles.includes(role as never)) continue;
          expectRefusal(failures, role, op, await send(op, entry, token), 403);
        }
      }
      for (const other of entry.others ?? []) {
        const res = await send(op, entry, other.token(w));
        if (other.status < 300) {
          if (res.statusCode !== other.status) failures.push(`${op.key} as ${other.who}: expected ${other.status}, got ${res.statusCode}`);
          if (other.noSecrets) await expectNoSecrets(failures, other.who, op, res);
        } else {
          expectRefusal(failures, other.who, op, res, other.status);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('none of the refused calls changed anything of A', async () => {
    assert.ok(before, 'the first matrix test took the snapshot');
    assert.equal(await snapshotOfA(), before);
  });

  test('the rightful caller passes every access check with the same requests (the refusals above are real)', async () => {
    const failures: string[] = [];
    const entries = tableOps().filter((op) => !routeTable[op.key].stream);
    const ordered = [...entries.filter((op) => !routeTable[op.key].destructive), ...entries.filter((op) => routeTable[op.key].destructive)];
    for (const op of ordered) {
      const entry = routeTable[op.key];
      const res = await send(op, entry, ownerToken(entry, w));
      expectAllowed(failures, 'its rightful caller', op, res);
      // A 400 would mean the matrix sent a malformed request, so B's 404 proved nothing.
      if (res.statusCode === 400 && !entry.raw) failures.push(`${op.key} as its rightful caller: 400 ${res.body.slice(0, 200)}`);
    }
    assert.deepEqual(failures, []);
  });
  test('tally', (t) => {
    t.diagnostic(`isolation matrix: ${tableOps().length} operations, ${calls} calls`);
  });
});
