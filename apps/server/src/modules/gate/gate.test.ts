import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { sql } from 'kysely';

import { gateReads } from '../../testing/gate-reads.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { fleetVehicle, validAwb } from '../../testing/scheduling-factories.ts';
import { assertNoticeSpeaksBothLanguages } from '../../testing/notices.ts';

let ctx: TestContext;
type Enterprise = Awaited<ReturnType<TestContext['enterprise']>>;
type Vehicle = Awaited<ReturnType<typeof fleetVehicle>>;
let read: ReturnType<typeof gateReads>;
let counter = 0;
let terminalId: string;
let otherTerminalId: string;
let inGate: string;
let outGate: string;
let inToken: string;
let outToken: string;
let awbSerial = 1000;

const HOUR = 3600_000;

before(async () => {
  ctx = await createTestContext();
  read = gateReads(ctx);
  const admin = await ctx.platformToken();
  const code = () => `T${Math.floor(Math.random() * 1e6)}`;
  const terminal = await ctx.call('POST', '/api/v1/admin/terminals', { token: admin, body: { code: code(), name: '测试货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 50, delivery: 50 }, horizonDays: 7 } });
  assert.equal(terminal.statusCode, 201, terminal.body);
  terminalId = terminal.json().id;
  const other = await ctx.call('POST', '/api/v1/admin/terminals', { token: admin, body: { code: code(), name: '另一货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 50, delivery: 50 }, horizonDays: 7 } });
  otherTerminalId = other.json().id;
  inGate = (await ctx.call('POST', `/api/v1/admin/terminals/${terminalId}/gates`, { token: admin, body: { code: 'IN1', name: '入区1道', direction: 'in' } })).json().id;
  outGate = (await ctx.call('POST', `/api/v1/admin/terminals/${terminalId}/gates`, { token: admin, body: { code: 'OUT1', name: '出区1道', direction: 'out' } })).json().id;
  const device = await ctx.call('POST', `/api/v1/admin/gates/${inGate}/devices`, { token: admin, body: { name: '入区车牌识别' } });
  assert.equal(device.statusCode, 201, device.body);
  inToken = device.json().token;
  outToken = (await ctx.call('POST', `/api/v1/admin/gates/${outGate}/devices`, { token: admin, body: { name: '出区车牌识别' } })).json().token;
});
after(async () => {
  await ctx.close();
});

/**
 * A booked delivery in a slot two days ahead (or `daysAhead`) at 10:00 Beijing time: for a new
 * fleet vehicle of a new enterprise, or for the vehicle of an earlier booking (`of`).
 */
async function bookedAppointment(options: { permissions?: string[]; daysAhead?: number; of?: { e: Enterprise; vehicle: Vehicle } } = {}) {
  ctx.clock.set(new Date());
  const e = options.of?.e ?? (await ctx.enterprise());
  const vehicle = options.of?.vehicle ?? (await fleetVehicle(ctx.deps.db, { enterpriseId: e.enterpriseId, userId: e.userId }));
  const date = new Date(Date.now() + (options.daysAhead ?? 2) * 24 * HOUR).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const slots = (await ctx.call('GET', `/api/v1/terminals/${terminalId}/slots?date=${date}`, { token: e.token })).json().items;
  const slot = slots.find((s: { start: string }) => s.start.includes('T10:00:00'));
  const created = await ctx.call('POST', '/api/v1/appointments', {
    token: e.token,
    body: { terminalId, slotId: slot.id, flag: 'delivery', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(awbSerial++), pieces: 3, weightKg: 120.5 }] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const submitted = await ctx.call('POST', `/api/v1/appointments/${created.json().id}/submit`, { token: e.token });
  assert.equal(submitted.statusCode, 200, submitted.body);
  const op = options.permissions ? await ctx.operator(e.token, options.permissions) : null;
  return { e, op, vehicle, appointmentId: created.json().id as string, appointmentNo: submitted.json().appointmentNo as string, start: new Date(slot.start), end: new Date(slot.end) };
}

describe('device authentication', () => {
  test('no token, a person\'s token, or a made-up token is 401', async () => {
    const e = await ctx.enterprise();
    for (const token of [undefined, e.token, 'cwd_nonsense']) {
      const res = await ctx.call('POST', '/api/v1/gate/decisions', { token, body: { plate: '京A12345', readId: 'x', readAt: new Date().toISOString() } });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    }
  });

  test('a revoked device is 401 from its next read on', async () => {
    const admin = await ctx.platformToken();
    const created = (await ctx.call('POST', `/api/v1/admin/gates/${inGate}/devices`, { token: admin, body: { name: '备用设备' } })).json();
    assert.equal((await read(created.token, '京A12345', new Date())).statusCode, 200);
    assert.equal((await ctx.call('POST', `/api/v1/admin/gate-devices/${created.id}/revoke`, { token: admin })).statusCode, 200);
    assert.equal((await read(created.token, '京A12345', new Date())).statusCode, 401);
    const stored = await ctx.deps.db.selectFrom('gate_devices').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, created.token, 'only the hash is stored');
  });

  test('only the platform administrator registers devices', async () => {
    const e = await ctx.enterprise();
    assert.equal((await ctx.call('POST', `/api/v1/admin/gates/${inGate}/devices`, { token: e.token, body: { name: 'x' } })).statusCode, 403);
    assert.equal((await ctx.call('POST', '/api/v1/admin/gates/00000000-0000-4000-8000-000000000000/devices', { token: await ctx.platformToken(), body: { name: 'x' } })).statusCode, 404);
  });

  test("a device is seen by its reads: the lane's device list shows when", async () => {
    const admin = await ctx.platformToken();
    const device = await ctx.call('POST', `/api/v1/admin/gates/${inGate}/devices`, { token: admin, body: { name: '入区车牌识别 测试' } });
    const listed = async () => (await ctx.call('GET', `/api/v1/admin/gates/${inGate}/devices`, { token: admin })).json().items.find((d: { id: string }) => d.id === device.json().id);
    assert.equal((await listed()).lastSeenAt, null);
    const answer = await read(device.json().token, '京Z00001', new Date());
    assert.equal(answer.statusCode, 200, answer.body);
    assert.notEqual((await listed()).lastSeenAt, null);
  });

  test('a malformed read is a coded 400 listing its fields', async () => {
    const res = await ctx.call('POST', '/api/v1/gate/decisions', { token: inToken, body: { plate: '', readAt: 'yesterday' } });
    assert.equal(res.statusCode, 400);
    const fields = Object.fromEntries(res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]));
    assert.deepEqual(fields, { plate: 'REQUIRED', readId: 'REQUIRED', readAt: 'INVALID_VALUE' });
  });
});

describe('in-gate and out-gate decisions', () => {
  test('an unfiled plate and a filed plate without booking are denied with their codes', async () => {
    const unknown = await read(inToken, '京Z99999', new Date());
    assert.equal(unknown.statusCode, 200);
    assert.deepEqual([unknown.json().decision, unknown.json().code], ['deny', 'VEHICLE_NOT_FILED']);
    assert.match(unknown.json().message, /^京Z99999 /);
    const e = await ctx.enterprise();
    const vehicle = await fleetVehicle(ctx.deps.db, { enterpriseId: e.enterpriseId, userId: e.userId });
    assert.equal((await read(inToken, vehicle.plate, new Date())).json().code, 'NO_APPOINTMENT');
  });

  test('the whole visit: early denied, in window lifts (入区), not confirmed denied at the out-gate, confirmed lifts (出区)', async () => {
    const booked = await bookedAppointment();
    const early = await read(inToken, booked.vehicle.plate, new Date(booked.start.getTime() - 45 * 60_000));
    assert.deepEqual([early.json().decision, early.json().code, early.json().earlyByMinutes], ['deny', 'OUTSIDE_WINDOW', 15]);
    // The rule judges at the server's time, not at the time the device sends: a reader whose clock
    // is off (or a read replayed) does not open the barrier, and its time is recorded as sent.
    const claimsInWindow = await read(inToken, booked.vehicle.plate, new Date(booked.start.getTime() - 45 * 60_000), 'claims-in-window', new Date(booked.start.getTime() + 5 * 60_000));
    assert.deepEqual([claimsInWindow.json().decision, claimsInWindow.json().code, claimsInWindow.json().earlyByMinutes], ['deny', 'OUTSIDE_WINDOW', 15]);
    const farOff = await read(inToken, booked.vehicle.plate, new Date(booked.start.getTime() - 45 * 60_000), 'far-off', new Date('6604-02-29T03:19:36+15:27'));
    assert.deepEqual([farOff.json().code, farOff.json().earlyByMinutes], ['OUTSIDE_WINDOW', 15], farOff.body);
    const recorded = await ctx.deps.db.selectFrom('gate_events').select(['read_id', 'read_at']).where('read_id', 'in', ['claims-in-window', 'far-off']).orderBy('read_id').execute();
    assert.deepEqual(recorded.map((e) => [e.read_id, e.read_at.toISOString()]), [['claims-in-window', new Date(booked.start.getTime() + 5 * 60_000).toISOString()], ['far-off', '6604-02-28T11:52:36.000Z']]);

    // Full-width letters and digits from a reader match the filed plate.
    const fullWidth = booked.vehicle.plate.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const enteredAt = new Date(booked.start.getTime() + 5 * 60_000);
    const entry = await read(inToken, fullWidth, enteredAt);
    assert.deepEqual([entry.json().decision, entry.json().code, entry.json().appointmentNo], ['lift', 'LIFT_IN', booked.appointmentNo]);
    // The notice says when, in Beijing time as every page writes it (UTC+8, no daylight saving).
    const entered = await ctx.deps.db.selectFrom('notifications').select('body').where('enterprise_id', '=', booked.e.enterpriseId).where('kind', '=', 'gate.entered').executeTakeFirstOrThrow();
    assert.equal(entered.body, `IN1 ${new Date(enteredAt.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}`);
    let detail = (await ctx.call('GET', `/api/v1/appointments/${booked.appointmentId}`, { token: booked.e.token })).json();
    assert.equal(detail.status, 'entered');
    assert.equal((await read(inToken, booked.vehicle.plate, new Date(booked.start.getTime() + 6 * 60_000))).json().code, 'ALREADY_INSIDE');

    const notYet = await read(outToken, booked.vehicle.plate, new Date(booked.start.getTime() + 20 * 60_000));
    assert.deepEqual([notYet.json().decision, notYet.json().code], ['deny', 'NOT_CONFIRMED']);

    const confirm = await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`, { token: booked.e.token });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.equal(confirm.json().status, 'empty_confirmed');
    const again = await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`, { token: booked.e.token });
    assert.equal(again.statusCode, 200, 'confirming twice is harmless');
    assert.equal(again.json().declaredAt, confirm.json().declaredAt);

    const exit = await read(outToken, booked.vehicle.plate, new Date(booked.start.getTime() + 40 * 60_000));
    assert.deepEqual([exit.json().decision, exit.json().code], ['lift', 'LIFT_OUT']);
    detail = (await ctx.call('GET', `/api/v1/appointments/${booked.appointmentId}`, { token: booked.e.token })).json();
    assert.equal(detail.status, 'exited');
    const actions = detail.history.map((h: { action: string }) => h.action);
    for (const action of ['gate_in', 'delivery_confirmed', 'gate_out']) assert.ok(actions.includes(action), `history has ${action}: ${actions}`);
    const notices = await ctx.deps.db.selectFrom('notifications').selectAll().where('enterprise_id', '=', booked.e.enterpriseId).where('kind', 'in', ['gate.entered', 'gate.exited']).execute();
    assert.deepEqual([...new Set(notices.map((n) => n.kind))].sort(), ['gate.entered', 'gate.exited']);
    for (const notice of notices) assertNoticeSpeaksBothLanguages(notice);
    const declarations = await ctx.deps.db.selectFrom('empty_declarations').selectAll().where('appointment_id', '=', booked.appointmentId).execute();
    assert.equal(declarations.length, 1);
    assert.equal(detail.emptyDeclaration.declarationType, 'empty');
    assert.equal(Date.parse(detail.emptyDeclaration.declaredAt), Math.floor(Date.parse(confirm.json().declaredAt) / 1000) * 1000, 'the same instant, to the second');
    assert.equal(detail.emptyDeclaration.enterpriseName, declarations[0].enterprise_name);
  });

  test('the same readId again answers the first decision and records nothing new', async () => {
    const booked = await bookedAppointment();
    const at = new Date(booked.start.getTime());
    const first = await read(inToken, booked.vehicle.plate, at, 'same-read-1');
    const second = await read(inToken, booked.vehicle.plate, new Date(at.getTime() + 60_000), 'same-read-1');
    assert.deepEqual(second.json(), first.json());
    const events = await ctx.deps.db.selectFrom('gate_events').select('id').where('read_id', '=', 'same-read-1').execute();
    assert.equal(events.length, 1);
  });

  test('identical reads racing make one event and one entry', async () => {
    const booked = await bookedAppointment();
    const at = new Date(booked.start.getTime() + 60_000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => read(inToken, booked.vehicle.plate, at, 'race-read-1')));
    const bodies = answers.map((r) => r.json());
    assert.ok(bodies.every((b) => b.code === 'LIFT_IN' && b.eventId === bodies[0].eventId), JSON.stringify(bodies));
    const events = await ctx.deps.db.selectFrom('gate_events').select('id').where('read_id', '=', 'race-read-1').execute();
    assert.equal(events.length, 1);
    const history = await ctx.deps.db.selectFrom('appointment_history').select('id').where('appointment_id', '=', booked.appointmentId).where('action', '=', 'gate_in').execute();
    assert.equal(history.length, 1);
  });

  test('different reads of one truck racing (two lanes, a camera firing twice) lift once; the others are ALREADY_INSIDE', async () => {
    const admin = await ctx.platformToken();
    const secondLane = await ctx.call('POST', `/api/v1/admin/gates/${inGate}/devices`, { token: admin, body: { name: '入区车牌识别 备用' } });
    const tokens = [inToken, secondLane.json().token as string];
    const booked = await bookedAppointment();
    const at = new Date(booked.start.getTime() + 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => read(tokens[k % 2], booked.vehicle.plate, at)));
    const codes = answers.map((r) => (assert.equal(r.statusCode, 200, r.body), r.json().code as string));
    assert.equal(codes.filter((c) => c === 'LIFT_IN').length, 1, codes.join());
    assert.equal(codes.filter((c) => c === 'ALREADY_INSIDE').length, 9, codes.join());
    const db = ctx.deps.db;
    const events = await db.selectFrom('gate_events').select(['code']).where('appointment_id', '=', booked.appointmentId).execute();
    assert.equal(events.length, 10);
    assert.equal(events.filter((e) => e.code === 'LIFT_IN').length, 1);
    const history = await db.selectFrom('appointment_history').select('id').where('appointment_id', '=', booked.appointmentId).where('action', '=', 'gate_in').execute();
    assert.equal(history.length, 1);
    const audits = await db.selectFrom('audit_log').select(['actor_username', 'after']).where('entity_id', '=', booked.appointmentId).where('action', '=', 'appointment.gate_in').execute();
    assert.equal(audits.length, 1);
    assert.match(audits[0].actor_username ?? '', /^device:入区车牌识别/);
    const notices = await db.selectFrom('notifications').selectAll().where('enterprise_id', '=', booked.e.enterpriseId).where('kind', '=', 'gate.entered').execute();
    assert.ok(notices.length >= 1 && notices.every((n) => n.title === `车辆${booked.vehicle.plate}已入区` && n.body.startsWith('IN1 ')), JSON.stringify(notices));
    for (const notice of notices) assertNoticeSpeaksBothLanguages(notice);
    const status = await db.selectFrom('appointments').select('status').where('id', '=', booked.appointmentId).executeTakeFirstOrThrow();
    assert.equal(status.status, 'entered');
  });

  test('reads of many trucks at once are each decided and recorded on their own, whatever the others answer', async () => {
    const trucks = await Promise.all(Array.from({ length: 6 }, () => bookedAppointment()));
    const at = new Date(trucks[0].start.getTime() + 60_000);
    const seen: { type: string; enterpriseId?: string; userIds?: string[]; data: Record<string, unknown> }[] = [];
    const unsubscribe = ctx.deps.events.subscribe((event) => seen.push(event));
    const [lifts, unfiled, madeUp] = await Promise.all([
      Promise.all(trucks.map((t) => read(inToken, t.vehicle.plate, at))),
      read(inToken, '京Z00001', at),
      ctx.call('POST', '/api/v1/gate/decisions', { token: 'cwd_not-a-device', body: { plate: trucks[0].vehicle.plate, readId: 'made-up-1', readAt: at.toISOString() } }),
    ]);
    assert.equal(madeUp.statusCode, 401);
    assert.equal(unfiled.json().code, 'VEHICLE_NOT_FILED');
    const db = ctx.deps.db;
    for (const [k, t] of trucks.entries()) {
      const answer = lifts[k].json();
      assert.equal(answer.code, 'LIFT_IN', lifts[k].body);
      assert.equal(answer.appointmentNo, t.appointmentNo);
      const event = await db.selectFrom('gate_events').select(['plate', 'appointment_id']).where('id', '=', answer.eventId).executeTakeFirstOrThrow();
      assert.deepEqual(event, { plate: t.vehicle.plate, appointment_id: t.appointmentId });
      const status = await db.selectFrom('appointments').select('status').where('id', '=', t.appointmentId).executeTakeFirstOrThrow();
      assert.equal(status.status, 'entered');
      const history = await db.selectFrom('appointment_history').select('id').where('appointment_id', '=', t.appointmentId).where('action', '=', 'gate_in').execute();
      assert.equal(history.length, 1);
      const notices = await db.selectFrom('notifications').select('title').where('enterprise_id', '=', t.e.enterpriseId).where('kind', '=', 'gate.entered').execute();
      assert.deepEqual(notices.map((n) => n.title), [`车辆${t.vehicle.plate}已入区`], 'each enterprise hears of its own truck only');
    }
    const made = await db.selectFrom('gate_events').select('id').where('read_id', '=', 'made-up-1').execute();
    assert.equal(made.length, 0);
    // Live events, after commit: each enterprise's own truck, its status and its notice.
    // (The bookings' own 'booked' events may still be arriving: look for the entries.)
    const statusOf = (t: (typeof trucks)[number]) => seen.filter((e) => e.type === 'appointment.status' && e.data.id === t.appointmentId && e.data.status !== 'booked');
    for (let i = 0; i < 100 && trucks.some((t) => statusOf(t).length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    unsubscribe();
    for (const [k, t] of trucks.entries()) {
      assert.deepEqual(statusOf(t).map((e) => [e.enterpriseId, e.data.status]), [[t.e.enterpriseId, 'entered']]);
      const read = seen.filter((e) => e.type === 'gate.read' && e.data.eventId === lifts[k].json().eventId);
      assert.equal(read.length, 1);
      assert.equal(read[0].data.code, 'LIFT_IN');
      const notice = seen.filter((e) => e.type === 'notification.gate.entered' && e.userIds?.includes(t.e.userId));
      assert.deepEqual(notice.map((e) => e.data.title), [`车辆${t.vehicle.plate}已入区`]);
      // Its time is the notice row's: a stream reopened after it asks for what came later (modules/live).
      const row = await ctx.deps.db.selectFrom('notifications').select('created_at').where('user_id', '=', t.e.userId).where('kind', '=', 'gate.entered').executeTakeFirstOrThrow();
      assert.equal(notice[0].data.at, new Date(row.created_at).toISOString());
    }
  });

  test('a booking at another terminal is WRONG_TERMINAL', async () => {
    const admin = await ctx.platformToken();
    const gate = (await ctx.call('POST', `/api/v1/admin/terminals/${otherTerminalId}/gates`, { token: admin, body: { code: `IN${++counter}`, name: '他站入口', direction: 'in' } })).json().id;
    const token = (await ctx.call('POST', `/api/v1/admin/gates/${gate}/devices`, { token: admin, body: { name: '他站设备' } })).json().token;
    const booked = await bookedAppointment();
    assert.equal((await read(token, booked.vehicle.plate, booked.start)).json().code, 'WRONG_TERMINAL');
  });
});

describe('delivery confirmation (交货确认)', () => {
  test('before entry it is a 409; another enterprise gets 404; an operator without the permission 403', async () => {
    const booked = await bookedAppointment({ permissions: ['appointment'] });
    const early = await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`, { token: booked.e.token });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'APPOINTMENT_NOT_CONFIRMABLE');
    const stranger = await ctx.enterprise();
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`, { token: stranger.token })).statusCode, 404);
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`, { token: booked.op!.token })).statusCode, 403);
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${booked.appointmentId}/confirm`)).statusCode, 401);
  });

  test('the terminal operator confirms from the terminal side, only at its own terminal', async () => {
    const booked = await bookedAppointment();
    await read(inToken, booked.vehicle.plate, booked.start);
    const elsewhere = await ctx.staff('terminal_operator', otherTerminalId);
    assert.equal((await ctx.call('POST', `/api/v1/terminal/appointments/${booked.appointmentId}/confirm`, { token: elsewhere.token })).statusCode, 404);
    const here = await ctx.staff('terminal_operator', terminalId);
    const res = await ctx.call('POST', `/api/v1/terminal/appointments/${booked.appointmentId}/confirm`, { token: here.token });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'empty_confirmed');
  });
});

