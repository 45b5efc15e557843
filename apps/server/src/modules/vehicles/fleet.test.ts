import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { approve, createDraft, declare, filingBody, fleetOf, residentId, uniquePlate, vehicleRow } from './test-factories.ts';

let ctx: TestContext;
let a: Awaited<ReturnType<TestContext['enterprise']>>;
let b: Awaited<ReturnType<TestContext['enterprise']>>;
let reviewer: { token: string };

before(async () => {
  ctx = await createTestContext();
  [a, b] = await Promise.all([ctx.enterprise(), ctx.enterprise()]);
  reviewer = await ctx.staff('reviewer');
});
after(async () => {
  await ctx.close();
});

type FleetVehicle = { id: string; plate: string; status: string; driverName: string; driverIdNo: string; driverPhone: string; filingId: string };

async function vehicleOf(token: string, plate: string): Promise<FleetVehicle> {
  const res = await ctx.call('GET', `/api/v1/vehicles?plate=${encodeURIComponent(plate)}`, { token });
  assert.equal(res.statusCode, 200);
  const [found] = res.json().items;
  assert.ok(found, `${plate} in the fleet`);
  return found;
}

function fieldErrors(res: { json(): { errors?: { field: string; code: string }[] } }): Record<string, string> {
  return Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));
}

describe('cancel (注销)', () => {
  test('401 without a token, 404 for another enterprise\'s vehicle', async () => {
    const plate = uniquePlate();
    await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate })]);
    const theirs = await vehicleOf(b.token, plate);
    assert.equal((await ctx.call('POST', `/api/v1/vehicles/${theirs.id}/cancel`)).statusCode, 401);
    const res = await ctx.call('POST', `/api/v1/vehicles/${theirs.id}/cancel`, { token: a.token });
    assert.equal(res.statusCode, 404);
    assert.equal((await ctx.call('GET', `/api/v1/vehicles/${theirs.id}`, { token: a.token })).statusCode, 404);
    assert.equal((await ctx.call('POST', '/api/v1/vehicles/nope/cancel', { token: a.token })).statusCode, 404);
    assert.equal((await vehicleOf(b.token, plate)).status, 'active', 'untouched');
  });

  test('the vehicle leaves the fleet, with history and audit; the plate is free again', async () => {
    const plate = uniquePlate();
    const filing = await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate })]);
    const vehicle = await vehicleOf(a.token, plate);

    const res = await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: a.token, body: { reason: '车辆报废' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'cancelled');
    assert.ok(res.json().cancelledAt);

    const active = await ctx.call('GET', `/api/v1/vehicles?plate=${encodeURIComponent(plate)}`, { token: a.token });
    assert.equal(active.json().items.length, 0);
    const cancelled = await ctx.call('GET', `/api/v1/vehicles?status=cancelled&plate=${encodeURIComponent(plate)}`, { token: a.token });
    assert.equal(cancelled.json().items[0].id, vehicle.id);

    const again = await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: a.token });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'VEHICLE_NOT_ACTIVE');

    const history = (await ctx.call('GET', `/api/v1/vehicle-filings/${filing.id}`, { token: a.token })).json().history;
    assert.deepEqual(history.at(-1), { ...history.at(-1), action: 'vehicle_cancelled', actor: a.username, detail: `${plate}：车辆报废` });
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'actor_username']).where('entity_id', '=', vehicle.id).execute();
    assert.deepEqual(audit, [{ action: 'vehicle.cancelled', actor_username: a.username }]);

    // Another enterprise may now file it.
    await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate })]);
    assert.equal((await vehicleOf(b.token, plate)).status, 'active');
  });
});

