// Crash safety on real PostgreSQL, with the server as a child process:
// 1. a booking storm and gate reads, `kill -9` mid-storm, restart: nothing a client was told is
//    lost, nothing is doubled, no slot is over capacity, no gate event is lost or duplicated;
//    the clients' retries after the restart settle every unanswered request exactly once.
// 2. the database goes away (a TCP proxy between server and PostgreSQL is cut): 503 problems
//    meanwhile, /health degraded, the process lives; restored, it recovers alone, live events too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { fleetVehicle, validAwb } from '../testing/scheduling-factories.ts';
import { call, expectOk, progress, freshDatabase, pool, postgresOnly, readEvents, startProxy, startServer, type Answer, type Proxy, type ServerProcess } from './harness.ts';
import { buildScenario, checkInvariants, outcomeOf, type Scenario, type SubmitOutcome } from './scenario.ts';

const servers: ServerProcess[] = [];
let database: Awaited<ReturnType<typeof freshDatabase>> | null = null;
let proxy: Proxy | null = null;
/** Figures for docs/reliability.md, printed as test diagnostics. */
const tally: string[] = [];

after(async () => {
  for (const server of servers) await server.crash();
  await proxy?.close();
  await database?.drop();
});

describe('crash safety (PostgreSQL, server as a child process)', { skip: postgresOnly, timeout: 180_000 }, () => {
  let scenario: Scenario;
  const submits = new Map<string, SubmitOutcome>();
  const reads = new Map<string, { eventId: number; code: string }>();
  const unansweredReads: { readId: string; plate: string; readAt: string }[] = [];

  before(async () => {
    database = await freshDatabase();
    progress(`database ${database.url}`);
    const first = await startServer(database.url);
    servers.push(first);
    progress(`server at ${first.url}`);
    // 4 enterprises × 20 trucks for 2 slots of 25 places: 80 drafts race for 50 places.
    scenario = await buildScenario(first.url, database.handle.db, { enterprises: 4, vehiclesEach: 20, slots: 2, capacity: 25 });
  });

  test('kill -9 in the middle of a booking storm and gate reads: after the restart every answer given holds', async () => {
    const server = servers[0];
    let crashed = false;
    let crashing: Promise<void> | null = null;
    let readSerial = 0;
    const plates = scenario.drafts.map((d) => d.plate);

    // Three lanes' worth of plate reads, for the storm's whole length.
    const gateReads = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (!crashed) {
          const read = { plate: plates[readSerial % plates.length], readId: `crash-${++readSerial}`, readAt: new Date().toISOString() };
          const answer = await call(server.url, 'POST', '/gate/decisions', { token: scenario.deviceToken, body: read });
          if (answer.status === 200) reads.set(read.readId, { eventId: answer.body.eventId, code: answer.body.code });
          else unansweredReads.push(read);
        }
      }),
    );
    while (reads.size < 20) await sleep(10);
    const submitAll = pool(scenario.drafts, 12, async (draft) => {
      if (crashed) return;
      const answer = await call(server.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token });
      submits.set(draft.id, outcomeOf(answer));
      // Pull the plug once a good part of the storm has been answered, with requests still in flight.
      if (!crashing && [...submits.values()].filter((o) => o.kind !== 'unknown').length >= 30) {
        crashed = true;
        crashing = server.crash();
      }
    });
    progress('storm running');
    await Promise.all([submitAll, gateReads]);
    await crashing;
    progress(`crashed after ${submits.size} submits, ${reads.size} reads`);
    assert.ok(crashed, 'the server was killed mid-storm');
    assert.equal(server.alive(), false);
    const inFlight = [...submits.values()].filter((o) => o.kind === 'unknown').length;
    const untouched = scenario.drafts.filter((d) => !submits.has(d.id)).length;

    const restarted = await startServer(database!.url);
    servers.push(restarted);
    progress('restarted');
    const atRestart = await checkInvariants(database!.handle.db, scenario, { submits, reads });
    assert.ok(atRestart.booked > 0 && atRestart.reads > 0, JSON.stringify(atRestart));

    // The clients retry what they got no answer for, and the rest of the storm goes on.
    const retry = scenario.drafts.filter((d) => !submits.has(d.id) || submits.get(d.id)!.kind === 'unknown');
    await pool(retry, 12, async (draft) => {
      const answer = await call(restarted.url, 'POST', `/appointments/${draft.id}/submit`, { token: draft.token });
      let outcome = outcomeOf(answer);
      if (outcome.kind === 'refused' && outcome.code === 'APPOINTMENT_NOT_SUBMITTABLE') {
        // It was booked before the crash: the detail page tells the client its number.
        const detail = await call(restarted.url, 'GET', `/appointments/${draft.id}`, { token: draft.token });
        if (detail.body?.appointmentNo) outcome = { kind: 'booked', appointmentNo: detail.body.appointmentNo };
      }
      submits.set(draft.id, outcome);
    });
    for (const read of unansweredReads) {
      const answer = await expectOk(call(restarted.url, 'POST', '/gate/decisions', { token: scenario.deviceToken, body: read }), 200, 'retried read');
      reads.set(read.readId, { eventId: answer.eventId, code: answer.code });
    }
    // A device that retries a read it already had answered gets the same event, not a second one.
    const [someRead, first] = [...reads.entries()][0];
    const again = await expectOk(call(restarted.url, 'POST', '/gate/decisions', { token: scenario.deviceToken, body: { plate: 'X', readId: someRead, readAt: new Date().toISOString() } }), 200, 'repeated read');
    assert.equal(again.eventId, first.eventId);

    const final = await checkInvariants(database!.handle.db, scenario, { submits, reads });
    assert.equal(final.unknown, 0, 'every request is settled');
    const places = scenario.slots.reduce((sum, s) => sum + s.capacity, 0);
    assert.equal(final.booked, Math.min(places, scenario.drafts.length), 'every place is taken exactly once');
    assert.equal(final.refused, scenario.drafts.length - final.booked);
    tally.push(`crash: ${scenario.drafts.length} submits, ${atRestart.booked} booked before kill -9 (${inFlight} in flight, ${untouched} not yet sent), ${final.booked} booked / ${final.refused} SLOT_FULL after retries; ${final.reads} gate reads (${unansweredReads.length} retried), ${final.lifts} lifts; lost 0, doubled 0`);
  });

  test('the database goes away under load: 503 problems meanwhile, /health degraded, then it recovers alone', async () => {
    await servers.at(-1)!.stop();
    const admin = new URL(database!.url);
    proxy = await startProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    const viaProxy = new URL(database!.url);
    viaProxy.port = String(proxy.port);
    const server = await startServer(viaProxy.toString());
    servers.push(server);
    const e = scenario.enterprises[0];
    const live = await readEvents(server.url, e.token);

    type Sample = { at: number; done: number; what: string; answer: Answer; readId?: string };
    const samples: Sample[] = [];
    let stop = false;
    let serial = 0;
    const load = Array.from({ length: 4 }, (_, worker) =>
      (async () => {
        while (!stop) {
          const at = Date.now();
          const readId = `outage-${++serial}`;
          const answer =
            worker % 2 === 0
              ? await call(server.url, 'GET', '/me', { token: e.token, timeoutMs: 10_000 })
              : await call(server.url, 'POST', '/gate/decisions', { token: scenario.deviceToken, body: { plate: '京Z00000', readId, readAt: new Date().toISOString() }, timeoutMs: 10_000 });
          samples.push({ at, done: Date.now(), what: worker % 2 === 0 ? 'GET /me' : 'POST /gate/decisions', answer, ...(worker % 2 === 0 ? {} : { readId }) });
          await sleep(20);
        }
      })(),
    );

    await sleep(1000);
    const cutAt = Date.now();
    await proxy.cut();
    await sleep(300);
    const health = await fetch(`${server.url}/health`).then(async (r) => ({ status: r.status, body: await r.json() }));
    assert.equal(health.status, 503);
    assert.equal(health.body.status, 'degraded');
    assert.equal(health.body.database.up, false);
    await sleep(3000);
    const restoreAt = Date.now();
    await proxy.restore();
    let recoveredAt = 0;
    for (let i = 0; i < 200 && !recoveredAt; i++) {
      const res = await fetch(`${server.url}/health`).catch(() => null);
      if (res?.status === 200 && (await res.json()).status === 'ok') recoveredAt = Date.now();
      else await sleep(50);
    }
    assert.ok(recoveredAt, '/health is ok again within 10 s of the database returning');
    await sleep(1000);
    stop = true;
    await Promise.all(load);
    assert.ok(server.alive(), `the server lived through the outage:\n${server.output()}`);

    const during = samples.filter((s) => s.at >= cutAt + 200 && s.done <= restoreAt);
    assert.ok(during.length >= 20, `${during.length} requests during the outage`);
    for (const s of during) {
      assert.equal(s.answer.status, 503, `${s.what} during the outage: ${s.answer.status} ${JSON.stringify(s.answer.body)} ${s.answer.error ?? ''}`);
      assert.match(s.answer.contentType, /^application\/problem\+json/);
      assert.equal(s.answer.body.code, 'DATABASE_UNAVAILABLE');
      assert.ok(Number(s.answer.retryAfter) > 0, 'Retry-After tells the client when to try again');
      assert.ok(s.done - s.at < 6000, `answered in ${s.done - s.at} ms`);
    }
    assert.ok(samples.every((s) => s.answer.status !== 0 && s.answer.status !== 500), `no request went unanswered or 500: ${JSON.stringify(samples.filter((s) => s.answer.status === 0 || s.answer.status === 500).slice(0, 3))}`);
    const afterwards = samples.filter((s) => s.at >= recoveredAt + 200);
    assert.ok(afterwards.length > 0 && afterwards.every((s) => s.answer.status === 200), `after recovery: ${afterwards.map((s) => s.answer.status).join(',')}`);

    // Every read answered 200 is recorded once. A read answered 503 may still have committed (the
    // commit's acknowledgement can be what the cut lost): the device retries it with the same
    // readId, and gets the one recorded answer, never a second event.
    const readSamples = samples.filter((s) => s.what.startsWith('POST'));
    const stored = await database!.handle.db.selectFrom('gate_events').select(['id', 'read_id']).where('device_id', '=', scenario.deviceId).where('read_id', 'like', 'outage-%').execute();
    const storedIds = new Map(stored.map((e) => [e.read_id!, e.id]));
    for (const s of readSamples.filter((r) => r.answer.status === 200)) assert.equal(storedIds.get(s.readId!), s.answer.body.eventId, `read ${s.readId} answered 200 is recorded`);
    const refusedReads = readSamples.filter((s) => s.answer.status === 503);
    const ambiguous = refusedReads.filter((s) => storedIds.has(s.readId!)).length;
    for (const s of refusedReads) {
      const retried = await expectOk(call(server.url, 'POST', '/gate/decisions', { token: scenario.deviceToken, body: { plate: '京Z00000', readId: s.readId, readAt: new Date().toISOString() } }), 200, 'retried read');
      if (storedIds.has(s.readId!)) assert.equal(retried.eventId, storedIds.get(s.readId!), 'a retry answers the recorded event');
    }
    const afterRetries = await database!.handle.db.selectFrom('gate_events').select(['read_id']).where('device_id', '=', scenario.deviceId).where('read_id', 'like', 'outage-%').execute();
    assert.equal(afterRetries.length, new Set(readSamples.map((s) => s.readId)).size, 'one event per read, after the retries');
    assert.equal(new Set(afterRetries.map((e) => e.read_id)).size, afterRetries.length);

    // Live events flow again on the stream opened before the outage (the LISTEN connection came back).
    const vehicle = await fleetVehicle(database!.handle.db, e);
    const body = { terminalId: scenario.terminalId, slotId: scenario.slots[1].id, flag: 'pickup', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(4242), pieces: 1, weightKg: 1 }] };
    const draft = await expectOk(call(server.url, 'POST', '/appointments', { token: e.token, body }), 201, 'draft after recovery');
    const booked = await call(server.url, 'POST', `/appointments/${draft.id}/submit`, { token: e.token });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));
    const event = await live.waitFor((ev) => JSON.stringify(ev.data).includes(draft.id) || ev.type.startsWith('notification'), 10_000);
    live.close();
    assert.ok(event, `a live event after the outage; got ${live.events.map((ev) => ev.type).join(', ')}`);
    tally.push(`outage: database cut for ${((restoreAt - cutAt) / 1000).toFixed(1)} s under load; ${during.length} requests meanwhile all 503 DATABASE_UNAVAILABLE (${refusedReads.length} gate reads refused, ${ambiguous} of them committed before the cut and settled by the device's retry); healthy ${recoveredAt - restoreAt} ms after the database returned; live events resumed`);
  });

  test('tally', (t) => {
    for (const line of tally) t.diagnostic(line);
  });
});

