// A terminal with a gate device, enterprises with fleets and appointment drafts, made through a
// running server's HTTP API (vehicles straight into the tables: filing review is not under test),
// and the database-side checks every reliability test ends with.
import assert from 'node:assert/strict';

import { sql } from 'kysely';

import { standaloneRegistration } from '../testing/factories.ts';
import { fleetVehicle, validAwb } from '../testing/scheduling-factories.ts';
import type { Db } from '../platform/db.ts';
import { ADMIN_PASSWORD, call, expectOk, progress } from './harness.ts';

let awbSerial = 3_000_000 + (process.pid % 1000) * 1000;

export interface Draft {
  id: string;
  token: string;
  enterpriseId: string;
  vehicleId: string;
  plate: string;
  slotId: string;
}

export interface Scenario {
  platformToken: string;
  terminalId: string;
  gateId: string;
  deviceId: string;
  deviceToken: string;
  slots: { id: string; start: string; capacity: number }[];
  enterprises: { token: string; enterpriseId: string; userId: string }[];
  drafts: Draft[];
}

export async function buildScenario(base: string, db: Db, options: { enterprises: number; vehiclesEach: number; slots: number; capacity: number }): Promise<Scenario> {
  const login = await expectOk(call(base, 'POST', '/auth/login', { body: { username: 'platform', password: ADMIN_PASSWORD } }), 200, 'platform login');
  const platformToken = login.token as string;
  const terminal = await expectOk(
    call(base, 'POST', '/admin/terminals', {
      token: platformToken,
      // Lead time 0 and the widest tolerance: the next slots are bookable now, and the in-gate lifts now.
      body: { code: `REL${process.pid % 10000}${Date.now() % 100000}`, name: '可靠性测试货站', timeZone: 'Asia/Shanghai', slotMinutes: 60, capacity: { pickup: 50, delivery: options.capacity }, horizonDays: 2, minLeadMinutes: 0, toleranceMinutes: 240 },
    }),
    201,
    'terminal',
  );
  const gate = await expectOk(call(base, 'POST', `/admin/terminals/${terminal.id}/gates`, { token: platformToken, body: { code: 'IN1', name: '入区1道', direction: 'in' } }), 201, 'gate');
  const device = await expectOk(call(base, 'POST', `/admin/gates/${gate.id}/devices`, { token: platformToken, body: { name: '入区识别' } }), 201, 'device');

  const calendar = await expectOk(call(base, 'GET', `/terminals/${terminal.id}/calendar?days=2`, { token: platformToken }), 200, 'calendar');
  const soon = Date.now() + 20 * 60_000;
  const slots = (calendar.days as { slots: { id: string; start: string; capacity: { delivery: number } }[] }[])
    .flatMap((d) => d.slots)
    .filter((s) => new Date(s.start).getTime() >= soon)
    .slice(0, options.slots)
    .map((s) => ({ id: s.id, start: s.start, capacity: s.capacity.delivery }));
  assert.equal(slots.length, options.slots, 'enough bookable slots');

  const enterprises: Scenario['enterprises'] = [];
  for (let i = 0; i < options.enterprises; i++) {
    const body = standaloneRegistration();
    const created = await expectOk(call(base, 'POST', '/auth/register', { body }), 201, 'register');
    const session = await expectOk(call(base, 'POST', '/auth/login', { body: { username: body.admin.username, password: body.admin.password } }), 200, 'login');
    enterprises.push({ token: session.token, enterpriseId: created.enterprise.id, userId: created.user.id });
  }

  progress(`scenario: ${enterprises.length} enterprises`);
  const drafts: Draft[] = [];
  let n = 0;
  for (const e of enterprises) {
    for (let v = 0; v < options.vehiclesEach; v++) {
      const vehicle = await fleetVehicle(db, e);
      const slot = slots[n++ % slots.length];
      const draft = await expectOk(
        call(base, 'POST', '/appointments', {
          token: e.token,
          body: { terminalId: terminal.id, slotId: slot.id, flag: 'delivery', declarationType: 'ordinary', vehicleId: vehicle.id, awbs: [{ awb: validAwb(++awbSerial), pieces: 2, weightKg: 80 }] },
        }),
        201,
        'draft',
      );
      drafts.push({ id: draft.id, token: e.token, enterpriseId: e.enterpriseId, vehicleId: vehicle.id, plate: vehicle.plate, slotId: slot.id });
    }
  }
  progress(`scenario: ${drafts.length} drafts`);
  return { platformToken, terminalId: terminal.id, gateId: gate.id, deviceId: device.id, deviceToken: device.token, slots, enterprises, drafts };
}

/** What a client saw of one submit: booked (with its number), refused (with a code), or no answer. */
export type SubmitOutcome = { kind: 'booked'; appointmentNo: string } | { kind: 'refused'; code: string } | { kind: 'unknown'; detail: string };

