import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import ExcelJS from 'exceljs';
import { sql } from 'kysely';

import { whileAsked } from '../../testing/busy.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { testEngine } from '../../testing/test-db.ts';
import { cancelFleetVehicle, fleetVehicle, residentId, validAwb } from '../../testing/scheduling-factories.ts';
import { assertNoticeSpeaksBothLanguages } from '../../testing/notices.ts';

// 08:00 in Beijing, Wednesday 2026-11-25. Every test sets the clock it needs, within this day so
// the sessions (12 h) stay valid.
const MORNING = '2026-11-25T00:00:00Z';
const TODAY = '2026-11-25';

let ctx: TestContext;
let platform: string;
let terminal: { id: string; code: string };
let otherTerminal: { id: string; code: string };
let terminalOp: string;
let otherTerminalOp: string;

type Enterprise = Awaited<ReturnType<TestContext['enterprise']>>;

let awbSerial = 1000;
const nextAwb = () => validAwb(awbSerial++);

const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));

async function createTerminal(body: Record<string, unknown>) {
  const res = await ctx.call('POST', '/api/v1/admin/terminals', { token: platform, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

let terminalCounter = 0;
const terminalBody = (overrides: Record<string, unknown> = {}) => ({
  code: `T${++terminalCounter}-${process.pid % 1000}`,
  name: '大兴机场国际货站',
  timeZone: 'Asia/Shanghai',
  slotMinutes: 60,
  capacity: { pickup: 5, delivery: 5 },
  ...overrides,
});

async function daySlots(terminalId: string, date: string) {
  const res = await ctx.call('GET', `/api/v1/terminals/${terminalId}/slots?date=${date}`, { token: platform });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as { id: string; start: string; end: string; capacity: { pickup: number; delivery: number }; booked: { pickup: number; delivery: number }; refusal: string | null }[];
}

/** The slot starting at hh:00 Beijing time on that day. */
async function slotAt(terminalId: string, date: string, hour: number) {
  const start = `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const slot = (await daySlots(terminalId, date)).find((s) => s.start === start);
  assert.ok(slot, `no slot at ${start}`);
  return slot;
}

async function slotRow(id: string) {
  return ctx.deps.db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const vehicleOf = (enterprise: Enterprise, overrides: Parameters<typeof fleetVehicle>[2] = {}) => fleetVehicle(ctx.deps.db, enterprise, overrides);

function appointmentBody(slotId: string, vehicleId: string, overrides: Record<string, unknown> = {}) {
  return {
    terminalId: terminal.id,
    slotId,
    flag: 'delivery',
    declarationType: 'ordinary',
    vehicleId,
    awbs: [{ awb: nextAwb(), pieces: 10, weightKg: 250.5 }],
    ...overrides,
  };
}

async function createDraft(token: string, body: Record<string, unknown>) {
  const res = await ctx.call('POST', '/api/v1/appointments', { token, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const submit = (token: string, id: string) => ctx.call('POST', `/api/v1/appointments/${id}/submit`, { token });

async function book(token: string, body: Record<string, unknown>) {
  const draft = await createDraft(token, body);
  const res = await submit(token, draft.id);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function statusOf(id: string) {
  return (await ctx.deps.db.selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

async function historyOf(id: string) {
  return ctx.deps.db.selectFrom('appointment_history').selectAll().where('appointment_id', '=', id).orderBy('id').execute();
}

before(async () => {
  ctx = await createTestContext();
  ctx.clock.set(MORNING);
  platform = await ctx.platformToken();
  terminal = await createTerminal(terminalBody());
  otherTerminal = await createTerminal(terminalBody({ name: '首都机场货站' }));
  terminalOp = (await ctx.staff('terminal_operator', terminal.id)).token;
  otherTerminalOp = (await ctx.staff('terminal_operator', otherTerminal.id)).token;
});
after(async () => {
  await ctx.close();
});

describe('authentication and access', () => {
  const id = '00000000-0000-4000-8000-000000000000';
  for (const [method, url] of [
    ['GET', '/api/v1/terminals'],
    ['GET', `/api/v1/terminals/${id}/slots?date=${TODAY}`],
    ['GET', `/api/v1/terminals/${id}/calendar`],
    ['POST', '/api/v1/admin/terminals'],
    ['PATCH', `/api/v1/admin/terminals/${id}`],
    ['POST', `/api/v1/admin/terminals/${id}/gates`],
    ['GET', `/api/v1/admin/terminals/${id}/gates`],
    ['PATCH', `/api/v1/terminals/${id}/slots/${id}`],
    ['PATCH', `/api/v1/terminals/${id}/days/${TODAY}`],
    ['GET', '/api/v1/terminal/appointments'],
    ['POST', `/api/v1/terminal/appointments/${id}/accept`],
    ['POST', `/api/v1/terminal/appointments/${id}/reject`],
    ['GET', '/api/v1/appointments'],
    ['GET', '/api/v1/appointments/export.xlsx'],
    ['POST', '/api/v1/appointments'],
    ['GET', `/api/v1/appointments/${id}`],
    ['PUT', `/api/v1/appointments/${id}`],
    ['POST', `/api/v1/appointments/${id}/submit`],
    ['POST', `/api/v1/appointments/${id}/cancel`],
    ['PATCH', `/api/v1/appointments/${id}/vehicle`],
  ] as const) {
    test(`${method} ${url.replace(id, '{id}').replace(id, '{id}')} is 401 without a session`, async () => {
      const res = await ctx.call(method, url, { body: method === 'GET' ? undefined : {} });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    });
  }

  test('an operator without `appointment` may not book; with only `query` it may read the list', async () => {
    ctx.clock.set(MORNING);
    const enterprise = await ctx.enterprise();
    const nothing = await ctx.operator(enterprise.token, ['vehicle_filing']);
    const queryOnly = await ctx.operator(enterprise.token, ['query']);
    const vehicle = await vehicleOf(enterprise);
    const slot = await slotAt(terminal.id, TODAY, 12);
    const body = appointmentBody(slot.id, vehicle.id);

    assert.equal((await ctx.call('POST', '/api/v1/appointments', { token: nothing.token, body })).statusCode, 403);
    assert.equal((await ctx.call('GET', '/api/v1/appointments', { token: nothing.token })).statusCode, 403);
    assert.equal((await ctx.call('POST', '/api/v1/appointments', { token: queryOnly.token, body })).json().code, 'FORBIDDEN');

    const draft = await createDraft(enterprise.token, body);
    assert.equal((await ctx.call('GET', '/api/v1/appointments', { token: queryOnly.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', `/api/v1/appointments/${draft.id}`, { token: queryOnly.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', '/api/v1/appointments/export.xlsx', { token: queryOnly.token })).statusCode, 200);
    assert.equal((await submit(queryOnly.token, draft.id)).statusCode, 403);
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${draft.id}/cancel`, { token: queryOnly.token })).statusCode, 403);

    // 交货确认 starts from the list: an operator with only delivery_confirmation reads it, never books.
    const confirmer = await ctx.operator(enterprise.token, ['delivery_confirmation']);
    assert.equal((await ctx.call('GET', '/api/v1/appointments', { token: confirmer.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', `/api/v1/appointments/${draft.id}`, { token: confirmer.token })).statusCode, 200);
    assert.equal((await submit(confirmer.token, draft.id)).statusCode, 403);
  });

  test('platform set-up is for the platform administrator; terminal routes for terminal operators', async () => {
    const enterprise = await ctx.enterprise();
    assert.equal((await ctx.call('POST', '/api/v1/admin/terminals', { token: enterprise.token, body: terminalBody() })).statusCode, 403);
    assert.equal((await ctx.call('POST', '/api/v1/admin/terminals', { token: terminalOp, body: terminalBody() })).statusCode, 403);
    const slot = await slotAt(terminal.id, TODAY, 12);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: enterprise.token, body: { capacity: { pickup: 1 } } })).statusCode, 403);
    assert.equal((await ctx.call('GET', '/api/v1/terminal/appointments', { token: enterprise.token })).statusCode, 403);
    assert.equal((await ctx.call('POST', '/api/v1/appointments', { token: terminalOp, body: {} })).statusCode, 403);
  });
});

