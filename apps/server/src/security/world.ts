// A small, complete world for the attack tests: two enterprises (A owns everything the tests aim
// at, B is the intruder), operators of A missing one permission each, platform staff, two
// terminals with gates and a device. Built through the HTTP API wherever that is cheap.
import assert from 'node:assert/strict';

import { permissions, type Permission } from '@cargo-window/contracts';

import { notify } from '../modules/notifications/index.ts';
import { hashToken } from '../platform/sessions.ts';
import { nationalTestAccounts } from '../modules/identity/national-account/index.ts';
import { webauthnFixtures, type WebauthnFixtures } from '../modules/identity/webauthn/test-fixtures.ts';
import { standaloneRegistration, uniqueUsername } from '../testing/factories.ts';
import { fleetVehicle, validAwb } from '../testing/scheduling-factories.ts';
import type { TestContext } from '../testing/test-app.ts';

const HOUR = 3600_000;
let serial = 0;
const next = () => ++serial;

/** A plate no other test file of this process uses (粤B + 5 digits). */
export function worldPlate(): string {
  return `粤B${String((process.pid * 7 + next()) % 100000).padStart(5, '0')}`;
}

export function residentIdNo(): string {
  // 11010519900101 + 3 digits + check character (ISO 7064 mod 11-2).
  const first17 = `11010519900101${String(next() % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

export function filingBody(plate = worldPlate()) {
  return {
    header: { contactName: '王五', contactPhone: '13800138001', remarks: '安全测试' },
    vehicles: [{ plate, plateColor: 'blue', vehicleType: 'van', ratedLoadKg: 18000, driverName: '李四', driverIdNo: residentIdNo(), driverPhone: '13912345678' }],
  };
}

export function awbRows() {
  return [{ awb: validAwb(700_000 + next()), pieces: 3, weightKg: 120.5 }];
}

export interface Person {
  token: string;
  userId: string;
  username: string;
  password: string;
}

export interface World {
  ctx: TestContext;
  terminalId: string;
  terminal2Id: string;
  inGateId: string;
  outGateId: string;
  gate2Id: string;
  deviceId: string;
  deviceToken: string;
  /** A second device of the in-gate, for the revoke route. */
  spareDeviceId: string;
  /** A slot of terminal 1 two days ahead at 10:00 Beijing time, and its date. */
  slotId: string;
  slotDate: string;
  a: Person & {
    enterpriseId: string;
    /** Declared (in review). */
    filingId: string;
    /** A draft (editable). */
    draftFilingId: string;
    vehicleId: string;
    plate: string;
    /** A second fleet vehicle, for routes that take a vehicle out of service. */
    spareVehicleId: string;
    /** Booked, for the main vehicle. */
    appointmentId: string;
    /** A draft, for the spare vehicle. */
    draftAppointmentId: string;
    notificationId: string;
    operatorId: string;
    /** A second session of A's administrator (the revoke route ends it, not the one the tests use). */
    spareSessionId: string;
    /** A personal access token of A's administrator scoped to `query`, and its id. */
    queryToken: string;
    queryTokenId: string;
    /** 卡介质: valid bind/login bodies (each challenge single-use) and a spare key of A's administrator to revoke. */
    webauthn: WebauthnFixtures;
  };
  b: Person & { enterpriseId: string };
  /** Operators of A: `none` holds no permission, `allBut[p]` every permission except p. */
  ops: { none: Person; allBut: Record<Permission, Person> };
  staff: { platform: string; reviewer: string; terminalOperator: string; terminalOperator2: string; gateOfficer: string };
  /** Strings of A (ids, plate, username) that must never appear in an answer to B. */
  secretsOfA: string[];
}

async function enterprisePerson(ctx: TestContext) {
  const body = standaloneRegistration();
  const res = await ctx.call('POST', '/api/v1/auth/register', { body });
  assert.equal(res.statusCode, 201, res.body);
  const token = await ctx.login(body.admin.username, body.admin.password);
  return { token, userId: res.json().user.id as string, enterpriseId: res.json().enterprise.id as string, username: body.admin.username, password: body.admin.password };
}

export async function buildWorld(ctx: TestContext): Promise<World> {
  ctx.clock.set(new Date());
  const platform = await ctx.platformToken();
  const code = () => `SEC${process.pid % 10000}${next()}`;
  const makeTerminal = async () => {
    const res = await ctx.call('POST', '/api/v1/admin/terminals', {
      token: platform,
      body: { code: code(), name: '安全测试货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 50, delivery: 50 }, horizonDays: 7 },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const terminalId = await makeTerminal();
  const terminal2Id = await makeTerminal();
  const gate = async (terminal: string, direction: 'in' | 'out') => {
    const res = await ctx.call('POST', `/api/v1/admin/terminals/${terminal}/gates`, { token: platform, body: { code: `${direction.toUpperCase()}${next()}`, name: '测试车道', direction } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const inGateId = await gate(terminalId, 'in');
  const outGateId = await gate(terminalId, 'out');
  const gate2Id = await gate(terminal2Id, 'in');
  const device = await ctx.call('POST', `/api/v1/admin/gates/${inGateId}/devices`, { token: platform, body: { name: '入区识别' } });
  assert.equal(device.statusCode, 201, device.body);

  const spareDevice = await ctx.call('POST', `/api/v1/admin/gates/${inGateId}/devices`, { token: platform, body: { name: '备用识别' } });
  assert.equal(spareDevice.statusCode, 201, spareDevice.body);

  const a = await enterprisePerson(ctx);
  const b = await enterprisePerson(ctx);

  const reviewer = await ctx.staff('reviewer');
  const terminalOperator = await ctx.staff('terminal_operator', terminalId);
  const terminalOperator2 = await ctx.staff('terminal_operator', terminal2Id);
  const gateOfficer = await ctx.staff('gate_officer', terminalId);

  const slotDate = new Date(Date.now() + 2 * 24 * HOUR).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const slots = await ctx.call('GET', `/api/v1/terminals/${terminalId}/slots?date=${slotDate}`, { token: a.token });
  assert.equal(slots.statusCode, 200, slots.body);
  const slotId = slots.json().items.find((s: { start: string }) => s.start.includes('T10:00:00')).id as string;

  const plate = worldPlate();
  const vehicle = await fleetVehicle(ctx.deps.db, a, { plate });
  const spare = await fleetVehicle(ctx.deps.db, a, { plate: worldPlate() });

  const createAppointment = async (vehicleId: string) => {
    const res = await ctx.call('POST', '/api/v1/appointments', {
      token: a.token,
      body: { terminalId, slotId, flag: 'delivery', declarationType: 'ordinary', vehicleId, awbs: awbRows() },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const appointmentId = await createAppointment(vehicle.id);
  const submitted = await ctx.call('POST', `/api/v1/appointments/${appointmentId}/submit`, { token: a.token });
  assert.equal(submitted.statusCode, 200, submitted.body);
  const draftAppointmentId = await createAppointment(spare.id);

  const filing = await ctx.call('POST', '/api/v1/vehicle-filings', { token: a.token, body: filingBody() });
  assert.equal(filing.statusCode, 201, filing.body);
  const declared = await ctx.call('POST', `/api/v1/vehicle-filings/${filing.json().id}/declare`, { token: a.token });
  assert.equal(declared.statusCode, 200, declared.body);
  const draftFiling = await ctx.call('POST', '/api/v1/vehicle-filings', { token: a.token, body: filingBody() });
  assert.equal(draftFiling.statusCode, 201, draftFiling.body);

  await notify(ctx.deps.db, { userIds: [a.userId], kind: 'filing.approved', title: '备案审核通过', body: `${plate} 审核通过`, data: {}, at: new Date() });
  const notification = await ctx.deps.db.selectFrom('notifications').select('id').where('user_id', '=', a.userId).executeTakeFirstOrThrow();

  const spareToken = await ctx.login(a.username, a.password);
  const spareSession = await ctx.deps.db.selectFrom('sessions').select('id').where('token_hash', '=', hashToken(spareToken)).executeTakeFirstOrThrow();
  const apiToken = await ctx.call('POST', '/api/v1/me/tokens', { token: a.token, body: { name: '查询系统', permissions: ['query'], expiresInDays: 30 } });
  assert.equal(apiToken.statusCode, 201, apiToken.body);

  const operator = async (granted: Permission[]): Promise<Person> => {
    const op = await ctx.operator(a.token, granted);
    return { token: op.token, userId: op.id, username: op.username, password: op.password };
  };
  const none = await operator([]);
  const allBut = {} as Record<Permission, Person>;
  for (const p of permissions) allBut[p] = await operator(permissions.filter((q) => q !== p));

  const world: World = {
    ctx,
    terminalId,
    terminal2Id,
    inGateId,
    outGateId,
    gate2Id,
    deviceId: device.json().id,
    deviceToken: device.json().token,
    spareDeviceId: spareDevice.json().id,
    slotId,
    slotDate,
    a: {
      ...a,
      filingId: filing.json().id,
      draftFilingId: draftFiling.json().id,
      vehicleId: vehicle.id,
      plate,
      spareVehicleId: spare.id,
      appointmentId,
      draftAppointmentId,
      notificationId: notification.id,
      operatorId: none.userId,
      spareSessionId: spareSession.id,
      queryToken: apiToken.json().token,
      queryTokenId: apiToken.json().id,
      webauthn: await webauthnFixtures(ctx, { token: a.token, userId: a.userId }),
    },
    b,
    ops: { none, allBut },
    staff: { platform, reviewer: reviewer.token, terminalOperator: terminalOperator.token, terminalOperator2: terminalOperator2.token, gateOfficer: gateOfficer.token },
    secretsOfA: [],
  };
  world.secretsOfA = [
    a.enterpriseId,
    a.username,
    plate,
    world.a.filingId,
    world.a.draftFilingId,
    world.a.vehicleId,
    world.a.spareVehicleId,
    appointmentId,
    draftAppointmentId,
    world.a.notificationId,
    world.a.spareSessionId,
    world.a.queryTokenId,
    world.a.webauthn.spareKeyId,
    none.userId,
    none.username,
    submitted.json().businessNo,
    submitted.json().appointmentNo,
  ];
  return world;
}

export const nationalAccount = () => ({ username: nationalTestAccounts[0].username, password: nationalTestAccounts[0].password });
export { uniqueUsername };
