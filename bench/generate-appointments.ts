/**
 * Seeds appointments at scale for the list benchmark: `count` appointments (1,000,000 by default)
 * across `enterprises` enterprises (2,000), straight into the tables of a migrated database.
 *
 * Fast by construction: a handful of INSERT … SELECT over generate_series, run inside PostgreSQL
 * (no rows cross the wire), in chunks of 100,000 so progress shows, the way a bulk load goes: the
 * table's secondary indexes and foreign keys are set aside for the load and made again afterwards
 * from their own definitions (an index built by one sort, each key checked by one join), rather than
 * maintained and checked row by row. The first enterprise is big —
 * 30% of all rows and 500 vehicles — so its list has 5,000+ pages of 50; the rest share the remainder.
 * Slots cover the last 365 days and the next 35 (hourly); an appointment's status fits its slot:
 * past ones are exited / no_show / cancelled / draft / rejected, future ones booked / draft /
 * cancelled (so the no-show sweeper has nothing to do). created_at values are whole milliseconds
 * spread over the year, newest last.
 *
 *   node --import tsx bench/generate-appointments.ts --database-url=postgres://postgres@127.0.0.1:5432/cw_bench_x [--count=1000000] [--enterprises=2000]
 */
import { pathToFileURL } from 'node:url';

import pg from 'pg';

import { seedFleet, seedSlots, seedTenants, seedTerminal, type FleetVehicle, type Tenant } from './lib/fixtures.ts';
import { log } from './lib/util.ts';

export interface ListFixture {
  terminalId: string;
  tenants: Tenant[];
  fleet: FleetVehicle[];
  count: number;
  /** Rows of the big enterprise (tenant 1). */
  bigRows: number;
  seconds: number;
}