describe('platform set-up: terminals and gates', () => {
  test('every bad field is reported at once', async () => {
    const res = await ctx.call('POST', '/api/v1/admin/terminals', {
      token: platform,
      body: { code: '', name: '', timeZone: 'Mars/Olympus', slotMinutes: 45, capacity: { pickup: -1, delivery: 1.5 }, horizonDays: 0, hours: { '1': [['20:00', '08:00']], '8': [] }, closedDates: ['2026-02-30'] },
      headers: { 'accept-language': 'en' },
    });
    assert.equal(res.statusCode, 400);
    const errors = fields(res);
    assert.equal(errors.timeZone, 'TIME_ZONE_INVALID');
    assert.ok(errors.code);
    assert.ok(errors.name);
    assert.ok(errors.slotMinutes);
    assert.equal(errors['capacity.pickup'], 'TOO_SMALL');
    assert.ok(errors['capacity.delivery']);
    assert.equal(errors.horizonDays, 'TOO_SMALL');
    assert.ok(errors['hours.1.0']);
    assert.equal(errors['hours.8'], 'UNKNOWN_FIELD');
    assert.equal(errors['closedDates.0'], 'INVALID_VALUE');
    assert.match(res.json().errors.find((e: { field: string }) => e.field === 'timeZone').message, /time zone/i);
  });

  test('creates a terminal with the busy-terminal defaults; a second with the same code is 409', async () => {
    const body = terminalBody({ code: 'pkx-ict-9', hours: { '1': [['08:00', '20:00']] }, closedDates: ['2026-12-25', '2026-12-25'] });
    const created = await createTerminal(body);
    assert.equal(created.code, 'PKX-ICT-9');
    assert.equal(created.horizonDays, 3);
    assert.equal(created.minLeadMinutes, 60);
    assert.equal(created.toleranceMinutes, 30);
    assert.deepEqual(created.capacity, { pickup: 5, delivery: 5 });
    assert.deepEqual(created.hours, { '1': [['08:00', '20:00']] });
    assert.deepEqual(created.closedDates, ['2026-12-25']);
    assert.equal(created.today, TODAY);

    const again = await ctx.call('POST', '/api/v1/admin/terminals', { token: platform, body: { ...body, code: 'PKX-ICT-9' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'TERMINAL_CODE_TAKEN');
    assert.deepEqual(fields(again), { code: 'TERMINAL_CODE_TAKEN' });

    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', created.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['terminal.created']);
  });

  test('PATCH changes settings; an unknown terminal is 404', async () => {
    const created = await createTerminal(terminalBody());
    const res = await ctx.call('PATCH', `/api/v1/admin/terminals/${created.id}`, { token: platform, body: { minLeadMinutes: 120, capacity: { pickup: 8 }, hours: null, closedDates: ['2026-12-31'] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().minLeadMinutes, 120);
    assert.deepEqual(res.json().capacity, { pickup: 8, delivery: 5 });
    assert.deepEqual(res.json().closedDates, ['2026-12-31']);
    assert.equal((await ctx.call('PATCH', '/api/v1/admin/terminals/00000000-0000-4000-8000-000000000000', { token: platform, body: { name: '无' } })).statusCode, 404);
    assert.equal((await ctx.call('PATCH', '/api/v1/admin/terminals/not-a-uuid', { token: platform, body: { name: '无' } })).statusCode, 404);
    const clash = await ctx.call('PATCH', `/api/v1/admin/terminals/${created.id}`, { token: platform, body: { code: terminal.code } });
    assert.equal(clash.json().code, 'TERMINAL_CODE_TAKEN');
  });

  test('gates: created per terminal, codes unique within a terminal, listed', async () => {
    const created = await createTerminal(terminalBody());
    const bad = await ctx.call('POST', `/api/v1/admin/terminals/${created.id}/gates`, { token: platform, body: { code: 'IN1', name: '', direction: 'up' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(fields(bad)).sort(), ['direction', 'name']);

    const gate = await ctx.call('POST', `/api/v1/admin/terminals/${created.id}/gates`, { token: platform, body: { code: 'in1', name: '1号入区卡口', direction: 'in' } });
    assert.equal(gate.statusCode, 201, gate.body);
    assert.equal(gate.json().code, 'IN1');
    assert.equal(gate.json().terminalId, created.id);
    const dup = await ctx.call('POST', `/api/v1/admin/terminals/${created.id}/gates`, { token: platform, body: { code: 'IN1', name: '重复', direction: 'out' } });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'GATE_CODE_TAKEN');
    // the same code at another terminal is fine
    assert.equal((await ctx.call('POST', `/api/v1/admin/terminals/${otherTerminal.id}/gates`, { token: platform, body: { code: 'IN1', name: '1号', direction: 'in' } })).statusCode, 201);
    await ctx.call('POST', `/api/v1/admin/terminals/${created.id}/gates`, { token: platform, body: { code: 'OUT1', name: '1号出区卡口', direction: 'out' } });

    const listed = await ctx.call('GET', `/api/v1/admin/terminals/${created.id}/gates`, { token: platform });
    assert.deepEqual(listed.json().items.map((g: { code: string; direction: string }) => [g.code, g.direction]), [['IN1', 'in'], ['OUT1', 'out']]);
    assert.equal((await ctx.call('POST', '/api/v1/admin/terminals/00000000-0000-4000-8000-000000000000/gates', { token: platform, body: { code: 'X', name: '某卡口', direction: 'in' } })).statusCode, 404);
  });

  test('GET /terminals lists terminals with their settings for anyone logged in', async () => {
    const enterprise = await ctx.enterprise();
    const res = await ctx.call('GET', '/api/v1/terminals', { token: enterprise.token });
    assert.equal(res.statusCode, 200);
    const found = res.json().items.find((t: { id: string }) => t.id === terminal.id);
    assert.equal(found.timeZone, 'Asia/Shanghai');
    assert.equal(found.slotMinutes, 60);
    assert.equal(res.json().next, null);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminal.id}`, { token: enterprise.token })).json().id, terminal.id);
  });
});

describe('slots', () => {
  test('a day is made on first sight, with times in the terminal\'s zone, and only once', async () => {
    ctx.clock.set(MORNING);
    const created = await createTerminal(terminalBody({ hours: { '3': [['08:00', '20:00']] } }));
    const [first, second] = await Promise.all([daySlots(created.id, TODAY), daySlots(created.id, TODAY)]);
    assert.equal(first.length, 12);
    assert.deepEqual(second.map((s) => s.id), first.map((s) => s.id));
    assert.equal(first[0].start, '2026-11-25T08:00:00+08:00');
    assert.equal(first[0].end, '2026-11-25T09:00:00+08:00');
    assert.deepEqual(first[0].capacity, { pickup: 5, delivery: 5 });
    assert.deepEqual(first[0].booked, { pickup: 0, delivery: 0 });
    const count = await ctx.deps.db.selectFrom('slots').select((eb) => eb.fn.countAll<number>().as('n')).where('terminal_id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 12);
    // Thursday is not in the hours: closed
    assert.deepEqual(await daySlots(created.id, '2026-11-26'), []);
  });

  test('settings changed later shape only the days not made yet', async () => {
    const created = await createTerminal(terminalBody());
    assert.equal((await daySlots(created.id, TODAY)).length, 24);
    await ctx.call('PATCH', `/api/v1/admin/terminals/${created.id}`, { token: platform, body: { slotMinutes: 30, capacity: { delivery: 9 } } });
    assert.equal((await daySlots(created.id, TODAY)).length, 24, 'a made day keeps its slots');
    const tomorrow = await daySlots(created.id, '2026-11-26');
    assert.equal(tomorrow.length, 48);
    assert.equal(tomorrow[0].capacity.delivery, 9);
  });

  test('a bad date is 400; days in the past or far ahead are read, never made', async () => {
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminal.id}/slots?date=2026-13-01`, { token: platform })).statusCode, 400);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminal.id}/slots`, { token: platform })).statusCode, 400);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/00000000-0000-4000-8000-000000000000/slots?date=${TODAY}`, { token: platform })).statusCode, 404);
    assert.deepEqual(await daySlots(terminal.id, '2026-11-20'), []);
    assert.deepEqual(await daySlots(terminal.id, '9999-12-31'), []);
    const made = await ctx.deps.db.selectFrom('slot_days').select('local_date').where('terminal_id', '=', terminal.id).where('local_date', 'in', ['2026-11-20', '9999-12-31']).execute();
    assert.deepEqual(made, []);
  });

  test('each slot says why a booking of it would be refused now: started, too soon, beyond the horizon, or closed', async () => {
    ctx.clock.set('2026-11-25T00:30:00Z'); // 08:30 in Beijing; a lead time of 60 minutes, a horizon of 3 days
    const refusalAt = async (date: string, hour: number) => (await slotAt(terminal.id, date, hour)).refusal;
    assert.equal(await refusalAt(TODAY, 8), 'SLOT_PAST');
    assert.equal(await refusalAt(TODAY, 9), 'LEAD_TIME');
    assert.equal(await refusalAt(TODAY, 10), null);
    assert.equal(await refusalAt('2026-11-28', 23), null, 'the horizon\'s last day is bookable');
    assert.equal(await refusalAt('2026-11-29', 10), 'BEYOND_HORIZON', 'a day made ahead for the terminal, not yet bookable');
    // A day closed after its slots were made.
    const closing = await createTerminal(terminalBody());
    await slotAt(closing.id, '2026-11-27', 10);
    assert.equal((await ctx.call('PATCH', `/api/v1/admin/terminals/${closing.id}`, { token: platform, body: { closedDates: ['2026-11-27'] } })).statusCode, 200);
    assert.equal((await slotAt(closing.id, '2026-11-27', 10)).refusal, 'SLOT_CLOSED');
    ctx.clock.set(MORNING);
  });

  test('the calendar shows today … today + horizon, never beyond', async () => {
    ctx.clock.set(MORNING);
    const enterprise = await ctx.enterprise();
    const res = await ctx.call('GET', `/api/v1/terminals/${terminal.id}/calendar`, { token: enterprise.token });
    assert.equal(res.statusCode, 200, res.body);
    const calendar = res.json();
    assert.equal(calendar.today, TODAY);
    assert.equal(calendar.lastDay, '2026-11-28');
    assert.deepEqual(calendar.days.map((d: { date: string }) => d.date), ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
    assert.equal(calendar.days[1].slots.length, 24);
    const later = await ctx.call('GET', `/api/v1/terminals/${terminal.id}/calendar?from=2026-11-27&days=5`, { token: enterprise.token });
    assert.deepEqual(later.json().days.map((d: { date: string }) => d.date), ['2026-11-27', '2026-11-28']);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminal.id}/calendar?days=99`, { token: enterprise.token })).statusCode, 400);
  });
});

describe('appointments: validation and isolation', () => {
  let a: Enterprise;
  let b: Enterprise;
  let slotId: string;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
    b = await ctx.enterprise();
    slotId = (await slotAt(terminal.id, TODAY, 14)).id;
  });

  test('field errors, all at once: a bad AWB check digit, a duplicate AWB, missing and unknown values', async () => {
    const vehicle = await vehicleOf(a);
    const res = await ctx.call('POST', '/api/v1/appointments', {
      token: a.token,
      body: {
        terminalId: terminal.id,
        slotId,
        flag: 'pickupp',
        vehicleId: vehicle.id,
        awbs: [
          { awb: '176-12345670', pieces: 1, weightKg: 1 },
          { awb: '17612345675', pieces: 0, weightKg: 1 },
          { awb: '176 1234 5675', pieces: 1, weightKg: -1 },
          { awb: '12-34', pieces: 1, weightKg: 1 },
        ],
        driverPhone: '12345',
      },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fields(res), {
      flag: 'INVALID_VALUE',
      declarationType: 'REQUIRED',
      'awbs.0.awb': 'AWB_INVALID',
      'awbs.1.pieces': 'TOO_SMALL',
      'awbs.2.weightKg': 'TOO_SMALL',
      'awbs.2.awb': 'AWB_DUPLICATE',
      'awbs.3.awb': 'AWB_INVALID',
      driverPhone: 'MOBILE_INVALID',
    });
  });

  test('no AWBs, or more than 20, is a field error on awbs', async () => {
    const vehicle = await vehicleOf(a);
    const none = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: appointmentBody(slotId, vehicle.id, { awbs: [] }) });
    assert.deepEqual(fields(none), { awbs: 'REQUIRED' });
    const many = Array.from({ length: 21 }, () => ({ awb: nextAwb(), pieces: 1, weightKg: 1 }));
    const tooMany = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: appointmentBody(slotId, vehicle.id, { awbs: many }) });
    assert.deepEqual(fields(tooMany), { awbs: 'TOO_LONG' });
  });

  test('a slot of another terminal, another enterprise\'s vehicle and a cancelled vehicle are field errors', async () => {
    const otherSlot = await slotAt(otherTerminal.id, TODAY, 14);
    const theirs = await vehicleOf(b);
    const res = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: appointmentBody(otherSlot.id, theirs.id) });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fields(res), { slotId: 'SLOT_UNKNOWN', vehicleId: 'VEHICLE_UNKNOWN' });
    const cancelled = await vehicleOf(a, { status: 'cancelled' });
    const res2 = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: appointmentBody(slotId, cancelled.id) });
    assert.deepEqual(fields(res2), { vehicleId: 'VEHICLE_NOT_APPROVED' });
    const res3 = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: { ...appointmentBody(slotId, cancelled.id), terminalId: '00000000-0000-4000-8000-000000000000' } });
    assert.equal(fields(res3).terminalId, 'TERMINAL_UNKNOWN');
  });

  test('a body with schema errors lists its unknown terminal, slot and vehicle in the same 400', async () => {
    const badAwb = [{ awb: '123-45678901', pieces: 1, weightKg: 1 }];
    const theirs = await vehicleOf(b);
    const res = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: { ...appointmentBody(slotId, theirs.id, { awbs: badAwb }), terminalId: '00000000-0000-4000-8000-000000000000' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fields(res), { 'awbs.0.awb': 'AWB_INVALID', terminalId: 'TERMINAL_UNKNOWN', vehicleId: 'VEHICLE_UNKNOWN' });
    const otherSlot = await slotAt(otherTerminal.id, TODAY, 15);
    const res2 = await ctx.call('POST', '/api/v1/appointments', { token: a.token, body: appointmentBody(otherSlot.id, 'not-an-id', { awbs: badAwb }) });
    assert.deepEqual(fields(res2), { 'awbs.0.awb': 'AWB_INVALID', vehicleId: 'INVALID_VALUE', slotId: 'SLOT_UNKNOWN' }, 'a malformed id is the schema\'s error, once');

    const vehicle = await vehicleOf(a);
    const draft = await createDraft(a.token, appointmentBody(slotId, vehicle.id));
    const cancelled = await vehicleOf(a, { status: 'cancelled' });
    const res3 = await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: a.token, body: appointmentBody(otherSlot.id, cancelled.id, { awbs: badAwb }) });
    assert.deepEqual(fields(res3), { 'awbs.0.awb': 'AWB_INVALID', slotId: 'SLOT_UNKNOWN', vehicleId: 'VEHICLE_NOT_APPROVED' }, 'the slot is looked for at the draft\'s terminal');
    const res4 = await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: b.token, body: appointmentBody(otherSlot.id, theirs.id, { awbs: badAwb }) });
    assert.deepEqual(fields(res4), { 'awbs.0.awb': 'AWB_INVALID' }, 'another enterprise\'s draft says nothing of its references');
  });

  test('a draft gets its business number, normalized AWBs, the fleet driver and a history row', async () => {
    const vehicle = await vehicleOf(a, { driverName: '王司机', driverPhone: '13700137000' });
    const awb = nextAwb();
    const draft = await createDraft(a.token, appointmentBody(slotId, vehicle.id, { awbs: [{ awb: awb.replace('-', ' '), pieces: 3, weightKg: 12.345 }] }));
    assert.equal(draft.status, 'draft');
    assert.match(draft.businessNo, /^T20261125\d{16}$/);
    assert.equal(draft.appointmentNo, null);
    assert.equal(draft.plate, vehicle.plate);
    assert.equal(draft.driverName, '王司机');
    assert.equal(draft.driverPhone, '13700137000');
    assert.equal(draft.driverIdNo, vehicle.driver_id_no);
    assert.deepEqual(draft.awbs, [{ seq: 1, awb, pieces: 3, weightKg: 12.345 }]);
    assert.equal(draft.slot.start, '2026-11-25T14:00:00+08:00');
    assert.equal(draft.terminal.id, terminal.id);
    const enterprise = await ctx.deps.db.selectFrom('enterprises').select(['id', 'name']).where('id', '=', a.enterpriseId).executeTakeFirstOrThrow();
    assert.deepEqual(draft.enterprise, enterprise, "the detail names the appointment's enterprise");
    assert.deepEqual(draft.history.map((h: { action: string; toStatus: string }) => [h.action, h.toStatus]), [['created', 'draft']]);
    assert.equal(draft.history[0].actor, a.username);
    assert.equal(draft.history[0].at, draft.createdAt, 'the history time in the terminal zone, as the header');
    assert.match(draft.history[0].at, /\+08:00$/);

    const named = await createDraft(a.token, appointmentBody(slotId, vehicle.id, { driverName: '赵替班', driverPhone: '13600136000' }));
    assert.equal(named.driverName, '赵替班');
    assert.equal(named.driverIdNo, null, 'another driver does not borrow the fleet driver\'s ID');
  });

  test('another enterprise\'s appointment is 404 on every route', async () => {
    const vehicle = await vehicleOf(a);
    const draft = await createDraft(a.token, appointmentBody(slotId, vehicle.id));
    const theirs = await vehicleOf(b);
    for (const [method, url, body] of [
      ['GET', `/api/v1/appointments/${draft.id}`, undefined],
      ['PUT', `/api/v1/appointments/${draft.id}`, appointmentBody(slotId, theirs.id)],
      ['POST', `/api/v1/appointments/${draft.id}/submit`, undefined],
      ['POST', `/api/v1/appointments/${draft.id}/cancel`, undefined],
      ['PATCH', `/api/v1/appointments/${draft.id}/vehicle`, { vehicleId: theirs.id }],
    ] as const) {
      const res = await ctx.call(method, url, { token: b.token, body });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().code, 'NOT_FOUND');
    }
    assert.equal((await ctx.call('GET', '/api/v1/appointments/not-a-uuid', { token: a.token })).statusCode, 404);
    const moved = await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: a.token, body: { ...appointmentBody(slotId, vehicle.id), terminalId: otherTerminal.id } });
    assert.deepEqual(fields(moved), { terminalId: 'INVALID_VALUE' }, 'the terminal of an appointment stays');
    assert.equal(await statusOf(draft.id), 'draft');
    const list = await ctx.call('GET', '/api/v1/appointments', { token: b.token });
    assert.ok(!list.json().items.some((i: { id: string }) => i.id === draft.id));
  });
});

describe('submitting: every refusal leaves a draft that can be moved and booked', () => {
  let a: Enterprise;
  let b: Enterprise;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
    b = await ctx.enterprise();
  });

  async function expectRefusal(id: string, code: string, token = a.token) {
    const before = await historyOf(id);
    const res = await submit(token, id);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, code);
    assert.equal(await statusOf(id), 'draft');
    assert.equal((await historyOf(id)).length, before.length, 'a refusal writes no history');
  }

  test('ordinary: booked at once with its appointment number, one place taken, history, audit and a notice', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const slot = await slotAt(terminal.id, TODAY, 9);
    const draft = await createDraft(a.token, appointmentBody(slot.id, vehicle.id));
    const res = await submit(a.token, draft.id);
    assert.equal(res.statusCode, 200, res.body);
    const booked = res.json();
    assert.equal(booked.status, 'booked');
    assert.match(booked.appointmentNo, /^10261125\d{10}$/);
    assert.equal(booked.submittedAt, '2026-11-25T08:00:00+08:00');
    assert.deepEqual(booked.history.map((h: { action: string; fromStatus: string; toStatus: string }) => [h.action, h.fromStatus, h.toStatus]), [['created', null, 'draft'], ['booked', 'draft', 'booked']]);
    const row = await slotRow(slot.id);
    assert.equal(row.booked_delivery, 1);
    assert.equal(row.booked_pickup, 0);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', draft.id).orderBy('id').execute();
    assert.deepEqual(audit.map((x) => x.action), ['appointment.created', 'appointment.booked']);
    const notices = await ctx.deps.db.selectFrom('notifications').selectAll().where('enterprise_id', '=', a.enterpriseId).where('kind', '=', 'appointment.booked').execute();
    assert.equal(notices.length, 1);
    assert.match(notices[0].body, new RegExp(booked.appointmentNo));
    assertNoticeSpeaksBothLanguages(notices[0]);

    const again = await submit(a.token, draft.id);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'APPOINTMENT_NOT_SUBMITTABLE');
    const edit = await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: a.token, body: appointmentBody(slot.id, vehicle.id) });
    assert.equal(edit.json().code, 'APPOINTMENT_NOT_EDITABLE');
  });

  test('SLOT_FULL: capacity 1, two enterprises; the second moves its draft to another slot and books', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, TODAY, 15);
    const changed = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: terminalOp, body: { capacity: { delivery: 1 } } });
    assert.equal(changed.statusCode, 200, changed.body);
    const first = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    assert.equal(first.status, 'booked');

    const vehicle = await vehicleOf(b);
    const draft = await createDraft(b.token, appointmentBody(slot.id, vehicle.id));
    await expectRefusal(draft.id, 'SLOT_FULL', b.token);
    assert.equal((await slotRow(slot.id)).booked_delivery, 1);

    // a pickup still fits: capacity is per flag
    const pickup = await book(b.token, appointmentBody(slot.id, (await vehicleOf(b)).id, { flag: 'pickup' }));
    assert.equal(pickup.status, 'booked');

    const next = await slotAt(terminal.id, TODAY, 16);
    const moved = await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: b.token, body: appointmentBody(next.id, vehicle.id) });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().slot.id, next.id);
    const res = await submit(b.token, draft.id);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'booked');
    assert.deepEqual(res.json().history.map((h: { action: string }) => h.action), ['created', 'updated', 'booked']);
  });

  test('SLOT_PAST and LEAD_TIME', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const past = await createDraft(a.token, appointmentBody((await slotAt(terminal.id, TODAY, 8)).id, vehicle.id));
    await expectRefusal(past.id, 'SLOT_PAST');
    // 08:30: the 09:00 slot is 30 minutes away, under the 60-minute lead time
    ctx.clock.set('2026-11-25T00:30:00Z');
    const soon = await createDraft(a.token, appointmentBody((await slotAt(terminal.id, TODAY, 9)).id, vehicle.id));
    await expectRefusal(soon.id, 'LEAD_TIME');
    // moved to 10:00 (exactly 90 minutes ahead) it books
    await ctx.call('PUT', `/api/v1/appointments/${soon.id}`, { token: a.token, body: appointmentBody((await slotAt(terminal.id, TODAY, 10)).id, vehicle.id) });
    assert.equal((await submit(a.token, soon.id)).json().status, 'booked');
    ctx.clock.set(MORNING);
  });

  test('BEYOND_HORIZON: the fourth day ahead is out of reach, the third is fine', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const far = await createDraft(a.token, appointmentBody((await slotAt(terminal.id, '2026-11-29', 0)).id, vehicle.id));
    await expectRefusal(far.id, 'BEYOND_HORIZON');
    await ctx.call('PUT', `/api/v1/appointments/${far.id}`, { token: a.token, body: appointmentBody((await slotAt(terminal.id, '2026-11-28', 23)).id, vehicle.id) });
    assert.equal((await submit(a.token, far.id)).json().status, 'booked');
  });

  test('SLOT_CLOSED: a date closed after its slots were made, and capacity 0 for the flag', async () => {
    ctx.clock.set(MORNING);
    const closing = await createTerminal(terminalBody());
    const slot = await slotAt(closing.id, '2026-11-27', 10);
    await ctx.call('PATCH', `/api/v1/admin/terminals/${closing.id}`, { token: platform, body: { closedDates: ['2026-11-27'] } });
    const vehicle = await vehicleOf(a);
    const draft = await createDraft(a.token, { ...appointmentBody(slot.id, vehicle.id), terminalId: closing.id });
    await expectRefusal(draft.id, 'SLOT_CLOSED');
    const shown = await daySlots(closing.id, '2026-11-27');
    assert.equal((shown[0] as unknown as { closed: boolean }).closed, true);

    const op = (await ctx.staff('terminal_operator', closing.id)).token;
    const open = await slotAt(closing.id, '2026-11-26', 10);
    await ctx.call('PATCH', `/api/v1/terminals/${closing.id}/slots/${open.id}`, { token: op, body: { capacity: { pickup: 0 } } });
    const pickup = await createDraft(a.token, { ...appointmentBody(open.id, vehicle.id, { flag: 'pickup' }), terminalId: closing.id });
    await expectRefusal(pickup.id, 'SLOT_CLOSED');
    await ctx.call('PUT', `/api/v1/appointments/${pickup.id}`, { token: a.token, body: { ...appointmentBody(open.id, vehicle.id, { flag: 'delivery' }), terminalId: closing.id } });
    assert.equal((await submit(a.token, pickup.id)).json().status, 'booked');
  });

  test('VEHICLE_NOT_APPROVED: the vehicle left the fleet after the draft was made', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const slot = await slotAt(terminal.id, TODAY, 17);
    const draft = await createDraft(a.token, appointmentBody(slot.id, vehicle.id));
    await cancelFleetVehicle(ctx.deps.db, vehicle.id);
    await expectRefusal(draft.id, 'VEHICLE_NOT_APPROVED');
    assert.equal((await slotRow(slot.id)).booked_delivery, 0);
    const replacement = await vehicleOf(a);
    await ctx.call('PUT', `/api/v1/appointments/${draft.id}`, { token: a.token, body: appointmentBody(slot.id, replacement.id) });
    assert.equal((await submit(a.token, draft.id)).json().status, 'booked');
  });

  test('VEHICLE_BUSY: one vehicle, overlapping windows (same slot, or another terminal at the same hour)', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const slot = await slotAt(terminal.id, TODAY, 18);
    const first = await book(a.token, appointmentBody(slot.id, vehicle.id));
    const second = await createDraft(a.token, appointmentBody(slot.id, vehicle.id, { flag: 'pickup' }));
    await expectRefusal(second.id, 'VEHICLE_BUSY');
    const elsewhere = await createDraft(a.token, { ...appointmentBody((await slotAt(otherTerminal.id, TODAY, 18)).id, vehicle.id), terminalId: otherTerminal.id });
    const res = await submit(a.token, elsewhere.id);
    assert.equal(res.json().code, 'VEHICLE_BUSY');
    assert.equal(res.json().businessNo, first.businessNo);
    // the next hour does not overlap
    await ctx.call('PUT', `/api/v1/appointments/${second.id}`, { token: a.token, body: appointmentBody((await slotAt(terminal.id, TODAY, 19)).id, vehicle.id) });
    assert.equal((await submit(a.token, second.id)).json().status, 'booked');
    // once the first is cancelled, the vehicle is free at 18:00 again
    await ctx.call('POST', `/api/v1/appointments/${first.id}/cancel`, { token: a.token });
    assert.equal((await submit(a.token, elsewhere.id)).json().status, 'booked');
  });

  test('a booking publishes live events (slot counts for the public board, the status for the enterprise); a refusal publishes none', async () => {
    ctx.clock.set(MORNING);
    const seen: { type: string; public?: boolean; enterpriseId?: string; data: Record<string, unknown> }[] = [];
    const unsubscribe = ctx.deps.events.subscribe((event) => seen.push(event));
    try {
      const slot = await slotAt(terminal.id, '2026-11-28', 9);
      const booked = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
      const refused = await createDraft(a.token, appointmentBody((await slotAt(terminal.id, TODAY, 8)).id, (await vehicleOf(a)).id));
      assert.equal((await submit(a.token, refused.id)).statusCode, 409);
      // Events of earlier tests may still be arriving: look for this booking's.
      const ofThisSlot = () => seen.filter((e) => e.type === 'slot.changed' && (e.data.slots as { id: string }[])[0].id === slot.id);
      const ofThisBooking = () => seen.filter((e) => e.type === 'appointment.status' && e.data.id === booked.id);
      for (let i = 0; i < 100 && (ofThisSlot().length === 0 || ofThisBooking().length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(ofThisSlot().length, 1, JSON.stringify(seen));
      assert.equal(ofThisSlot()[0].public, true);
      assert.deepEqual(ofThisSlot()[0].data.slots, [{ id: slot.id, capacity: { pickup: 5, delivery: 5 }, booked: { pickup: 0, delivery: 1 } }]);
      assert.equal(ofThisBooking().length, 1);
      assert.deepEqual(ofThisBooking()[0].data, { id: booked.id, status: 'booked' });
      assert.equal(ofThisBooking()[0].enterpriseId, a.enterpriseId);
      assert.equal(seen.filter((e) => e.data.id === refused.id).length, 0, 'a refused submit publishes nothing');
    } finally {
      unsubscribe();
    }
  });

  test('a vehicle approved through the filing API can be booked', async () => {
    ctx.clock.set(MORNING);
    const reviewer = (await ctx.staff('reviewer')).token;
    const plate = '京B7C8D9';
    const driverIdNo = residentId('11010519800101123');
    const filing = await ctx.call('POST', '/api/v1/vehicle-filings', {
      token: a.token,
      body: { header: { contactName: '王五', contactPhone: '13800138001' }, vehicles: [{ plate, plateColor: 'blue', vehicleType: 'van', ratedLoadKg: 5000, driverName: '李四', driverIdNo, driverPhone: '13912345678' }] },
    });
    assert.equal(filing.statusCode, 201, filing.body);
    assert.equal((await ctx.call('POST', `/api/v1/vehicle-filings/${filing.json().id}/declare`, { token: a.token })).statusCode, 200);
    assert.equal((await ctx.call('POST', `/api/v1/review/vehicle-filings/${filing.json().id}/approve`, { token: reviewer })).statusCode, 200);
    const vehicle = await ctx.deps.db.selectFrom('vehicles').selectAll().where('plate', '=', plate).where('status', '=', 'active').executeTakeFirstOrThrow();
    const booked = await book(a.token, appointmentBody((await slotAt(terminal.id, TODAY, 20)).id, vehicle.id));
    assert.equal(booked.plate, plate);
    assert.equal(booked.driverName, '李四');
  });
});

describe('capacity changes by the terminal operator', () => {
  let a: Enterprise;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
  });

  test('a slot\'s capacity never goes below what is booked (409 with the booked count)', async () => {
    const slot = await slotAt(terminal.id, '2026-11-26', 9);
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    const below = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: terminalOp, body: { capacity: { delivery: 1 } } });
    assert.equal(below.statusCode, 409);
    assert.equal(below.json().code, 'CAPACITY_BELOW_BOOKED');
    assert.deepEqual(below.json().booked, { pickup: 0, delivery: 2 });
    assert.equal((await slotRow(slot.id)).capacity_delivery, 5);

    const exact = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: terminalOp, body: { capacity: { delivery: 2, pickup: 0 } } });
    assert.equal(exact.statusCode, 200, exact.body);
    assert.deepEqual(exact.json().capacity, { pickup: 0, delivery: 2 });
    assert.deepEqual(exact.json().booked, { pickup: 0, delivery: 2 });
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', slot.id).where('action', '=', 'slot.capacity_changed').execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].after, { pickup: 0, delivery: 2 });
    const notices = await ctx.deps.db.selectFrom('notifications').selectAll().where('enterprise_id', '=', a.enterpriseId).where('kind', '=', 'slot.capacity_changed').execute();
    assert.equal(notices.length, 1, 'the enterprise holding places hears about it');
    assertNoticeSpeaksBothLanguages(notices[0]);
  });

  test('a whole day at once: all or none', async () => {
    const date = '2026-11-27';
    const slot = await slotAt(terminal.id, date, 11);
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { flag: 'pickup' }));
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { flag: 'pickup' }));
    const below = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/${date}`, { token: terminalOp, body: { capacity: { pickup: 1 } } });
    assert.equal(below.statusCode, 409);
    assert.deepEqual(below.json().booked, { pickup: 2, delivery: 0 });
    assert.deepEqual(below.json().slotIds, [slot.id]);
    assert.ok((await daySlots(terminal.id, date)).every((s) => s.capacity.pickup === 5), 'nothing changed');

    const ok = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/${date}`, { token: terminalOp, body: { capacity: { pickup: 2, delivery: 7 } } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().items.length, 24);
    assert.ok(ok.json().items.every((s: { capacity: { pickup: number; delivery: number } }) => s.capacity.pickup === 2 && s.capacity.delivery === 7));
    // a day not made yet is made first
    const fresh = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/2026-12-01`, { token: terminalOp, body: { capacity: { delivery: 3 } } });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal(fresh.json().items[0].capacity.delivery, 3);
  });

  test('bad input is 400; another terminal, an unknown slot or a closed day is 404', async () => {
    const slot = await slotAt(terminal.id, '2026-11-26', 12);
    const neg = await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: terminalOp, body: { capacity: { delivery: -1 } } });
    assert.equal(neg.statusCode, 400);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: terminalOp, body: { capacity: {} } })).statusCode, 400);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${slot.id}`, { token: otherTerminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 404);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/2026-11-26`, { token: otherTerminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 404);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/00000000-0000-4000-8000-000000000000`, { token: terminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 404);
    const otherSlot = await slotAt(otherTerminal.id, '2026-11-26', 12);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/slots/${otherSlot.id}`, { token: terminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 404);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/2026-11-31`, { token: terminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 400);
    assert.equal((await ctx.call('PATCH', `/api/v1/terminals/${terminal.id}/days/2030-01-01`, { token: terminalOp, body: { capacity: { delivery: 1 } } })).statusCode, 404);
  });
});

describe('operational (作业) appointments: the terminal accepts or rejects', () => {
  let a: Enterprise;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
  });

  test('submitted holds a place; accept books it with a number; reject returns the place', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, '2026-11-26', 13);
    const held = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { declarationType: 'operational' }));
    assert.equal(held.status, 'submitted');
    assert.equal(held.appointmentNo, null);
    assert.equal((await slotRow(slot.id)).booked_delivery, 1);
    const toReject = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { declarationType: 'operational' }));
    assert.equal((await slotRow(slot.id)).booked_delivery, 2);

    const queue = await ctx.call('GET', '/api/v1/terminal/appointments?status=submitted', { token: terminalOp });
    assert.equal(queue.statusCode, 200, queue.body);
    const ids = queue.json().items.map((i: { id: string }) => i.id);
    assert.ok(ids.includes(held.id) && ids.includes(toReject.id));
    assert.equal(queue.json().items[0].enterprise.id, a.enterpriseId);
    assert.equal(queue.json().items[0].awbs.length, 1);
    const otherQueue = await ctx.call('GET', '/api/v1/terminal/appointments?status=submitted', { token: otherTerminalOp });
    assert.ok(!otherQueue.json().items.some((i: { id: string }) => i.id === held.id), 'another terminal never sees it');

    assert.equal((await ctx.call('POST', `/api/v1/terminal/appointments/${held.id}/accept`, { token: otherTerminalOp })).statusCode, 404);
    const accepted = await ctx.call('POST', `/api/v1/terminal/appointments/${held.id}/accept`, { token: terminalOp });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'booked');
    assert.match(accepted.json().appointmentNo, /^10261125\d{10}$/);
    const queueAfter = await ctx.call('GET', '/api/v1/terminal/appointments?status=submitted', { token: terminalOp, headers: { 'if-none-match': queue.headers.etag as string } });
    assert.equal(queueAfter.statusCode, 200, 'the queue changed: sent again, not 304');
    assert.ok(!queueAfter.json().items.some((i: { id: string }) => i.id === held.id), 'accepted: no longer waiting');
    assert.equal((await ctx.call('GET', '/api/v1/terminal/appointments?status=submitted', { token: terminalOp, headers: { 'if-none-match': queueAfter.headers.etag as string } })).statusCode, 304, 'unchanged since: 304');
    assert.equal((await slotRow(slot.id)).booked_delivery, 2, 'accepting keeps the held place');
    const twice = await ctx.call('POST', `/api/v1/terminal/appointments/${held.id}/accept`, { token: terminalOp });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'APPOINTMENT_NOT_REVIEWABLE');

    assert.deepEqual(fields(await ctx.call('POST', `/api/v1/terminal/appointments/${toReject.id}/reject`, { token: terminalOp, body: { reason: '' } })), { reason: 'REQUIRED' });
    const rejected = await ctx.call('POST', `/api/v1/terminal/appointments/${toReject.id}/reject`, { token: terminalOp, body: { reason: '货物需查验，请改约' } });
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().status, 'rejected');
    assert.equal(rejected.json().rejectReason, '货物需查验，请改约');
    assert.equal((await slotRow(slot.id)).booked_delivery, 1, 'the place returns');
    assert.equal((await ctx.call('POST', `/api/v1/terminal/appointments/${toReject.id}/accept`, { token: terminalOp })).json().code, 'APPOINTMENT_NOT_REVIEWABLE');

    const detail = (await ctx.call('GET', `/api/v1/appointments/${toReject.id}`, { token: a.token })).json();
    assert.deepEqual(detail.history.map((h: { action: string; toStatus: string }) => [h.action, h.toStatus]), [['created', 'draft'], ['submitted', 'submitted'], ['rejected', 'rejected']]);
    assert.equal(detail.history[2].detail.reason, '货物需查验，请改约');
    const kinds = await ctx.deps.db.selectFrom('notifications').selectAll().where('enterprise_id', '=', a.enterpriseId).execute();
    assert.ok(kinds.some((k) => k.kind === 'appointment.rejected'));
    assert.ok(kinds.some((k) => k.kind === 'appointment.booked'));
    // The terminal's acceptance and its refusal, each in both languages.
    for (const notice of kinds) assertNoticeSpeaksBothLanguages(notice);
    // an ordinary booking cannot be "accepted"
    const ordinary = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    assert.equal((await ctx.call('POST', `/api/v1/terminal/appointments/${ordinary.id}/reject`, { token: terminalOp, body: { reason: '无' } })).json().code, 'APPOINTMENT_NOT_REVIEWABLE');
  });

  test('without a status the queue holds every status but drafts, newest first, page by page', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, '2026-11-26', 17);
    const draft = await createDraft(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { declarationType: 'operational' }));
    // Instants shared by several appointments (one clock reading) are ordered by id, across statuses too.
    const expected = (await ctx.deps.db.selectFrom('appointments').select(['id', 'status']).where('terminal_id', '=', terminal.id).where('status', '<>', 'draft')
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map((row) => row.id);
    assert.ok(new Set((await ctx.deps.db.selectFrom('appointments').select('status').where('terminal_id', '=', terminal.id).where('status', '<>', 'draft').execute()).map((r) => r.status)).size >= 3, 'several statuses to merge');

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await ctx.call('GET', `/api/v1/terminal/appointments?limit=2${after ? `&after=${after}` : ''}`, { token: terminalOp });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: { id: string; status: string }[]; next: string | null };
      assert.ok(body.items.length <= 2);
      seen.push(...body.items.map((item) => item.id));
      if (!body.next) break;
      after = body.next;
    }
    assert.deepEqual(seen, expected);
    assert.ok(!seen.includes(draft.id), 'a draft is the enterprise\'s own');
    const drafts = await ctx.call('GET', '/api/v1/terminal/appointments?status=draft', { token: terminalOp });
    assert.equal(drafts.statusCode, 200);
    assert.deepEqual(drafts.json().items, []);
    // With a 预约日期 the same rule holds: that day's appointments, no drafts.
    const day = (await ctx.call('GET', '/api/v1/terminal/appointments?date=2026-11-26&limit=100', { token: terminalOp })).json() as { items: { id: string; slot: { date: string } }[] };
    const dayExpected = (await ctx.deps.db.selectFrom('appointments as x').innerJoin('slots as s', 's.id', 'x.slot_id').select('x.id').where('x.terminal_id', '=', terminal.id).where('x.status', '<>', 'draft').where('s.local_date', '=', '2026-11-26')
      .orderBy('x.created_at', 'desc').orderBy('x.id', 'desc').execute()).map((row) => row.id);
    assert.deepEqual(day.items.map((item) => item.id), dayExpected.slice(0, 100));
    assert.ok(day.items.every((item) => item.slot.date === '2026-11-26'));
  });

  test('operators of two terminals asking at once each get their own terminal\'s queue', async () => {
    // Identical queue requests share their answer; another terminal's operator must never get it.
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, '2026-11-26', 17);
    const otherSlot = await slotAt(otherTerminal.id, '2026-11-26', 17);
    await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    await book(a.token, appointmentBody(otherSlot.id, (await vehicleOf(a)).id, { terminalId: otherTerminal.id }));
    const asks = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? { token: terminalOp, terminalId: terminal.id } : { token: otherTerminalOp, terminalId: otherTerminal.id }));
    const answers = await Promise.all(asks.map((ask) => ctx.call('GET', '/api/v1/terminal/appointments?limit=100', { token: ask.token })));
    for (const [i, res] of answers.entries()) {
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items as { terminal: { id: string } }[];
      assert.ok(items.length > 0);
      assert.ok(items.every((item) => item.terminal.id === asks[i].terminalId), `request ${i}`);
    }
  });
});

describe('cancelling', () => {
  let a: Enterprise;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
  });

  test('returns the place; a second cancel, or a draft, is not cancellable', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, '2026-11-26', 14);
    const booked = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { flag: 'pickup' }));
    assert.equal((await slotRow(slot.id)).booked_pickup, 1);
    const res = await ctx.call('POST', `/api/v1/appointments/${booked.id}/cancel`, { token: a.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'cancelled');
    assert.equal((await slotRow(slot.id)).booked_pickup, 0);
    assert.deepEqual(res.json().history.map((h: { action: string }) => h.action), ['created', 'booked', 'cancelled']);
    const again = await ctx.call('POST', `/api/v1/appointments/${booked.id}/cancel`, { token: a.token });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'APPOINTMENT_NOT_CANCELLABLE');
    const draft = await createDraft(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${draft.id}/cancel`, { token: a.token })).json().code, 'APPOINTMENT_NOT_CANCELLABLE');
    // an operational one waiting for the terminal can be cancelled too
    const held = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id, { declarationType: 'operational' }));
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${held.id}/cancel`, { token: a.token })).json().status, 'cancelled');
    assert.equal((await slotRow(slot.id)).booked_delivery, 0);
  });

  test('a vehicle with a booking still open is not removed from the fleet (注销) until the booking is cancelled', async () => {
    ctx.clock.set(MORNING);
    const vehicle = await vehicleOf(a);
    const slot = await slotAt(terminal.id, '2026-11-26', 15);
    const booked = await book(a.token, appointmentBody(slot.id, vehicle.id));
    const refused = await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: a.token, body: {} });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'VEHICLE_HAS_APPOINTMENTS');
    assert.deepEqual(refused.json().appointmentNos, [booked.appointmentNo], 'naming the bookings');
    const stored = await ctx.deps.db.selectFrom('vehicles').select('status').where('id', '=', vehicle.id).executeTakeFirstOrThrow();
    assert.equal(stored.status, 'active');
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${booked.id}/cancel`, { token: a.token })).statusCode, 200);
    const removed = await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: a.token, body: {} });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().status, 'cancelled');
  });

  test('is refused once the slot has started (CANCEL_TOO_LATE), allowed the instant before', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, TODAY, 11);
    const early = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    const late = await book(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    ctx.clock.set('2026-11-25T02:59:59.999Z');
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${early.id}/cancel`, { token: a.token })).json().status, 'cancelled');
    ctx.clock.set('2026-11-25T03:00:00Z');
    const res = await ctx.call('POST', `/api/v1/appointments/${late.id}/cancel`, { token: a.token });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'CANCEL_TOO_LATE');
    assert.equal(await statusOf(late.id), 'booked');
    assert.equal((await slotRow(slot.id)).booked_delivery, 1);
    ctx.clock.set(MORNING);
  });
});

describe('changing the vehicle of a booked appointment', () => {
  let a: Enterprise;
  before(async () => {
    ctx.clock.set(MORNING);
    a = await ctx.enterprise();
  });

  test('keeps the slot and its place, checks the new vehicle, records before and after', async () => {
    ctx.clock.set(MORNING);
    const slot = await slotAt(terminal.id, '2026-11-26', 15);
    const first = await vehicleOf(a);
    const booked = await book(a.token, appointmentBody(slot.id, first.id));
    const next = await vehicleOf(a, { driverName: '周司机', driverPhone: '13500135000' });

    const cancelled = await vehicleOf(a, { status: 'cancelled' });
    assert.equal((await ctx.call('PATCH', `/api/v1/appointments/${booked.id}/vehicle`, { token: a.token, body: { vehicleId: cancelled.id } })).json().code, 'VEHICLE_NOT_APPROVED');
    const busy = await vehicleOf(a);
    await book(a.token, appointmentBody(slot.id, busy.id));
    assert.equal((await ctx.call('PATCH', `/api/v1/appointments/${booked.id}/vehicle`, { token: a.token, body: { vehicleId: busy.id } })).json().code, 'VEHICLE_BUSY');
    assert.deepEqual(fields(await ctx.call('PATCH', `/api/v1/appointments/${booked.id}/vehicle`, { token: a.token, body: {} })), { vehicleId: 'REQUIRED' });

    const res = await ctx.call('PATCH', `/api/v1/appointments/${booked.id}/vehicle`, { token: a.token, body: { vehicleId: next.id } });
    assert.equal(res.statusCode, 200, res.body);
    const changed = res.json();
    assert.equal(changed.status, 'booked');
    assert.equal(changed.slot.id, slot.id);
    assert.equal(changed.appointmentNo, booked.appointmentNo);
    assert.equal(changed.plate, next.plate);
    assert.equal(changed.vehicleId, next.id);
    assert.equal(changed.driverName, '周司机');
    assert.equal((await slotRow(slot.id)).booked_delivery, 2, 'no place taken or returned');
    const last = changed.history[changed.history.length - 1];
    assert.equal(last.action, 'vehicle_changed');
    assert.deepEqual(last.detail.before, { vehicleId: first.id, plate: first.plate, driverName: first.driver_name, driverPhone: first.driver_phone });
    assert.equal(last.detail.after.plate, next.plate);

    // the first vehicle is free again for that hour
    assert.equal((await book(a.token, appointmentBody(slot.id, first.id))).status, 'booked');
    // only the driver
    const driver = await ctx.call('PATCH', `/api/v1/appointments/${booked.id}/vehicle`, { token: a.token, body: { driverName: '吴替班', driverPhone: '13400134000' } });
    assert.equal(driver.json().driverName, '吴替班');
    assert.equal(driver.json().driverIdNo, null);
    assert.equal(driver.json().plate, next.plate);

    const draft = await createDraft(a.token, appointmentBody(slot.id, (await vehicleOf(a)).id));
    assert.equal((await ctx.call('PATCH', `/api/v1/appointments/${draft.id}/vehicle`, { token: a.token, body: { vehicleId: next.id } })).json().code, 'APPOINTMENT_NOT_EDITABLE');
  });
});

describe('the list (提/交货预约查询) and its export', () => {
  let a: Enterprise;
  const created: { id: string; businessNo: string; plate: string; flag: string; status: string; appointmentNo: string | null }[] = [];
  before(async () => {
    a = await ctx.enterprise();
    const slot = await slotAt(terminal.id, '2026-11-26', 16);
    // 11 appointments: some on the 24th (Beijing), most on the 25th, several with the very same created_at
    const times = ['2026-11-24T15:59:00Z', '2026-11-24T16:00:00Z', '2026-11-25T00:00:00Z', '2026-11-25T00:00:00Z', '2026-11-25T00:00:00Z', '2026-11-25T01:00:00Z', '2026-11-25T01:00:00Z', '2026-11-25T02:00:00Z', '2026-11-25T03:00:00Z', '2026-11-25T03:00:00Z', '2026-11-25T04:00:00Z'];
    for (const [i, at] of times.entries()) {
      ctx.clock.set(at);
      const vehicle = await vehicleOf(a);
      const body = appointmentBody(slot.id, vehicle.id, { flag: i % 3 === 0 ? 'pickup' : 'delivery', declarationType: i % 4 === 0 ? 'operational' : 'ordinary' });
      const draft = await createDraft(a.token, body);
      let result = draft;
      if (i % 2 === 0) result = (await submit(a.token, draft.id)).json();
      created.push({ id: result.id, businessNo: result.businessNo, plate: result.plate, flag: result.flag, status: result.status, appointmentNo: result.appointmentNo });
    }
    ctx.clock.set(MORNING);
  });

  async function walk(query: string, limit: number) {
    const seen: { id: string; createdAt: string }[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await ctx.call('GET', `/api/v1/appointments?limit=${limit}${query}${next ? `&after=${encodeURIComponent(next)}` : ''}`, { token: a.token });
      assert.equal(res.statusCode, 200, res.body);
      seen.push(...res.json().items);
      next = res.json().next;
      pages += 1;
    } while (next && pages < 50);
    return { seen, pages };
  }

  test('keyset pages walk every row once, newest first, ties broken by id', async () => {
    const { seen, pages } = await walk('', 3);
    assert.equal(seen.length, created.length);
    assert.equal(pages, 4);
    assert.equal(new Set(seen.map((s) => s.id)).size, created.length, 'no duplicates');
    const sorted = [...seen].sort((x, y) => (x.createdAt === y.createdAt ? (x.id < y.id ? 1 : -1) : x.createdAt < y.createdAt ? 1 : -1));
    assert.deepEqual(seen.map((s) => s.id), sorted.map((s) => s.id));
    const first = (await ctx.call('GET', '/api/v1/appointments?limit=1', { token: a.token })).json().items[0];
    for (const key of ['id', 'businessNo', 'appointmentNo', 'plate', 'flag', 'declarationType', 'status', 'createdAt', 'submittedAt', 'declaredAt', 'terminal', 'slot']) assert.ok(key in first, key);
    assert.equal(first.slot.start, '2026-11-26T16:00:00+08:00');
  });

  test('identical reads at once share their answer; another enterprise or other filters never get it', async () => {
    const b = await ctx.enterprise();
    const bSlot = await slotAt(terminal.id, '2026-11-26', 17);
    const bOwn = await createDraft(b.token, appointmentBody(bSlot.id, (await vehicleOf(b)).id));
    const asks = [
      ...Array.from({ length: 6 }, () => ({ who: 'a', token: a.token, query: 'limit=3' })),
      ...Array.from({ length: 4 }, () => ({ who: 'a pickups', token: a.token, query: 'limit=3&flag=pickup' })),
      ...Array.from({ length: 4 }, () => ({ who: 'b', token: b.token, query: 'limit=3' })),
    ];
    const answers = await Promise.all(asks.map((ask) => ctx.call('GET', `/api/v1/appointments?${ask.query}`, { token: ask.token })));
    const alone = async (token: string, query: string) => (await ctx.call('GET', `/api/v1/appointments?${query}`, { token })).body;
    const expected = { a: await alone(a.token, 'limit=3'), 'a pickups': await alone(a.token, 'limit=3&flag=pickup'), b: await alone(b.token, 'limit=3') };
    for (const [i, res] of answers.entries()) {
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
      assert.equal(res.body, expected[asks[i].who as keyof typeof expected], asks[i].who);
    }
    assert.deepEqual(JSON.parse(expected.b).items.map((item: { id: string }) => item.id), [bOwn.id]);
    assert.ok(JSON.parse(expected['a pickups']).items.every((item: { flag: string }) => item.flag === 'pickup'));
    assert.notEqual(expected.a, expected['a pickups']);
  });

  test('a list asked for after a change holds it, even while identical lists are under way', async () => {
    // Identical lists share a query only if it has not started: one begun before the change would miss it.
    const c = await ctx.enterprise();
    const slot = await slotAt(terminal.id, '2026-11-26', 18);
    const list = () => ctx.call('GET', '/api/v1/appointments?limit=5', { token: c.token });
    for (let round = 0; round < 3; round += 1) {
      const { draft, after } = await whileAsked(list, async () => {
        ctx.clock.advance(60_000);
        const made = await createDraft(c.token, appointmentBody(slot.id, (await vehicleOf(c)).id));
        return { draft: made, after: await list() };
      });
      assert.equal(after.json().items[0]?.id, draft.id, `round ${round}`);
    }
  });

  test('filters: status, plate, flag, numbers and entry dates (Beijing days)', async () => {
    const count = async (query: string) => (await walk(query, 100)).seen.length;
    assert.equal(await count('&status=draft'), created.filter((c) => c.status === 'draft').length);
    assert.equal(await count('&status=booked'), created.filter((c) => c.status === 'booked').length);
    assert.equal(await count('&flag=pickup'), created.filter((c) => c.flag === 'pickup').length);
    assert.equal(await count(`&plate=${encodeURIComponent(created[3].plate.toLowerCase())}`), 1);
    assert.equal(await count(`&businessNo=${created[5].businessNo}`), 1);
    const numbered = created.find((c) => c.appointmentNo)!;
    assert.equal(await count(`&appointmentNo=${numbered.appointmentNo}`), 1);
    assert.equal(await count('&createdFrom=2026-11-24&createdTo=2026-11-24'), 1, '15:59Z on the 24th is 23:59 in Beijing');
    assert.equal(await count('&createdFrom=2026-11-25'), created.length - 1);
    assert.equal(await count('&createdTo=2026-11-23'), 0);
    const bad = await ctx.call('GET', '/api/v1/appointments?status=gone&createdFrom=yesterday&limit=0', { token: a.token });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(fields(bad)).sort(), ['createdFrom', 'limit', 'status']);
    const cursor = await ctx.call('GET', '/api/v1/appointments?after=garbage', { token: a.token });
    assert.deepEqual(fields(cursor), { after: 'CURSOR_INVALID' });
  });

  test('the export has the manual\'s columns and words, with the same filters', async () => {
    const res = await ctx.call('GET', '/api/v1/appointments/export.xlsx', { token: a.token });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    assert.match(String(res.headers['content-disposition']), /attachment/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['序号', '业务统一编号', '提交货预约编号', '车牌号', '提交货标志', '申报类型', '申报状态', '录入日期']);
    assert.equal(sheet.rowCount, created.length + 1);
    const rows = Array.from({ length: created.length }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    assert.deepEqual(rows.map((r) => r[0]), Array.from({ length: created.length }, (_, i) => i + 1));
    const newest = created[created.length - 1];
    assert.equal(rows[0][1], newest.businessNo);
    const words = new Set(rows.map((r) => r[6]));
    assert.ok(words.has('暂存') && words.has('预约成功') && words.has('提交'), [...words].join(','));
    assert.ok(rows.every((r) => r[4] === '提货' || r[4] === '交货'));
    assert.ok(rows.every((r) => r[5] === '普通' || r[5] === '作业'));
    assert.equal(rows[rows.length - 1][7], '2026-11-24');
    const filtered = await ctx.call('GET', '/api/v1/appointments/export.xlsx?status=draft', { token: a.token });
    const book2 = new ExcelJS.Workbook();
    await book2.xlsx.load(filtered.rawPayload as unknown as ArrayBuffer);
    assert.equal(book2.worksheets[0].rowCount, created.filter((c) => c.status === 'draft').length + 1);
  });

  test('the export in English: `?lang=en` (a download link) or Accept-Language, headers and words alike', async () => {
    const read = async (res: Awaited<ReturnType<typeof ctx.call>>) => {
      assert.equal(res.statusCode, 200, res.body);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      return { name: sheet.name, rows: Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1)) };
    };
    const byQuery = await ctx.call('GET', '/api/v1/appointments/export.xlsx?lang=en&status=booked', { token: a.token });
    assert.match(String(byQuery.headers['content-disposition']), /filename\*=UTF-8''Appointments\.xlsx/);
    const english = await read(byQuery);
    assert.equal(english.name, 'Appointments');
    assert.deepEqual(english.rows[0], ['No.', 'Business no.', 'Appointment no.', 'Plate', 'Pickup/delivery', 'Declaration type', 'Status', 'Entry date']);
    assert.equal(english.rows.length, created.filter((c) => c.status === 'booked').length + 1, 'the filters still apply');
    assert.ok(english.rows.slice(1).every((r) => r[6] === 'Booked' && (r[4] === 'Pickup' || r[4] === 'Delivery') && (r[5] === 'Ordinary' || r[5] === 'Operational')));

    const byHeader = await read(await ctx.call('GET', '/api/v1/appointments/export.xlsx?status=booked', { token: a.token, headers: { 'accept-language': 'en-GB,en;q=0.9' } }));
    assert.deepEqual(byHeader.rows, english.rows);
    // The link's language wins over the browser's.
    const chinese = await read(await ctx.call('GET', '/api/v1/appointments/export.xlsx?lang=zh-CN&status=booked', { token: a.token, headers: { 'accept-language': 'en' } }));
    assert.equal(chinese.rows[0][0], '序号');
    assert.equal(chinese.rows[1][6], '预约成功');

    const bad = await ctx.call('GET', '/api/v1/appointments/export.xlsx?lang=fr', { token: a.token });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fields(bad), { lang: 'INVALID_VALUE' });
  });
});

describe('kept list pages: sent again only while nothing on them has changed', () => {
  const holdsTransactions = testEngine === 'postgres' ? false : 'needs PostgreSQL (TEST_DB=postgres): the embedded database runs one transaction at a time';
  let e: Enterprise;
  let own: { id: string; code: string };
  const page = async (token = e.token) => {
    const res = await ctx.call('GET', '/api/v1/appointments?limit=10', { token });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as { id: string; plate: string; status: string; terminal: { name: string }; slot: { start: string } }[];
  };
  const plateOf = async (id: string) => (await page()).find((item) => item.id === id)?.plate;
  /** Writes the plate as a replica would: the row's change mark is not set (its trigger does not fire). */
  const unmarkedPlate = (id: string, plate: string) =>
    ctx.deps.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.updateTable('appointments').set({ plate }).where('id', '=', id).execute();
    });

  before(async () => {
    ctx.clock.set(MORNING);
    e = await ctx.enterprise();
    own = await createTerminal(terminalBody({ name: '南货站' }));
  });

  /** A draft at hh:00 at the enterprise's terminal, made a minute after the last (the newest on the page). */
  const draftAt = async (hour: number) => {
    ctx.clock.advance(60_000);
    return createDraft(e.token, appointmentBody((await slotAt(own.id, '2026-11-26', hour)).id, (await vehicleOf(e)).id, { terminalId: own.id }));
  };
  const itemOf = async (id: string) => (await page()).find((item) => item.id === id)!;

  test('an unchanged page is sent as kept: a write that leaves no change mark is not seen until a marked one', async () => {
    const draft = await draftAt(9);
    assert.equal(await plateOf(draft.id), draft.plate);
    await unmarkedPlate(draft.id, '京Z00001');
    assert.equal(await plateOf(draft.id), draft.plate, 'the kept page: no row of the enterprise marked since');
    // Another enterprise's read asks for its own page, not this one.
    assert.deepEqual(await page((await ctx.enterprise()).token), []);
    const another = await draftAt(9);
    const items = await page();
    assert.equal(items[0].id, another.id);
    assert.equal(items.find((item) => item.id === draft.id)?.plate, '京Z00001', 'read again, with what was written before');
  });

  test('every change an enterprise makes is in its next page', async () => {
    await page();
    const draft = await draftAt(10);
    assert.equal((await page())[0].id, draft.id, 'a new appointment');
    assert.equal((await submit(e.token, draft.id)).statusCode, 200);
    assert.equal((await itemOf(draft.id)).status, 'booked', 'submitted');
    const next = await vehicleOf(e);
    assert.equal((await ctx.call('PATCH', `/api/v1/appointments/${draft.id}/vehicle`, { token: e.token, body: { vehicleId: next.id } })).statusCode, 200);
    assert.equal((await itemOf(draft.id)).plate, next.plate, 'another vehicle');
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${draft.id}/cancel`, { token: e.token })).statusCode, 200);
    assert.equal((await itemOf(draft.id)).status, 'cancelled', 'cancelled');
  });

  describe('transactions committing out of order', { skip: holdsTransactions }, () => {
    test('a write committed after a later one is seen, though its transaction id is older', async () => {
      const older = await draftAt(12);
      const newer = await draftAt(12);
      await page();
      let commit!: () => void;
      const held = new Promise<void>((resolve) => (commit = resolve));
      let written!: () => void;
      const isWritten = new Promise<void>((resolve) => (written = resolve));
      const first = ctx.deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('appointments').set({ plate: '京Z00002' }).where('id', '=', older.id).execute();
        written();
        await held;
      });
      await isWritten;
      await ctx.deps.db.updateTable('appointments').set({ plate: '京Z00003' }).where('id', '=', newer.id).execute();
      // Read while the older transaction is still open: the page and its snapshot do not see it.
      assert.equal(await plateOf(newer.id), '京Z00003');
      assert.equal(await plateOf(older.id), older.plate);
      commit();
      await first;
      assert.equal(await plateOf(older.id), '京Z00002');
    });
  });

  test('a browser holding the page\'s tag gets 304 and no body until the page changes', async () => {
    const url = '/api/v1/appointments?limit=10';
    const first = await ctx.call('GET', url, { token: e.token });
    const tag = first.headers.etag as string;
    assert.match(tag, /^"[\w-]+"$/);
    assert.equal(first.headers['cache-control'], 'private, no-cache', 'stored by the browser only, revalidated on every use');
    const again = await ctx.call('GET', url, { token: e.token, headers: { 'if-none-match': tag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, tag);
    assert.equal((await ctx.call('GET', url, { token: e.token, headers: { 'if-none-match': `"other", W/${tag}` } })).statusCode, 304, 'weak, in a list');
    const other = await ctx.enterprise();
    const theirs = await ctx.call('GET', url, { token: other.token, headers: { 'if-none-match': tag } });
    assert.equal(theirs.statusCode, 200, 'another enterprise\'s page has other bytes, so another tag');
    assert.notEqual(theirs.headers.etag, tag);
    const draft = await draftAt(13);
    const changed = await ctx.call('GET', url, { token: e.token, headers: { 'if-none-match': tag } });
    assert.equal(changed.statusCode, 200, 'a new appointment: the whole page again');
    assert.equal(changed.json().items[0].id, draft.id);
    assert.notEqual(changed.headers.etag, tag);
    assert.equal((await ctx.call('GET', url, { token: e.token, headers: { 'if-none-match': changed.headers.etag as string } })).statusCode, 304);
  });

  test('a client that accepts Brotli or gzip gets the page compressed, under a tag of its own', async () => {
    await draftAt(14);
    await draftAt(15);
    const url = '/api/v1/appointments?limit=10';
    const plain = await ctx.call('GET', url, { token: e.token });
    assert.ok(plain.rawPayload.length > 1024, 'a page worth compressing');
    assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: the bytes as they are');
    assert.match(String(plain.headers.vary), /accept-encoding/i);
    for (const [accept, coding, decode] of [['gzip, deflate, br, zstd', 'br', brotliDecompressSync], ['gzip, deflate', 'gzip', gunzipSync], ['br;q=0, gzip', 'gzip', gunzipSync]] as const) {
      const res = await ctx.call('GET', url, { token: e.token, headers: { 'accept-encoding': accept } });
      assert.equal(res.statusCode, 200, accept);
      assert.equal(res.headers['content-encoding'], coding, accept);
      assert.match(String(res.headers.vary), /accept-encoding/i, accept);
      assert.ok(res.rawPayload.length < plain.rawPayload.length / 3, `${accept}: ${res.rawPayload.length} of ${plain.rawPayload.length} bytes`);
      assert.deepEqual(decode(res.rawPayload), plain.rawPayload, `${accept}: the same page`);
      const tag = res.headers.etag as string;
      assert.equal(tag, `${(plain.headers.etag as string).slice(0, -1)}-${coding}"`, 'another representation, another tag');
      const again = await ctx.call('GET', url, { token: e.token, headers: { 'accept-encoding': accept, 'if-none-match': tag } });
      assert.equal(again.statusCode, 304, `${accept}: unchanged`);
      assert.match(String(again.headers.vary), /accept-encoding/i);
      assert.equal((await ctx.call('GET', url, { token: e.token, headers: { 'if-none-match': tag } })).statusCode, 200, 'the compressed tag does not stand for the plain bytes');
    }
  });

  test('a terminal\'s new name and time zone are on every page showing it', async () => {
    const draft = await draftAt(11);
    assert.equal((await itemOf(draft.id)).terminal.name, '南货站');
    const res = await ctx.call('PATCH', `/api/v1/admin/terminals/${own.id}`, { token: platform, body: { name: '南区货站', timeZone: 'Asia/Tokyo' } });
    assert.equal(res.statusCode, 200, res.body);
    const item = await itemOf(draft.id);
    assert.equal(item.terminal.name, '南区货站');
    assert.equal(item.slot.start, '2026-11-26T12:00:00+09:00');
  });
});
