import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { sql } from 'kysely';

import type { FastifyInstance } from 'fastify';

import { buildApp } from '../../app.ts';
import { postgresHandle, type DatabaseHandle } from '../../platform/db.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { testEngine } from '../../testing/test-db.ts';
import { fleetVehicle, validAwb } from '../../testing/scheduling-factories.ts';

/**
 * Capacity is exact under real concurrency. PGlite has one connection and runs one transaction
 * at a time, so these races only mean something on PostgreSQL (TEST_DB=postgres, required in CI):
 * there Fastify's inject runs the requests concurrently against a pool of 20 connections.
 */
const skip = testEngine === 'postgres' ? false : 'needs PostgreSQL (TEST_DB=postgres): the embedded database runs one transaction at a time';

const MORNING = '2026-11-25T00:00:00Z';
const TODAY = '2026-11-25';
const CAPACITY = 50;

let ctx: TestContext;
let terminalId: string;
let enterprises: Awaited<ReturnType<TestContext['enterprise']>>[] = [];
let serial = 9000;

async function slotAt(hour: number, token: string) {
  const res = await ctx.call('GET', `/api/v1/terminals/${terminalId}/slots?date=${TODAY}`, { token });
  const start = `${TODAY}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  return res.json().items.find((s: { start: string }) => s.start === start).id as string;
}

/** `count` drafts for one slot, spread over the enterprises, each with its own vehicle. */
async function drafts(slotId: string, count: number): Promise<{ id: string; token: string }[]> {
  const made: { id: string; token: string }[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - start) }, async (_, i) => {
        const owner = enterprises[(start + i) % enterprises.length];
        const vehicle = await fleetVehicle(ctx.deps.db, owner);
        const res = await ctx.call('POST', '/api/v1/appointments', {
          token: owner.token,
          body: { terminalId, slotId, flag: 'delivery', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(serial++), pieces: 1, weightKg: 1 }] },
        });
        assert.equal(res.statusCode, 201, res.body);
        return { id: res.json().id as string, token: owner.token };
      }),
    );
    made.push(...batch);
  }
  return made;
}

async function counters(slotId: string) {
  const slot = await ctx.deps.db.selectFrom('slots').select(['booked_delivery', 'capacity_delivery']).where('id', '=', slotId).executeTakeFirstOrThrow();
  const rows = await ctx.deps.db.selectFrom('appointments').select('status').where('slot_id', '=', slotId).where('status', 'in', ['submitted', 'booked']).execute();
  return { counter: slot.booked_delivery, capacity: slot.capacity_delivery, held: rows.length };
}

describe('booking under concurrency', { skip }, () => {
  before(async () => {
    ctx = await createTestContext();
    ctx.clock.set(MORNING);
    const res = await ctx.call('POST', '/api/v1/admin/terminals', {
      token: await ctx.platformToken(),
      body: { code: 'RACE', name: '并发货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: CAPACITY, delivery: CAPACITY } },
    });
    assert.equal(res.statusCode, 201, res.body);
    terminalId = res.json().id;
    enterprises = [];
    for (let i = 0; i < 4; i++) enterprises.push(await ctx.enterprise());
  });
  after(async () => {
    await ctx?.close();
  });

  test('200 submits for one slot of capacity 50: exactly 50 booked, 150 SLOT_FULL', async () => {
    const slotId = await slotAt(12, enterprises[0].token);
    const all = await drafts(slotId, 200);
    const results = await Promise.all(all.map((d) => ctx.call('POST', `/api/v1/appointments/${d.id}/submit`, { token: d.token })));
    const codes = results.map((r) => (r.statusCode === 200 ? 'booked' : `${r.statusCode} ${r.json().code}`));
    const tally = codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
    assert.deepEqual(tally, { booked: CAPACITY, '409 SLOT_FULL': 200 - CAPACITY });
    const { counter, held } = await counters(slotId);
    assert.equal(counter, CAPACITY);
    assert.equal(held, CAPACITY, 'the counter equals the booked rows');
    const refused = await ctx.deps.db.selectFrom('appointments').select('status').where('slot_id', '=', slotId).where('status', '=', 'draft').execute();
    assert.equal(refused.length, 200 - CAPACITY, 'every refusal is still a draft');
    const numbers = await ctx.deps.db.selectFrom('appointments').select('appointment_no').where('slot_id', '=', slotId).where('status', '=', 'booked').execute();
    assert.equal(new Set(numbers.map((n) => n.appointment_no)).size, CAPACITY, 'appointment numbers are unique');
  });

  test('25 cancels racing 50 new submits: the counter equals the booked rows and never exceeds capacity', async () => {
    const slotId = await slotAt(13, enterprises[0].token);
    const first = await drafts(slotId, CAPACITY);
    for (const d of first) assert.equal((await ctx.call('POST', `/api/v1/appointments/${d.id}/submit`, { token: d.token })).statusCode, 200);
    assert.equal((await counters(slotId)).counter, CAPACITY);

    const newcomers = await drafts(slotId, 50);
    const cancels = first.slice(0, 25).map((d) => async () => ({ kind: 'cancel', res: await ctx.call('POST', `/api/v1/appointments/${d.id}/cancel`, { token: d.token }) }));
    const submits = newcomers.map((d) => async () => ({ kind: 'submit', res: await ctx.call('POST', `/api/v1/appointments/${d.id}/submit`, { token: d.token }) }));
    // interleave so cancels and submits really overlap
    const calls = submits.flatMap((s, i) => (i < cancels.length ? [cancels[i], s] : [s]));
    const results = await Promise.all(calls.map((call) => call()));
    const cancelResults = results.filter((r) => r.kind === 'cancel').map((r) => r.res);
    const submitResults = results.filter((r) => r.kind === 'submit').map((r) => r.res);
    assert.equal(cancelResults.length, 25);
    assert.ok(cancelResults.every((r) => r.statusCode === 200), 'every cancel succeeds');
    assert.ok(submitResults.every((r) => r.statusCode === 200 || r.json().code === 'SLOT_FULL'), 'a submit either books or finds the slot full');
    const booked = submitResults.filter((r) => r.statusCode === 200).length;
    assert.ok(booked <= 25, `at most the 25 freed places are taken (took ${booked})`);

    const { counter, held, capacity } = await counters(slotId);
    assert.equal(counter, held, 'the counter equals the live rows');
    assert.equal(held, CAPACITY - 25 + booked);
    assert.ok(counter <= capacity);
  });

  test('one vehicle submitted ten times at once for the same hour: one booking, nine VEHICLE_BUSY', async () => {
    const owner = enterprises[0];
    const vehicle = await fleetVehicle(ctx.deps.db, owner);
    const slotId = await slotAt(15, owner.token);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await ctx.call('POST', '/api/v1/appointments', {
        token: owner.token,
        body: { terminalId, slotId, flag: i % 2 === 0 ? 'delivery' : 'pickup', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(serial++), pieces: 1, weightKg: 1 }] },
      });
      ids.push(res.json().id);
    }
    const results = await Promise.all(ids.map((id) => ctx.call('POST', `/api/v1/appointments/${id}/submit`, { token: owner.token })));
    assert.equal(results.filter((r) => r.statusCode === 200).length, 1);
    assert.ok(results.filter((r) => r.statusCode !== 200).every((r) => r.json().code === 'VEHICLE_BUSY'));
  });

  test('two servers on one database, 100 submits each for one slot of 50 at once: exactly 50 booked', async () => {
    // Each server batches its own submissions; only the database's locks stand between the two.
    const handle: DatabaseHandle = postgresHandle(ctx.database.url!, { max: 10 });
    const second: FastifyInstance = await buildApp({ ...ctx.deps, db: handle.db, handle });
    try {
      const slotId = await slotAt(16, enterprises[0].token);
      const all = await drafts(slotId, 200);
      const results = await Promise.all(
        all.map((d, i) => {
          const request = { method: 'POST' as const, url: `/api/v1/appointments/${d.id}/submit`, headers: { authorization: `Bearer ${d.token}` } };
          return i % 2 === 0 ? ctx.app.inject(request) : second.inject(request);
        }),
      );
      const codes = results.map((r) => (r.statusCode === 200 ? 'booked' : `${r.statusCode} ${r.json().code}`));
      const tally = codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
      assert.deepEqual(tally, { booked: CAPACITY, '409 SLOT_FULL': 200 - CAPACITY });
      const { counter, held } = await counters(slotId);
      assert.deepEqual({ counter, held }, { counter: CAPACITY, held: CAPACITY });
    } finally {
      await second.close();
      await handle.close();
    }
  });

  test('submits of many enterprises for many slots at once: each booking is its own, in its answer, history, audit and notices', async () => {
    const hours = [17, 18, 19];
    const made: { id: string; token: string; owner: (typeof enterprises)[number]; slotId: string }[] = [];
    for (const hour of hours) {
      const slotId = await slotAt(hour, enterprises[0].token);
      for (const owner of enterprises) {
        for (let k = 0; k < 3; k++) {
          const vehicle = await fleetVehicle(ctx.deps.db, owner);
          const res = await ctx.call('POST', '/api/v1/appointments', {
            token: owner.token,
            body: { terminalId, slotId, flag: k === 0 ? 'pickup' : 'delivery', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(serial++), pieces: 1, weightKg: 1 }] },
          });
          assert.equal(res.statusCode, 201, res.body);
          made.push({ id: res.json().id, token: owner.token, owner, slotId });
        }
      }
    }
    const results = await Promise.all(made.map((d) => ctx.call('POST', `/api/v1/appointments/${d.id}/submit`, { token: d.token })));
    for (const [i, res] of results.entries()) {
      const d = made[i];
      assert.equal(res.statusCode, 200, res.body);
      const detail = res.json();
      assert.equal(detail.id, d.id, 'each answer is its own appointment');
      assert.equal(detail.enterprise.id, d.owner.enterpriseId);
      assert.equal(detail.slot.id, d.slotId);
      assert.equal(detail.status, 'booked');
      assert.match(detail.appointmentNo, /^\d{18}$/);
      assert.deepEqual(detail.history.map((h: { action: string; actor: string }) => [h.action, h.actor]), [['created', d.owner.username], ['booked', d.owner.username]]);
      const audit = await ctx.deps.db.selectFrom('audit_log').select(['actor_id', 'enterprise_id', 'after']).where('entity_id', '=', d.id).where('action', '=', 'appointment.booked').execute();
      assert.equal(audit.length, 1);
      assert.deepEqual([audit[0].actor_id, audit[0].enterprise_id, (audit[0].after as { appointmentNo: string }).appointmentNo], [d.owner.userId, d.owner.enterpriseId, detail.appointmentNo]);
      const notices = await ctx.deps.db.selectFrom('notifications').select(['enterprise_id', 'body']).where('kind', '=', 'appointment.booked').where(sql`data->>'appointmentId'`, '=', d.id).execute();
      assert.ok(notices.length >= 1 && notices.every((n) => n.enterprise_id === d.owner.enterpriseId && n.body.endsWith(detail.appointmentNo)), 'the notice reaches its own enterprise, with its number');
    }
    for (const hour of hours) {
      const slotId = await slotAt(hour, enterprises[0].token);
      const slot = await ctx.deps.db.selectFrom('slots').select(['booked_pickup', 'booked_delivery']).where('id', '=', slotId).executeTakeFirstOrThrow();
      assert.deepEqual(slot, { booked_pickup: enterprises.length, booked_delivery: enterprises.length * 2 }, 'each flag counts its own places');
    }
  });

  test('one vehicle with drafts for four hours that do not overlap, submitted at once: all four booked', async () => {
    const owner = enterprises[1];
    const vehicle = await fleetVehicle(ctx.deps.db, owner);
    const ids: string[] = [];
    for (const hour of [20, 21, 22, 23]) {
      const res = await ctx.call('POST', '/api/v1/appointments', {
        token: owner.token,
        body: { terminalId, slotId: await slotAt(hour, owner.token), flag: 'pickup', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(serial++), pieces: 1, weightKg: 1 }] },
      });
      ids.push(res.json().id);
    }
    const results = await Promise.all(ids.map((id) => ctx.call('POST', `/api/v1/appointments/${id}/submit`, { token: owner.token })));
    assert.deepEqual(results.map((r) => [r.statusCode, r.statusCode === 200 ? r.json().status : r.json().code]), ids.map(() => [200, 'booked']));
  });
});