describe('change (变更) through a new filing', () => {
  test('the approved row replaces the vehicle\'s driver; the vehicle keeps its id', async () => {
    const plate = uniquePlate();
    const original = await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate })]);
    const vehicle = await vehicleOf(a.token, plate);

    const change = await createDraft(ctx, a.token, [
      vehicleRow({ plate, replacesVehicleId: vehicle.id, driverName: '钱七', driverIdNo: residentId(789), driverPhone: '13700001111' }),
      vehicleRow(),
    ]);
    assert.equal(change.vehicles[0].replacesVehicleId, vehicle.id);
    await declare(ctx, a.token, change.id);
    const approved = await approve(ctx, reviewer.token, change.id);
    assert.equal(approved.vehicles[0].vehicleId, vehicle.id);

    const changed = await vehicleOf(a.token, plate);
    assert.equal(changed.id, vehicle.id);
    assert.equal(changed.driverName, '钱七');
    assert.equal(changed.driverIdNo, residentId(789));
    assert.equal(changed.driverPhone, '13700001111');
    assert.equal(changed.filingId, change.id);
    const rows = await ctx.deps.db.selectFrom('vehicles').select('id').where('plate', '=', plate).execute();
    assert.equal(rows.length, 1, 'no second vehicle');

    const history = (await ctx.call('GET', `/api/v1/vehicle-filings/${original.id}`, { token: a.token })).json().history;
    assert.equal(history.at(-1).action, 'vehicle_changed');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', vehicle.id).execute();
    assert.equal(audit[0].action, 'vehicle.changed');
    assert.equal((audit[0].before as { driverName: string }).driverName, '李四');
    assert.equal((audit[0].after as { driverName: string }).driverName, '钱七');
  });

  test('the replaced vehicle must be our active vehicle with the same plate', async () => {
    const [ours, theirs, gone] = [uniquePlate(), uniquePlate(), uniquePlate()];
    await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate: ours }), vehicleRow({ plate: gone })]);
    await fleetOf(ctx, b.token, reviewer.token, [vehicleRow({ plate: theirs })]);
    const [mine, other, cancelled] = await Promise.all([vehicleOf(a.token, ours), vehicleOf(b.token, theirs), vehicleOf(a.token, gone)]);
    await ctx.call('POST', `/api/v1/vehicles/${cancelled.id}/cancel`, { token: a.token });

    const res = await ctx.call('POST', '/api/v1/vehicle-filings', {
      token: a.token,
      body: filingBody([
        vehicleRow({ replacesVehicleId: mine.id }), // another plate
        vehicleRow({ plate: uniquePlate(), replacesVehicleId: other.id }), // another enterprise's vehicle
        vehicleRow({ plate: gone, replacesVehicleId: cancelled.id }), // no longer in the fleet
        vehicleRow({ replacesVehicleId: '00000000-0000-4000-8000-000000000000' }), // no such vehicle
        vehicleRow({ plate: ours, replacesVehicleId: mine.id }), // fine
      ]),
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fieldErrors(res), {
      'vehicles.0.replacesVehicleId': 'REPLACED_VEHICLE_INVALID',
      'vehicles.1.replacesVehicleId': 'REPLACED_VEHICLE_INVALID',
      'vehicles.2.replacesVehicleId': 'REPLACED_VEHICLE_INVALID',
      'vehicles.3.replacesVehicleId': 'REPLACED_VEHICLE_INVALID',
    });
  });

  test('a vehicle cancelled while its change waits for review: approval is refused', async () => {
    const plate = uniquePlate();
    await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate })]);
    const vehicle = await vehicleOf(a.token, plate);
    const change = await createDraft(ctx, a.token, [vehicleRow({ plate, replacesVehicleId: vehicle.id, driverName: '孙八' })]);
    await declare(ctx, a.token, change.id);
    await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: a.token });
    const res = await ctx.call('POST', `/api/v1/review/vehicle-filings/${change.id}/approve`, { token: reviewer.token });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'REPLACED_VEHICLE_INVALID');
    assert.deepEqual(fieldErrors(res), { 'vehicles.0.replacesVehicleId': 'REPLACED_VEHICLE_INVALID' });
    const stored = await ctx.deps.db.selectFrom('vehicles').select(['status', 'driver_name']).where('id', '=', vehicle.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'cancelled', driver_name: '李四' });
  });
});

describe('the fleet list', () => {
  test('only my vehicles, newest first, paged, filtered by plate', async () => {
    const e = await ctx.enterprise();
    const plates = [uniquePlate('苏E'), uniquePlate('苏E'), uniquePlate('苏E')];
    await fleetOf(ctx, e.token, reviewer.token, [vehicleRow({ plate: plates[0] })]);
    ctx.clock.advance(1000);
    await fleetOf(ctx, e.token, reviewer.token, [vehicleRow({ plate: plates[1] }), vehicleRow({ plate: plates[2] })]);

    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await ctx.call('GET', `/api/v1/vehicles?limit=2${next ? `&after=${next}` : ''}`, { token: e.token });
      assert.equal(res.statusCode, 200);
      seen.push(...res.json().items.map((v: { plate: string }) => v.plate));
      next = res.json().next;
    } while (next);
    assert.equal(seen.length, 3);
    assert.equal(seen[2], plates[0], 'the older approval comes last');
    assert.deepEqual([...seen].sort(), [...plates].sort());

    const one = await ctx.call('GET', `/api/v1/vehicles?plate=${encodeURIComponent(plates[1])}`, { token: e.token });
    assert.deepEqual(one.json().items.map((v: { plate: string }) => v.plate), [plates[1]]);
    const none = await ctx.call('GET', `/api/v1/vehicles?plate=${encodeURIComponent(plates[1])}`, { token: a.token });
    assert.equal(none.json().items.length, 0, 'another enterprise sees nothing of it');
    const bad = await ctx.call('GET', '/api/v1/vehicles?status=scrapped', { token: e.token });
    assert.equal(bad.statusCode, 400);
  });

  test('any user of the enterprise may read the fleet; only vehicle_filing may cancel', async () => {
    const plate = uniquePlate();
    await fleetOf(ctx, a.token, reviewer.token, [vehicleRow({ plate })]);
    const booker = await ctx.operator(a.token, ['appointment']);
    const vehicle = await vehicleOf(booker.token, plate);
    const one = await ctx.call('GET', `/api/v1/vehicles/${vehicle.id}`, { token: booker.token });
    assert.equal(one.json().plate, plate);
    const cancel = await ctx.call('POST', `/api/v1/vehicles/${vehicle.id}/cancel`, { token: booker.token });
    assert.equal(cancel.statusCode, 403);
    assert.equal((await ctx.call('GET', '/api/v1/vehicles', { token: reviewer.token })).statusCode, 403);
  });
});
