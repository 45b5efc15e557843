import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { fleetVehicle, validAwb } from '../../testing/scheduling-factories.ts';
import { startNoShowSweeper, sweepNoShows } from './sweep-no-shows.ts';
import { assertNoticeSpeaksBothLanguages } from '../../testing/notices.ts';

// 08:00 Beijing, 2026-11-25. Slot hh:00 Beijing = (hh-8):00Z.
const MORNING = '2026-11-25T00:00:00Z';
const TODAY = '2026-11-25';

let ctx: TestContext;
let enterprise: Awaited<ReturnType<TestContext['enterprise']>>;
let terminalId: string;
let strictTerminalId: string;
let serial = 5000;

async function createTerminal(code: string, toleranceMinutes?: number) {
  const res = await ctx.call('POST', '/api/v1/admin/terminals', {
    token: await ctx.platformToken(),
    body: { code, name: '货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 20, delivery: 20 }, ...(toleranceMinutes === undefined ? {} : { toleranceMinutes }) },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function slotAt(terminal: string, hour: number) {
  const res = await ctx.call('GET', `/api/v1/terminals/${terminal}/slots?date=${TODAY}`, { token: enterprise.token });
  const start = `${TODAY}T${String(hour).padStart(2, '0')}:00:00+08:00`;
  return res.json().items.find((s: { start: string }) => s.start === start).id as string;
}

/** A draft for a fresh vehicle, submitted unless asked not to. */
async function appointment(terminal: string, hour: number, options: { declarationType?: 'ordinary' | 'operational'; submit?: boolean } = {}) {
  const vehicle = await fleetVehicle(ctx.deps.db, enterprise);
  const res = await ctx.call('POST', '/api/v1/appointments', {
    token: enterprise.token,
    body: { terminalId: terminal, slotId: await slotAt(terminal, hour), flag: 'delivery', declarationType: options.declarationType ?? 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(serial++), pieces: 1, weightKg: 10 }] },
  });
  assert.equal(res.statusCode, 201, res.body);
  if (options.submit === false) return res.json().id as string;
  const submitted = await ctx.call('POST', `/api/v1/appointments/${res.json().id}/submit`, { token: enterprise.token });
  assert.equal(submitted.statusCode, 200, submitted.body);
  return submitted.json().id as string;
}

const statusOf = async (id: string) => (await ctx.deps.db.selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

before(async () => {
  ctx = await createTestContext();
  ctx.clock.set(MORNING);
  enterprise = await ctx.enterprise();
  terminalId = await createTerminal('SWEEP-1');
  strictTerminalId = await createTerminal('SWEEP-0', 0);
});
after(async () => {
  await ctx.close();
});

describe('no-show sweep', () => {
  test('marks exactly the booked appointments whose slot end + tolerance has passed, once', async () => {
    ctx.clock.set(MORNING);
    const late = await appointment(terminalId, 10); // window ends 03:00Z, tolerance 30 → no-show after 03:30Z
    const strict = await appointment(strictTerminalId, 10); // tolerance 0 → no-show after 03:00Z
    const later = await appointment(terminalId, 12); // after 05:30Z
    const cancelled = await appointment(terminalId, 10);
    assert.equal((await ctx.call('POST', `/api/v1/appointments/${cancelled}/cancel`, { token: enterprise.token })).statusCode, 200);
    const pending = await appointment(terminalId, 10, { declarationType: 'operational' });
    const draft = await appointment(terminalId, 10, { submit: false });

    ctx.clock.set('2026-11-25T03:00:00Z');
    assert.deepEqual(await sweepNoShows(ctx.deps), [], 'the window\'s end itself is not past');

    ctx.clock.set('2026-11-25T03:30:00Z');
    assert.deepEqual((await sweepNoShows(ctx.deps)).map((r) => r.id), [strict]);
    ctx.clock.set('2026-11-25T03:30:00.001Z');
    assert.deepEqual((await sweepNoShows(ctx.deps)).map((r) => r.id), [late]);
    assert.deepEqual(await sweepNoShows(ctx.deps), [], 'a second sweep changes nothing');

    ctx.clock.set('2026-11-25T05:31:00Z');
    assert.deepEqual((await sweepNoShows(ctx.deps)).map((r) => r.id), [later]);
    assert.deepEqual(await sweepNoShows(ctx.deps), []);

    assert.equal(await statusOf(late), 'no_show');
    assert.equal(await statusOf(cancelled), 'cancelled');
    assert.equal(await statusOf(pending), 'submitted');
    assert.equal(await statusOf(draft), 'draft');

    const detail = (await ctx.call('GET', `/api/v1/appointments/${late}`, { token: enterprise.token })).json();
    assert.equal(detail.status, 'no_show');
    const last = detail.history[detail.history.length - 1];
    assert.deepEqual([last.action, last.actor, last.fromStatus, last.toStatus], ['no_show', 'system', 'booked', 'no_show']);
    assert.equal(last.at, '2026-11-25T11:30:00+08:00');
    assert.equal(last.detail.toleranceMinutes, 30);
    const history = await ctx.deps.db.selectFrom('appointment_history').select('appointment_id').where('action', '=', 'no_show').execute();
    assert.equal(history.length, 3, 'one history row per appointment');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['entity_id', 'actor_username']).where('action', '=', 'appointment.no_show').execute();
    assert.deepEqual(audit.map((a) => a.entity_id).sort(), [late, strict, later].sort());
    const notices = await ctx.deps.db.selectFrom('notifications').selectAll().where('kind', '=', 'appointment.no_show').where('enterprise_id', '=', enterprise.enterpriseId).execute();
    assert.equal(notices.length, 3);
    for (const notice of notices) assertNoticeSpeaksBothLanguages(notice);
  });

  test('two sweeps at the same time mark each appointment exactly once', async () => {
    ctx.clock.set(MORNING);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await appointment(terminalId, 14));
    ctx.clock.set('2026-11-25T07:31:00Z');
    const [one, two] = await Promise.all([sweepNoShows(ctx.deps), sweepNoShows(ctx.deps)]);
    const swept = [...one, ...two].map((r) => r.id);
    assert.deepEqual([...swept].sort(), [...ids].sort(), 'every one swept, none twice');
    const history = await ctx.deps.db
      .selectFrom('appointment_history')
      .select(['appointment_id'])
      .where('action', '=', 'no_show')
      .where('appointment_id', 'in', ids)
      .execute();
    assert.equal(history.length, ids.length);
  });

  test('the sweeper runs on its interval and stops cleanly', async () => {
    ctx.clock.set(MORNING);
    const id = await appointment(terminalId, 9);
    ctx.clock.set('2026-11-25T02:31:00Z');
    const errors: unknown[] = [];
    const stop = startNoShowSweeper(ctx.deps, { intervalMs: 10, onError: (error) => errors.push(error) });
    for (let i = 0; i < 200 && (await statusOf(id)) !== 'no_show'; i++) await sleep(10);
    await stop();
    assert.equal(await statusOf(id), 'no_show');
    assert.deepEqual(errors, []);
  });
});