export function outcomeOf(answer: { status: number; body: any; error?: string }): SubmitOutcome {
  if (answer.status === 200 && answer.body?.appointmentNo) return { kind: 'booked', appointmentNo: answer.body.appointmentNo };
  if (answer.status >= 400 && answer.status < 500 && answer.body?.code) return { kind: 'refused', code: answer.body.code };
  return { kind: 'unknown', detail: `${answer.status} ${answer.error ?? JSON.stringify(answer.body)?.slice(0, 200)}` };
}

/** The statuses that hold a place of the slot (cancelled and rejected give it back; a draft never took one). */
const HOLDING = ['submitted', 'booked', 'entered', 'empty_confirmed', 'exited', 'no_show'];

/**
 * The database agrees with itself and with what the clients were told: every booking a client saw
 * is there with its number, none is doubled, every slot's counters equal its rows and stay within
 * capacity, and every gate read a device got an answer for is recorded exactly once.
 */
export async function checkInvariants(
  db: Db,
  scenario: Scenario,
  seen: { submits: Map<string, SubmitOutcome>; reads: Map<string, { eventId: number; code: string }> },
): Promise<{ booked: number; refused: number; unknown: number; reads: number; lifts: number }> {
  const ids = scenario.drafts.map((d) => d.id);
  const rows = await db.selectFrom('appointments').select(['id', 'status', 'appointment_no', 'slot_id', 'flag']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  let booked = 0;
  let refused = 0;
  let unknown = 0;
  for (const [id, outcome] of seen.submits) {
    const row = byId.get(id);
    assert.ok(row, `appointment ${id} exists`);
    if (outcome.kind === 'booked') {
      booked += 1;
      assert.ok(HOLDING.includes(row.status), `a booking the client saw (${outcome.appointmentNo}) is ${row.status}`);
      assert.equal(row.appointment_no, outcome.appointmentNo, 'the number the client was given');
    } else if (outcome.kind === 'refused') {
      refused += 1;
    } else unknown += 1;
  }
  const numbers = rows.filter((r) => r.appointment_no).map((r) => r.appointment_no);
  assert.equal(new Set(numbers).size, numbers.length, 'appointment numbers are unique');
  for (const r of rows) assert.equal(r.appointment_no !== null, HOLDING.includes(r.status), `${r.id}: ${r.status} with number ${r.appointment_no}`);

  const { rows: doubled } = await sql<{ appointment_id: string; n: number }>`
    select appointment_id, count(*)::int as n from appointment_history
     where appointment_id = any(${ids}::uuid[]) and action = 'booked' group by appointment_id having count(*) > 1`.execute(db);
  assert.deepEqual(doubled, [], 'no appointment was booked twice');
  const { rows: notices } = await sql<{ id: string; n: number }>`
    select data->>'appointmentId' as id, count(*)::int as n from notifications
     where kind = 'appointment.booked' and data->>'appointmentId' = any(${ids}::text[]) group by 1`.execute(db);
  for (const notice of notices) assert.equal(notice.n, 1, `one 预约成功 notice per booking (${notice.id})`);
  assert.equal(notices.length, rows.filter((r) => r.appointment_no).length, 'every booking has its notice');

  const { rows: slots } = await sql<{ id: string; capacity: number; counter: number; holding: number }>`
    select s.id, s.capacity_delivery as capacity, s.booked_delivery as counter,
           (select count(*)::int from appointments a where a.slot_id = s.id and a.flag = 'delivery' and a.status = any(${HOLDING}::text[])) as holding
      from slots s where s.terminal_id = ${scenario.terminalId}`.execute(db);
  for (const slot of slots) {
    assert.equal(slot.counter, slot.holding, `slot ${slot.id}: the counter equals its bookings`);
    assert.ok(slot.counter <= slot.capacity, `slot ${slot.id}: ${slot.counter} booked over capacity ${slot.capacity}`);
  }

  const events = await db.selectFrom('gate_events').select(['id', 'read_id', 'code', 'appointment_id', 'decision']).where('device_id', '=', scenario.deviceId).execute();
  const byRead = new Map<string, (typeof events)[number][]>();
  for (const e of events) byRead.set(e.read_id!, [...(byRead.get(e.read_id!) ?? []), e]);
  for (const [readId, answer] of seen.reads) {
    const stored = byRead.get(readId) ?? [];
    assert.equal(stored.length, 1, `read ${readId} answered ${answer.code} is recorded once (found ${stored.length})`);
    assert.equal(stored[0].id, answer.eventId, `read ${readId}: the event the device was told`);
    assert.equal(stored[0].code, answer.code);
  }
  const lifts = events.filter((e) => e.decision === 'lift');
  const lifted = new Set(lifts.map((e) => e.appointment_id));
  assert.equal(lifted.size, lifts.length, 'one lift per appointment');
  for (const r of rows) assert.equal(lifted.has(r.id), r.status === 'entered', `${r.id} is ${r.status}; lifted: ${lifted.has(r.id)}`);
  const { rows: gateIns } = await sql<{ n: number }>`select count(*)::int as n from appointment_history where appointment_id = any(${ids}::uuid[]) and action = 'gate_in'`.execute(db);
  assert.equal(gateIns[0].n, lifts.length, 'one gate_in history row per lift');
  return { booked, refused, unknown, reads: seen.reads.size, lifts: lifts.length };
}
