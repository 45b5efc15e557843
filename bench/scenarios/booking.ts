import type { BenchContext } from '../lib/context.ts';
import { seedFleet, seedSlots, seedTenants, seedTerminal } from '../lib/fixtures.ts';
import { stormClient, type Response } from '../lib/load.ts';
import { addCpu, cpuDuring, memoryOf, noCpu, type CpuSplit } from '../lib/procs.ts';
import { ratioOf, type ScenarioReport } from '../lib/report.ts';
import { log, percentile, round, withTimeout } from '../lib/util.ts';

const CLIENTS = 200;
const CAPACITY = 50;
const ENTERPRISES = 20;
/** Statuses that hold a place of the slot. */
const HOLDING = ['submitted', 'booked', 'entered', 'empty_confirmed', 'exited', 'no_show'];

interface StormTotals {
  booked: number;
  refused: number;
  other: Record<string, number>;
  seconds: number;
  latencies: number[];
  /** CPU seconds spent while this side's storms ran, by process. */
  cpu: CpuSplit;
  /** The first unexpected answer's body, for the report. */
  sample?: string;
}

const emptyTotals = (): StormTotals => ({ booked: 0, refused: 0, other: {}, seconds: 0, latencies: [], cpu: noCpu() });

function add(totals: StormTotals, responses: Response[], seconds: number, cpu: CpuSplit): void {
  totals.seconds += seconds;
  addCpu(totals.cpu, cpu);
  for (const r of responses) {
    totals.latencies.push(r.ms);
    if (r.status === 200) totals.booked++;
    else if (r.status === 409 && r.body.includes('SLOT_FULL')) totals.refused++;
    else {
      totals.other[r.status] = (totals.other[r.status] ?? 0) + 1;
      totals.sample ??= r.body.slice(0, 200);
    }
  }
}

const cpuNote = (cpu: Record<string, number>, server: 'ours' | 'baseline') => `server ${cpu[server]}, PostgreSQL ${cpu.postgres}, load generator ${cpu.bench}`;

/**
 * 2. Booking storm: for each of many slots, 200 clients (200 connections) submit 200 drafts at
 * once for its 50 places. Ours: POST /appointments/{id}/submit (the conditional UPDATE). Two
 * baselines, each on its own copies of the slots and drafts:
 * - the pessimistic twin: the same work as ours (session, rules, vehicle lock, number, history,
 *   audit, notices, detail) with the slot locked by SELECT … FOR UPDATE first — the target's
 *   "same storm done with SELECT … FOR UPDATE";
 * - the bare floor: SELECT … FOR UPDATE on the slot, then UPDATE, and nothing else.
 * Storms alternate ours / twin / bare slot by slot; the first slot of each is a warm-up.
 */
