import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { gateReads } from '../../testing/gate-reads.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { fleetVehicle, validAwb } from '../../testing/scheduling-factories.ts';

let ctx: TestContext;
let terminalId: string;
let inToken: string;
let outToken: string;
const HOUR = 3600_000;

before(async () => {
  ctx = await createTestContext();
  const admin = await ctx.platformToken();
  const terminal = await ctx.call('POST', '/api/v1/admin/terminals', { token: admin, body: { code: 'BOARD1', name: '看板货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 4, delivery: 6 }, horizonDays: 3 } });
  terminalId = terminal.json().id;
  const token = async (direction: 'in' | 'out') => {
    const gate = (await ctx.call('POST', `/api/v1/admin/terminals/${terminalId}/gates`, { token: admin, body: { code: direction.toUpperCase(), name: direction, direction } })).json().id;
    return (await ctx.call('POST', `/api/v1/admin/gates/${gate}/devices`, { token: admin, body: { name: direction } })).json().token as string;
  };
  [inToken, outToken] = [await token('in'), await token('out')];
});
after(async () => {
  await ctx.close();
});

const tomorrow = () => new Date(Date.now() + 24 * HOUR).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

async function book(hour: string) {
  const e = await ctx.enterprise();
  const vehicle = await fleetVehicle(ctx.deps.db, { enterpriseId: e.enterpriseId, userId: e.userId });
  const slot = (await ctx.call('GET', `/api/v1/terminals/${terminalId}/slots?date=${tomorrow()}`, { token: e.token })).json().items.find((s: { start: string }) => s.start.includes(`T${hour}:00:00`));
  const draft = (await ctx.call('POST', '/api/v1/appointments', { token: e.token, body: { terminalId, slotId: slot.id, flag: 'delivery', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(Math.floor(Math.random() * 1e6)), pieces: 1, weightKg: 10 }] } })).json();
  const booked = await ctx.call('POST', `/api/v1/appointments/${draft.id}/submit`, { token: e.token });
  assert.equal(booked.statusCode, 200, booked.body);
  return { e, vehicle, id: draft.id as string, slot };
}

function boardSlot(board: { terminals: { id: string; days: { slots: { start: string; free: { pickup: number; delivery: number } }[] }[] }[] }, start: string) {
  return board.terminals.find((t) => t.id === terminalId)!.days.flatMap((d) => d.slots).find((s) => s.start === start)!;
}

test('the public board needs no login and its free places equal the database after a booking and a cancel', async () => {
  const { e, id, slot } = await book('09');
  let board = (await ctx.call('GET', '/api/v1/board')).json();
  const dbSlot = await ctx.deps.db.selectFrom('slots').selectAll().where('id', '=', slot.id).executeTakeFirstOrThrow();
  assert.deepEqual(boardSlot(board, slot.start).free, { pickup: dbSlot.capacity_pickup - dbSlot.booked_pickup, delivery: dbSlot.capacity_delivery - dbSlot.booked_delivery });
  assert.equal(boardSlot(board, slot.start).free.delivery, 5);

  assert.equal((await ctx.call('POST', `/api/v1/appointments/${id}/cancel`, { token: e.token })).statusCode, 200);
  board = (await ctx.call('GET', '/api/v1/board')).json();
  assert.equal(boardSlot(board, slot.start).free.delivery, 6);
  assert.equal(board.terminals.find((t: { id: string }) => t.id === terminalId).days.length, 4, 'today + 3 horizon days');
});

test('trucks inside the zone are counted on the board, and the dashboard computes its figures from the events', async () => {
  const first = await book('10');
  const second = await book('10');
  const start = new Date(first.slot.start);
  const read = gateReads(ctx);
  assert.equal((await read(inToken, first.vehicle.plate, start)).json().code, 'LIFT_IN');
  assert.equal((await read(inToken, second.vehicle.plate, new Date(start.getTime() + 10 * 60_000))).json().code, 'LIFT_IN');
  const board = (await ctx.call('GET', '/api/v1/board')).json();
  assert.equal(board.terminals.find((t: { id: string }) => t.id === terminalId).insideNow, 2);

  await ctx.call('POST', `/api/v1/appointments/${first.id}/confirm`, { token: first.e.token });
  assert.equal((await read(outToken, first.vehicle.plate, new Date(start.getTime() + 45 * 60_000))).json().code, 'LIFT_OUT');

  const operator = await ctx.staff('terminal_operator', terminalId);
  const res = await ctx.call('GET', `/api/v1/terminals/${terminalId}/dashboard?date=${tomorrow()}`, { token: operator.token });
  assert.equal(res.statusCode, 200, res.body);
  const dashboard = res.json();
  assert.equal(dashboard.hours[10].booked.delivery, 2);
  assert.equal(dashboard.hours[10].arrivals, 2);
  assert.equal(dashboard.totals.arrivals, 2);
  assert.equal(dashboard.averageMinutesInside, 45);
  assert.equal(dashboard.visitsCompleted, 1);

  const stranger = await ctx.enterprise();
  assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminalId}/dashboard?date=${tomorrow()}`, { token: stranger.token })).statusCode, 403);
  const other = await ctx.call('POST', '/api/v1/admin/terminals', { token: await ctx.platformToken(), body: { code: 'BOARD2', name: '其他', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 1, delivery: 1 } } });
  const elsewhere = await ctx.staff('terminal_operator', other.json().id);
  assert.equal((await ctx.call('GET', `/api/v1/terminals/${terminalId}/dashboard?date=${tomorrow()}`, { token: elsewhere.token })).statusCode, 404);
});

test('the no-show rate counts the ended windows', async () => {
  const missed = await book('07');
  const end = new Date(missed.slot.end);
  ctx.clock.set(new Date(end.getTime() + 31 * 60_000));
  const { sweepNoShows } = await import('../scheduling/index.ts');
  await sweepNoShows(ctx.deps);
  // A day later the earlier sessions have expired: log in afresh.
  const operator = await ctx.staff('terminal_operator', terminalId);
  const dashboard = (await ctx.call('GET', `/api/v1/terminals/${terminalId}/dashboard?date=${tomorrow()}`, { token: operator.token })).json();
  ctx.clock.set(new Date());
  assert.equal(dashboard.noShowRate, 1, 'the only ended window was missed');
});