const FUTURE = ['booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'booked', 'draft', 'draft', 'draft', 'draft', 'cancelled', 'cancelled', 'cancelled', 'cancelled'];
const PAST = ['exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'exited', 'no_show', 'no_show', 'cancelled', 'cancelled', 'cancelled', 'draft', 'draft', 'rejected'];

export async function generateAppointments(pool: pg.Pool, options: { count: number; enterprises: number; bigVehicles?: number; days?: number }): Promise<ListFixture> {
  const started = performance.now();
  const { count, enterprises } = options;
  if (enterprises < 2) throw new Error('at least 2 enterprises');
  const bigVehicles = options.bigVehicles ?? 500;
  const perSmall = 5;
  const pastDays = options.days ?? 365;
  const futureDays = Math.max(2, Math.round(pastDays / 10));

  const tenants = await seedTenants(pool, 'l', enterprises);
  const owners = [...Array.from({ length: bigVehicles }, () => 1), ...Array.from({ length: (enterprises - 1) * perSmall }, (_, k) => 2 + Math.floor(k / perSmall))];
  const fleet = await seedFleet(pool, 'l', 'L', owners);
  const terminal = await seedTerminal(pool, 'BENCH-LIST', { capacity: 100_000 });
  const firstHour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - pastDays * 86_400_000;
  const slotCount = (pastDays + futureDays) * 24;
  const starts = Array.from({ length: slotCount }, (_, k) => new Date(firstHour + k * 3_600_000));
  const slotIds = await seedSlots(pool, terminal.id, starts, 100_000);
  log(`lists: ${tenants.length} enterprises, ${fleet.length} vehicles, ${slotIds.length} slots; inserting ${count.toLocaleString('en')} appointments`);

  const client = await pool.connect();
  try {
    await client.query(`create temp table gen_ent as
      select t.n, t.enterprise_id, t.user_id, (select count(*) from vehicles v where v.enterprise_id = t.enterprise_id)::int as vc
        from unnest($1::int[], $2::uuid[], $3::uuid[]) as t(n, enterprise_id, user_id)`, [tenants.map((t) => t.index), tenants.map((t) => t.enterpriseId), tenants.map((t) => t.userId)]);
    await client.query(`create temp table gen_veh as
      select e.n as en, (row_number() over (partition by v.enterprise_id order by v.plate) - 1)::int as k, v.id, v.plate
        from vehicles v join gen_ent e on e.enterprise_id = v.enterprise_id`);
    await client.query(`create temp table gen_slot as select (k - 1)::int as k, id, start_at, end_at from unnest($1::uuid[]) with ordinality as u(id, k) join slots s using (id)`, [slotIds]);
    await client.query('create index on gen_veh (en, k)');
    await client.query('create index on gen_slot (k)');
    await client.query('analyze gen_ent; analyze gen_veh; analyze gen_slot');
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const stepMs = Math.max(1, Math.floor((pastDays * 86_400_000) / count));
    const chunk = 100_000;
    await bulkLoad(client, 'appointments', async () => {
      for (let from = 1; from <= count; from += chunk) {
        const to = Math.min(count, from + chunk - 1);
        await client.query(
          `insert into appointments (terminal_id, enterprise_id, slot_id, vehicle_id, plate, driver_name, driver_id_no, driver_phone, flag, declaration_type, status,
                                     business_no, appointment_no, window_start, window_end, reject_reason, created_by, created_at, submitted_at, updated_at)
           select $1, e.enterprise_id, s.id, v.id, v.plate, '张师傅', '11010519491231002X', '13700137000',
                  case when g.i % 2 = 0 then 'pickup' else 'delivery' end,
                  case when g.i % 9 = 0 then 'operational' else 'ordinary' end,
                  st.status,
                  'T19990103' || lpad(g.i::text, 16, '0'),
                  case when st.status in ('draft', 'rejected') then null else '10990103' || lpad(g.i::text, 10, '0') end,
                  case when st.status = 'draft' then null else s.start_at end,
                  case when st.status = 'draft' then null else s.end_at end,
                  case when st.status = 'rejected' then '货站作业已满' end,
                  e.user_id, c.at,
                  case when st.status = 'draft' then null else c.at + interval '1 minute' end,
                  c.at
             from generate_series($2::int, $3::int) g(i)
            cross join lateral (select case when g.i % 10 < 3 then 1 else 2 + (g.i % ($4::int - 1)) end as en) x
             join gen_ent e on e.n = x.en
             join gen_veh v on v.en = x.en and v.k = (g.i / 10) % e.vc
             join gen_slot s on s.k = (g.i::bigint * 7919) % $5::int
            cross join lateral (select $6::timestamptz - (($7::bigint - g.i) * $8::bigint) * interval '1 millisecond' as at) c
            cross join lateral (select case when s.start_at > $6::timestamptz then ($9::text[])[1 + g.i % 20] else ($10::text[])[1 + g.i % 20] end as status) st`,
          [terminal.id, from, to, enterprises, slotIds.length, t0.toISOString(), count, stepMs, FUTURE, PAST],
        );
        log(`lists: ${to.toLocaleString('en')} / ${count.toLocaleString('en')} appointments (${Math.round((performance.now() - started) / 1000)}s)`);
      }
    });
    log(`lists: indexes and foreign keys of appointments in place (${Math.round((performance.now() - started) / 1000)}s)`);
    await client.query('analyze appointments');
    const big = await client.query<{ n: number }>('select count(*)::int n from appointments where enterprise_id = $1', [tenants[0].enterpriseId]);
    return { terminalId: terminal.id, tenants, fleet, count, bigRows: big.rows[0].n, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.query('drop table if exists gen_ent, gen_veh, gen_slot').catch(() => undefined);
    client.release();
  }
}

/**
 * Runs `load` with `table`'s secondary indexes (those backing no constraint) and foreign keys set
 * aside, then makes them again from the definitions PostgreSQL gave for them — also when `load`
 * fails, so the table never stays without them. Re-adding a foreign key checks every row.
 */
async function bulkLoad(client: pg.PoolClient, table: string, load: () => Promise<void>): Promise<void> {
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = $1::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [table],
  );
  const { rows: keys } = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
    [table],
  );
  const quoted = (name: string) => client.escapeIdentifier(name);
  await client.query('begin');
  for (const key of keys) await client.query(`alter table ${quoted(table)} drop constraint ${quoted(key.name)}`);
  for (const index of indexes) await client.query(`drop index ${quoted(index.name)}`);
  await client.query('commit');
  try {
    await load();
  } finally {
    await client.query(`set maintenance_work_mem = '256MB'`);
    for (const index of indexes) await client.query(index.def);
    for (const key of keys) await client.query(`alter table ${quoted(table)} add constraint ${quoted(key.name)} ${key.def}`);
    await client.query('reset maintenance_work_mem');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const url = arg('database-url');
  if (!url || !/^postgres(ql)?:\/\/[^/]*@?(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) {
    console.error('usage: --database-url=postgres://…@127.0.0.1:5432/<migrated database> [--count=1000000] [--enterprises=2000]');
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  generateAppointments(pool, { count: Number(arg('count') ?? 1_000_000), enterprises: Number(arg('enterprises') ?? 2000) })
    .then((fixture) => console.log(`${fixture.count} appointments (${fixture.bigRows} in the big enterprise) in ${fixture.seconds.toFixed(1)} s`))
    .finally(() => pool.end());
}