export async function bookingScenario(ctx: BenchContext): Promise<ScenarioReport> {
  const storms = ctx.quick ? 3 : 20;
  log(`booking: seeding ${storms + 1} slots × ${CLIENTS} drafts for ${CAPACITY} places each`);
  const tenants = await seedTenants(ctx.pool, 's', ENTERPRISES);
  const fleet = await seedFleet(ctx.pool, 's', 'S', Array.from({ length: CLIENTS }, (_, k) => (k % ENTERPRISES) + 1));
  const terminal = await seedTerminal(ctx.pool, 'BENCH-STORM', { capacity: CAPACITY, minLeadMinutes: 60, horizonDays: 3 });
  // Whole hours from two hours ahead: past the 60-minute lead time, inside the 3-day horizon.
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const starts = Array.from({ length: storms + 1 }, (_, k) => new Date(hour + (2 + k) * 3_600_000));
  const slotIds = await seedSlots(ctx.pool, terminal.id, starts, CAPACITY);
  // 200 drafts per slot: vehicle k of its enterprise; the slots never overlap, so one vehicle may
  // hold a draft in each.
  await ctx.pool.query(
    `insert into appointments (terminal_id, enterprise_id, slot_id, vehicle_id, plate, driver_name, driver_id_no, driver_phone, flag, declaration_type,
                               status, business_no, created_by, created_at, updated_at)
     select $1, v.enterprise_id, s.id, v.id, v.plate, v.driver_name, v.driver_id_no, v.driver_phone, 'pickup', 'ordinary',
            'draft', 'T19990102' || lpad((s.k * 1000 + v.n)::text, 16, '0'), f.created_by, now(), now()
       from unnest($2::uuid[]) with ordinality as s(id, k)
      cross join (select v.*, row_number() over (order by v.plate) n from vehicles v where v.plate like '京S%') v
       join vehicle_filings f on f.id = v.filing_id`,
    [terminal.id, slotIds],
  );
  // The baseline's copies: same columns, checks and indexes, same rows.
  await ctx.pool.query('create table bench_slots (like slots including all)');
  await ctx.pool.query('create table bench_appointments (like appointments including all)');
  await ctx.pool.query('insert into bench_slots select * from slots where terminal_id = $1', [terminal.id]);
  await ctx.pool.query('insert into bench_appointments select * from appointments where terminal_id = $1', [terminal.id]);
  await ctx.pool.query('create table twin_slots (like slots including all)');
  await ctx.pool.query('create table twin_appointments (like appointments including all)');
  await ctx.pool.query('insert into twin_slots select * from slots where terminal_id = $1', [terminal.id]);
  await ctx.pool.query('insert into twin_appointments select * from appointments where terminal_id = $1', [terminal.id]);
  await ctx.pool.query('analyze');

  const tokenOf = new Map(tenants.map((t) => [t.enterpriseId, t.token]));
  const drafts = await ctx.pool.query<{ id: string; slot_id: string; enterprise_id: string }>('select id, slot_id, enterprise_id from appointments where terminal_id = $1', [terminal.id]);
  const bySlot = new Map<string, { id: string; token: string }[]>();
  for (const d of drafts.rows) {
    const list = bySlot.get(d.slot_id) ?? [];
    list.push({ id: d.id, token: tokenOf.get(d.enterprise_id)! });
    bySlot.set(d.slot_id, list);
  }
  void fleet;

  const oursClient = stormClient(ctx.ours.url, CLIENTS);
  const baselineClient = stormClient(ctx.baseline.url, CLIENTS);
  const twinClient = stormClient(ctx.baseline.url, CLIENTS);
  const ours = emptyTotals();
  const baseline = emptyTotals();
  const twin = emptyTotals();
  const storm = async (fire: (d: { id: string; token: string }) => Promise<Response>, slotId: string) => {
    const contenders = bySlot.get(slotId)!;
    const started = performance.now();
    const { result: responses, cpu } = await cpuDuring({ ours: ctx.ours.pid, baseline: ctx.baseline.pid }, () => withTimeout(Promise.all(contenders.map(fire)), 60_000, 'booking storm'));
    return { responses, cpu, seconds: (performance.now() - started) / 1000 };
  };
  const fireOurs = (d: { id: string; token: string }) => oursClient.request('POST', `/api/v1/appointments/${d.id}/submit`, { authorization: `Bearer ${d.token}` });
  const fireBaseline = (d: { id: string; token: string }) => baselineClient.request('POST', `/storm/appointments/${d.id}/submit`);
  const fireTwin = (d: { id: string; token: string }) => twinClient.request('POST', `/twin/appointments/${d.id}/submit`, { authorization: `Bearer ${d.token}` });
  try {
    for (let k = 0; k < slotIds.length; k++) {
      const a = await storm(fireOurs, slotIds[k]);
      const t = await storm(fireTwin, slotIds[k]);
      const b = await storm(fireBaseline, slotIds[k]);
      if (k === 0) continue; // warm-up: opens the 200 connections, warms the JIT
      add(ours, a.responses, a.seconds, a.cpu);
      add(twin, t.responses, t.seconds, t.cpu);
      add(baseline, b.responses, b.seconds, b.cpu);
    }
  } finally {
    oursClient.close();
    twinClient.close();
    baselineClient.close();
  }
  log(`booking: ${storms} storms each side done`);

  // Exactness, from the database: every slot full to the place, never over, counters = rows.
  const audit = async (slots: string, appointments: string) =>
    (
      await ctx.pool.query<{ id: string; capacity: number; counter: number; held: number }>(
        `select s.id, s.capacity_pickup capacity, s.booked_pickup counter,
                (select count(*)::int from ${appointments} a where a.slot_id = s.id and a.flag = 'pickup' and a.status = any($2)) held
           from ${slots} s where s.terminal_id = $1`,
        [terminal.id, HOLDING],
      )
    ).rows;
  const overbooked: Record<string, number> = {};
  let exact = true;
  for (const [side, rows] of [['ours', await audit('slots', 'appointments')], ['twin', await audit('twin_slots', 'twin_appointments')], ['baseline', await audit('bench_slots', 'bench_appointments')]] as const) {
    const over = rows.filter((r) => r.counter > r.capacity || r.held > r.capacity);
    const drift = rows.filter((r) => r.counter !== r.held);
    const short = rows.filter((r) => r.held !== CAPACITY);
    overbooked[side] = over.length;
    if (side === 'ours') exact = over.length === 0 && drift.length === 0 && short.length === 0;
    ctx.check(`booking (${side}): no slot over capacity`, over.length === 0, `${over.length} of ${rows.length} slots over capacity`);
    ctx.check(`booking (${side}): counters equal booked rows`, drift.length === 0, `${drift.length} of ${rows.length} slots with counter ≠ rows`);
    ctx.check(`booking (${side}): every place taken`, short.length === 0, `${short.length} of ${rows.length} slots not holding exactly ${CAPACITY}`);
  }
  const expectBooked = storms * CAPACITY;
  ctx.check('booking (ours): answers match the database', ours.booked === expectBooked && ours.refused === storms * (CLIENTS - CAPACITY), `${ours.booked} booked, ${ours.refused} SLOT_FULL, other ${JSON.stringify(ours.other)}`);

  const summary = (t: StormTotals) => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    return {
      bookingsPerSecond: round(t.booked / t.seconds, 0),
      attemptsPerSecond: round(t.latencies.length / t.seconds, 0),
      stormMs: round((t.seconds / storms) * 1000, 1),
      p50: round(percentile(sorted, 50), 1),
      p99: round(percentile(sorted, 99), 1),
      // CPU per storm, by process (ms): what bounds the storm when the two cores are busy.
      cpuMsPerStorm: Object.fromEntries(Object.entries(t.cpu).map(([key, value]) => [key, round((value / storms) * 1000, 0)])),
      booked: t.booked,
      refused: t.refused,
      other: t.other,
      sample: t.sample,
    };
  };
  const o = summary(ours);
  const w = summary(twin);
  const b = summary(baseline);
  const ratio = ratioOf(o.bookingsPerSecond, w.bookingsPerSecond);
  const judge = (ok: boolean) => (ctx.quick ? null : ok);
  return {
    name: 'booking',
    title: `2. Booking storm — ${CLIENTS} clients racing for ${CAPACITY} places, ${storms} slots`,
    rows: [
      { metric: 'bookings/s vs the FOR UPDATE twin', ours: o.bookingsPerSecond, baseline: w.bookingsPerSecond, ratio, target: '≥ 3× baseline', met: judge((ratio ?? 0) >= 3) },
      { metric: 'submits answered/s vs the twin', ours: o.attemptsPerSecond, baseline: w.attemptsPerSecond, ratio: ratioOf(o.attemptsPerSecond, w.attemptsPerSecond) },
      { metric: 'one storm, 200 answers (ms) vs the twin', ours: o.stormMs, baseline: w.stormMs },
      { metric: 'submit p99 (ms) vs the twin', ours: o.p99, baseline: w.p99 },
      { metric: 'bookings/s vs the bare FOR UPDATE floor', ours: o.bookingsPerSecond, baseline: b.bookingsPerSecond, ratio: ratioOf(o.bookingsPerSecond, b.bookingsPerSecond) },
      { metric: 'overbooked slots (from the database)', ours: overbooked.ours, baseline: overbooked.twin + overbooked.baseline, target: '0, exact', met: exact },
    ],
    notes: [
      `ours: ${o.booked} booked + ${o.refused} SLOT_FULL${Object.keys(o.other).length ? `, other ${JSON.stringify(o.other)} (${o.sample})` : ''}; twin: ${w.booked} booked + ${w.refused} SLOT_FULL${Object.keys(w.other).length ? `, other ${JSON.stringify(w.other)} (${w.sample})` : ''}; bare floor: ${b.booked} booked + ${b.refused} SLOT_FULL`,
      'twin = the same work as ours (session, rules, vehicle lock, number, history, audit, notices, detail) with the slot held by SELECT … FOR UPDATE from the start to COMMIT; bare floor = lock, check, UPDATE, nothing else',
      `CPU per storm (ms) — ours: ${cpuNote(o.cpuMsPerStorm, 'ours')}; twin: ${cpuNote(w.cpuMsPerStorm, 'baseline')}; bare floor: ${cpuNote(b.cpuMsPerStorm, 'baseline')}`,
      'exactness checked from the database after the storms: counter = holding rows = capacity for every slot, on all three sides',
    ],
    details: { overbooked, exact, storms, clients: CLIENTS, capacity: CAPACITY, ours: o, twin: w, baseline: b, ratio, ratioToFloor: ratioOf(o.bookingsPerSecond, b.bookingsPerSecond), rssAfter: memoryOf(ctx.ours.pid) },
  };
}
