// Two server processes on one PostgreSQL database, the same clients talking to both:
// bookings stay exact (capacity, numbers, one winner when both get the same submit), the no-show
// sweep — running on both every 200 ms — marks each appointment once, and live events published
// through one instance reach users connected to the other (and no one else).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { sql } from 'kysely';

import { standaloneRegistration } from '../testing/factories.ts';
import { call, expectOk, freshDatabase, pool, postgresOnly, progress, readEvents, startServer, type ServerProcess } from './harness.ts';
import { buildScenario, checkInvariants, outcomeOf, type Scenario, type SubmitOutcome } from './scenario.ts';

let database: Awaited<ReturnType<typeof freshDatabase>> | null = null;
const servers: ServerProcess[] = [];
const tally: string[] = [];

after(async () => {
  for (const server of servers) await server.crash();
  await database?.drop();
});

describe('two instances on one PostgreSQL', { skip: postgresOnly, timeout: 180_000 }, () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let scenario: Scenario;
  const submits = new Map<string, SubmitOutcome>();

  before(async () => {
    database = await freshDatabase();
    // Both sweep for no-shows five times a second: their sweeps overlap all the time.
    [a, b] = await Promise.all([startServer(database.url, { NO_SHOW_SWEEP_SECONDS: '0.2' }), startServer(database.url, { NO_SHOW_SWEEP_SECONDS: '0.2' })]);
    servers.push(a, b);
    progress(`instances at ${a.url} and ${b.url}`);
    // 3 enterprises × 20 trucks for 2 slots of 15 places: 60 drafts race for 30 places.
    scenario = await buildScenario(a.url, database.handle.db, { enterprises: 3, vehiclesEach: 20, slots: 2, capacity: 15 });
  });

  test('bookings through both instances stay exact; the same submit sent to both books once', async () => {
    // Half the drafts go to A, half to B; every fourth is sent to both at the same moment.
    let doubleSent = 0;
    let bothWon = 0;
    await pool(scenario.drafts, 16, async (draft, i) => {
      if (i % 4 === 0) {
        doubleSent += 1;
        const [viaA, viaB] = await Promise.all([call(a.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token }), call(b.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token })]);
        const outcomes = [outcomeOf(viaA), outcomeOf(viaB)];
        const wins = outcomes.filter((o) => o.kind === 'booked');
        if (wins.length === 2) bothWon += 1;
        const other = outcomes.find((o) => o.kind === 'refused' && o.code !== 'APPOINTMENT_NOT_SUBMITTABLE');
        submits.set(draft.id, wins[0] ?? other ?? outcomes[0]);
        for (const o of outcomes) assert.notEqual(o.kind, 'unknown', JSON.stringify(o));
      } else {
        const server = i % 2 === 0 ? a : b;
        const outcome = outcomeOf(await call(server.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token }));
        assert.notEqual(outcome.kind, 'unknown', JSON.stringify(outcome));
        submits.set(draft.id, outcome);
      }
    });
    assert.equal(bothWon, 0, 'one submit sent to both instances was booked twice');
    const result = await checkInvariants(database!.handle.db, scenario, { submits, reads: new Map() });
    const places = scenario.slots.reduce((sum, s) => sum + s.capacity, 0);
    assert.equal(result.booked, places, 'every place taken once');
    assert.equal(result.refused, scenario.drafts.length - places);
    const codes = [...submits.values()].filter((o) => o.kind === 'refused').map((o) => (o as { code: string }).code);
    assert.ok(codes.every((c) => c === 'SLOT_FULL'), `refusals: ${[...new Set(codes)]}`);
    tally.push(`two instances: ${scenario.drafts.length} drafts (${doubleSent} sent to both at once) for ${places} places: ${result.booked} booked, ${result.refused} SLOT_FULL, 0 doubled`);
  });

  test('the no-show sweep, running on both instances, marks each appointment exactly once', async () => {
    const booked = await database!.handle.db.selectFrom('appointments').select(['id', 'enterprise_id']).where('terminal_id', '=', scenario.terminalId).where('status', '=', 'booked').execute();
    assert.ok(booked.length >= 20);
    // Their slots are over (as far as the sweep can tell): both sweepers find them at once.
    const past = new Date(Date.now() - 12 * 3600_000);
    await database!.handle.db.updateTable('appointments').set({ window_start: new Date(past.getTime() - 3600_000), window_end: past }).where('id', 'in', booked.map((r) => r.id)).execute();
    const ids = booked.map((r) => r.id);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const left = await database!.handle.db.selectFrom('appointments').select('id').where('id', 'in', ids).where('status', '=', 'booked').execute();
      if (left.length === 0) break;
      assert.ok(Date.now() < deadline, `${left.length} still booked after 15 s`);
      await sleep(100);
    }
    await sleep(1000); // more sweeps on both: they must find nothing more to do
    const { rows: history } = await sql<{ id: string; n: number }>`select appointment_id as id, count(*)::int as n from appointment_history where appointment_id = any(${ids}::uuid[]) and action = 'no_show' group by 1`.execute(database!.handle.db);
    assert.equal(history.length, ids.length, 'every appointment has its no_show history row');
    assert.ok(history.every((h) => h.n === 1), `doubled no_show history: ${JSON.stringify(history.filter((h) => h.n !== 1))}`);
    const { rows: audit } = await sql<{ id: string; n: number }>`select entity_id as id, count(*)::int as n from audit_log where action = 'appointment.no_show' and entity_id = any(${ids}::text[]) group by 1`.execute(database!.handle.db);
    assert.equal(audit.length, ids.length);
    assert.ok(audit.every((r) => r.n === 1), 'one audit row per no-show');
    const { rows: notices } = await sql<{ id: string; n: number }>`select data->>'appointmentId' as id, count(*)::int as n from notifications where kind = 'appointment.no_show' and data->>'appointmentId' = any(${ids}::text[]) group by 1`.execute(database!.handle.db);
    assert.equal(notices.length, ids.length);
    assert.ok(notices.every((r) => r.n === 1), 'one notice per no-show (each enterprise has one user)');
    const slots = await database!.handle.db.selectFrom('slots').select(['booked_delivery']).where('terminal_id', '=', scenario.terminalId).execute();
    assert.equal(slots.reduce((sum, s) => sum + s.booked_delivery, 0), scenario.slots.reduce((sum, s) => sum + s.capacity, 0), 'a no-show keeps its place; no counter moved');
    tally.push(`no-show sweep: ${ids.length} appointments swept by two instances sweeping every 200 ms; ${ids.length} no_show rows, 0 doubled`);
  });

  test('a change made through one instance reaches users connected to the other, and only them', async () => {
    for (const [from, to, label] of [[a, b, 'A→B'], [b, a, 'B→A']] as const) {
      // A draft refused for want of a place; the platform adds a place, its owner books it on one instance.
      const draft = scenario.drafts.find((d) => submits.get(d.id)?.kind === 'refused');
      assert.ok(draft, 'a refused draft is left');
      const ownerEnterprise = scenario.enterprises.find((e) => e.enterpriseId === draft.enterpriseId)!;
      const otherEnterprise = scenario.enterprises.find((e) => e.enterpriseId !== draft.enterpriseId)!;
      const owner = await readEvents(to.url, ownerEnterprise.token);
      const stranger = await readEvents(to.url, otherEnterprise.token);
      try {
        await database!.handle.db.updateTable('slots').set((eb) => ({ capacity_delivery: eb('capacity_delivery', '+', 1) })).where('id', '=', draft.slotId).execute();
        const answer = await expectOk(call(from.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token }), 200, `submit via ${label}`);
        submits.set(draft.id, { kind: 'booked', appointmentNo: answer.appointmentNo });
        const mentions = (e: { data: unknown }) => JSON.stringify(e.data).includes(answer.appointmentNo) || JSON.stringify(e.data).includes(draft.id);
        const seen = await owner.waitFor(mentions, 10_000);
        assert.ok(seen, `${label}: the owner's stream on the other instance got the booking; got ${owner.events.map((e) => e.type).join(', ')}`);
        await sleep(300);
        assert.deepEqual(stranger.events.filter(mentions), [], `${label}: another enterprise saw the booking`);
        tally.push(`live events ${label}: the booking reached its owner's stream on the other instance (${owner.events.filter(mentions).length} events: ${[...new Set(owner.events.filter(mentions).map((e) => e.type))].join(', ')}), none reached another enterprise`);
      } finally {
        owner.close();
        stranger.close();
      }
    }
  });

  test('the per-account lock holds across instances: five wrong passwords, alternating A and B, lock it on both', async () => {
    const body = standaloneRegistration();
    await expectOk(call(a.url, 'POST', '/auth/register', { body }), 201, 'register');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await call(i % 2 === 0 ? a.url : b.url, 'POST', '/auth/login', { body: { username: body.admin.username, password: `Wrong-${i}-pass` } });
      codes.push(answer.body.code);
    }
    assert.deepEqual(codes, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
    for (const server of [a, b]) {
      const right = await call(server.url, 'POST', '/auth/login', { body: { username: body.admin.username, password: body.admin.password } });
      assert.equal(right.status, 423, 'locked on both instances, even for the right password');
    }
    tally.push('account lock: 5 wrong passwords spread over two instances lock the account on both');
  });

  test('tally', (t) => {
    for (const line of tally) t.diagnostic(line);
  });
});