describe('gate console and manual lift (手动抬杆)', () => {
  test('an override needs a written reason and a gate officer, and is recorded and audited', async () => {
    const officer = await ctx.staff('gate_officer');
    const e = await ctx.enterprise();
    assert.equal((await ctx.call('POST', '/api/v1/gate/overrides', { token: e.token, body: { gateId: inGate, plate: '京A12345', reason: '救护车紧急通行' } })).statusCode, 403);
    const noReason = await ctx.call('POST', '/api/v1/gate/overrides', { token: officer.token, body: { gateId: inGate, plate: '京A12345', reason: '' } });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().errors[0].code, 'REASON_TOO_SHORT');
    const badPlate = await ctx.call('POST', '/api/v1/gate/overrides', { token: officer.token, body: { gateId: inGate, plate: '12345', reason: '识别故障，人工核验放行' } });
    assert.equal(badPlate.statusCode, 400, 'a plate typed by hand is checked as filed plates are');
    assert.deepEqual(badPlate.json().errors, [{ field: 'plate', code: 'PLATE_INVALID', message: '车牌号格式错误' }]);
    const overridesBefore = await ctx.deps.db.selectFrom('gate_events').select('id').where('plate', '=', '12345').execute();
    assert.equal(overridesBefore.length, 0, 'nothing recorded');

    const booked = await bookedAppointment();
    const res = await ctx.call('POST', '/api/v1/gate/overrides', { token: officer.token, body: { gateId: inGate, plate: booked.vehicle.plate, reason: '识别故障，人工核验放行' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().code, 'MANUAL_OVERRIDE');
    const event = await ctx.deps.db.selectFrom('gate_events').selectAll().where('id', '=', res.json().eventId).executeTakeFirstOrThrow();
    assert.equal(event.override_by, officer.id);
    assert.equal(event.override_reason, '识别故障，人工核验放行');
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'gate.override').where('entity_id', '=', String(event.id)).executeTakeFirstOrThrow();
    assert.equal(audit.actor_id, officer.id);
    const detail = (await ctx.call('GET', `/api/v1/appointments/${booked.appointmentId}`, { token: booked.e.token })).json();
    assert.equal(detail.status, 'entered');

    const lanes = (await ctx.call('GET', '/api/v1/gate/lanes', { token: officer.token })).json().items;
    assert.ok(lanes.some((l: { id: string }) => l.id === inGate));
    const feed = (await ctx.call('GET', `/api/v1/gate/lanes/${inGate}/events?limit=5`, { token: officer.token })).json().items;
    assert.equal(feed[0].code, 'MANUAL_OVERRIDE');
    assert.equal(feed[0].overrideReason, '识别故障，人工核验放行');
    const inside = (await ctx.call('GET', `/api/v1/terminals/${terminalId}/inside`, { token: officer.token })).json().items;
    assert.ok(inside.some((v: { plate: string }) => v.plate === booked.vehicle.plate));
    assert.equal((await ctx.call('GET', `/api/v1/gate/lanes/${inGate}/events`, { token: e.token })).statusCode, 403);
  });

  test('of a plate\'s bookings here, an override lets in the one whose window holds now, then lets out the one inside', async () => {
    // The later one first: stored first, it is what an unordered pick finds.
    const later = await bookedAppointment({ daysAhead: 3 });
    const today = await bookedAppointment({ of: later });
    const [now, vehicle] = [today.appointmentId, today.vehicle];
    ctx.clock.set(new Date(today.start.getTime() + 5 * 60_000));
    const officer = await ctx.staff('gate_officer');

    const status = async (id: string) => (await ctx.deps.db.selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    const lifted = await ctx.call('POST', '/api/v1/gate/overrides', { token: officer.token, body: { gateId: inGate, plate: vehicle.plate, reason: '识别故障，人工核验放行' } });
    assert.equal(lifted.statusCode, 201, lifted.body);
    assert.equal(lifted.json().appointmentId, now);
    assert.deepEqual([await status(now), await status(later.appointmentId)], ['entered', 'booked']);

    const out = await ctx.call('POST', '/api/v1/gate/overrides', { token: officer.token, body: { gateId: outGate, plate: vehicle.plate, reason: '出区识别故障，人工放行' } });
    assert.equal(out.json().appointmentId, now);
    assert.deepEqual([await status(now), await status(later.appointmentId)], ['exited', 'booked']);
  });

  test('a gate officer given a terminal watches and lifts only its lanes; one given none, every terminal\'s', async () => {
    const admin = await ctx.platformToken();
    const otherGate = await ctx.call('POST', `/api/v1/admin/terminals/${otherTerminalId}/gates`, { token: admin, body: { code: `IN${Math.floor(Math.random() * 1e4)}`, name: '另一货站入区道', direction: 'in' } });
    assert.equal(otherGate.statusCode, 201, otherGate.body);
    const elsewhere = await ctx.staff('gate_officer', otherTerminalId);
    const lanes = (await ctx.call('GET', '/api/v1/gate/lanes', { token: elsewhere.token })).json().items;
    assert.ok(lanes.length > 0 && lanes.every((l: { terminalId: string }) => l.terminalId === otherTerminalId), 'only its terminal\'s lanes');
    assert.equal((await ctx.call('GET', `/api/v1/gate/lanes/${inGate}/events`, { token: elsewhere.token })).statusCode, 404);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminalId}/inside`, { token: elsewhere.token })).statusCode, 404);
    const before = await ctx.deps.db.selectFrom('gate_events').select((eb) => eb.fn.countAll<number>().as('n')).where('gate_id', '=', inGate).executeTakeFirstOrThrow();
    const lift = await ctx.call('POST', '/api/v1/gate/overrides', { token: elsewhere.token, body: { gateId: inGate, plate: '京A12345', reason: '识别故障，人工核验放行' } });
    assert.equal(lift.statusCode, 404, 'another terminal\'s barrier is not found');
    const after = await ctx.deps.db.selectFrom('gate_events').select((eb) => eb.fn.countAll<number>().as('n')).where('gate_id', '=', inGate).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'nothing recorded');

    const anywhere = await ctx.staff('gate_officer');
    const all = (await ctx.call('GET', '/api/v1/gate/lanes', { token: anywhere.token })).json().items.map((l: { terminalId: string }) => l.terminalId);
    assert.ok(all.includes(terminalId) && all.includes(otherTerminalId));
  });

  test('a terminal operator watches only its own terminal\'s lanes', async () => {
    const elsewhere = await ctx.staff('terminal_operator', otherTerminalId);
    assert.equal((await ctx.call('GET', `/api/v1/gate/lanes/${inGate}/events`, { token: elsewhere.token })).statusCode, 404);
    assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminalId}/inside`, { token: elsewhere.token })).statusCode, 404);
  });
});

describe('the gate log\'s integrity (database keys)', () => {
  /** Inserts an event the way no route would, to see what the database itself refuses. */
  async function insertEvent(values: { terminalId: string; gateId: string; deviceId: string | null; overrideBy?: string }) {
    const { terminalId: terminal, gateId, deviceId, overrideBy } = values;
    try {
      await sql`insert into gate_events (terminal_id, gate_id, device_id, read_id, direction, plate, read_at, decision, code, message, override_by, override_reason)
                values (${terminal}, ${gateId}, ${deviceId}, ${deviceId ? `integrity-${++counter}` : null}, 'in', '京A12345', now(), 'deny', 'NO_APPOINTMENT', '京A12345 无预约',
                        ${overrideBy ?? null}, ${overrideBy ? '测试' : null})`.execute(ctx.deps.db);
      return 'stored';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }

  test("a read's gate and terminal must be its device's; an override's gate must be a gate of its terminal", async () => {
    const device = await ctx.deps.db.selectFrom('gate_devices').select(['id', 'gate_id', 'terminal_id']).where('gate_id', '=', inGate).executeTakeFirstOrThrow();
    const officer = await ctx.staff('gate_officer');
    const FOREIGN_KEY_VIOLATION = '23503';
    assert.equal(await insertEvent({ terminalId, gateId: inGate, deviceId: device.id }), 'stored');
    assert.equal(await insertEvent({ terminalId, gateId: outGate, deviceId: device.id }), FOREIGN_KEY_VIOLATION, 'another lane of the same terminal');
    assert.equal(await insertEvent({ terminalId: otherTerminalId, gateId: inGate, deviceId: device.id }), FOREIGN_KEY_VIOLATION, 'another terminal');
    assert.equal(await insertEvent({ terminalId, gateId: inGate, deviceId: crypto.randomUUID() }), FOREIGN_KEY_VIOLATION, 'no such device');
    assert.equal(await insertEvent({ terminalId, gateId: outGate, deviceId: null, overrideBy: officer.id }), 'stored');
    assert.equal(await insertEvent({ terminalId: otherTerminalId, gateId: outGate, deviceId: null, overrideBy: officer.id }), FOREIGN_KEY_VIOLATION, 'an override at a gate of another terminal');
    assert.equal(await insertEvent({ terminalId, gateId: crypto.randomUUID(), deviceId: null, overrideBy: officer.id }), FOREIGN_KEY_VIOLATION, 'an override at no gate');
  });

  test("a device's terminal must be its gate's", async () => {
    const wrong = sql`insert into gate_devices (gate_id, terminal_id, name, token_hash) values (${inGate}, ${otherTerminalId}, '错配', ${crypto.randomUUID()})`.execute(ctx.deps.db);
    await assert.rejects(wrong, (error: { code?: string }) => error.code === '23503');
  });
});

test('a device token is not a person\'s session', async () => {
  const res = await ctx.call('GET', '/api/v1/me', { token: inToken });
  assert.equal(res.statusCode, 401);
});
