import type pg from 'pg';

/**
 * Bench data written straight into the tables (after the server has migrated them), in a few
 * set-based statements. Every name carries a tag so fixtures of different scenarios never collide:
 * plates use a letter per scenario (京G…, 京S…, 京L…), business numbers a date no real one has.
 */

export interface Tenant {
  index: number;
  enterpriseId: string;
  userId: string;
  /** A session bearer token of the enterprise's administrator. */
  token: string;
}

export interface FleetVehicle {
  id: string;
  plate: string;
  enterpriseIndex: number;
}

export const sessionToken = (tag: string, n: number) => `cwsbench_${tag}_${n}`;
export const deviceToken = (tag: string, n: number) => `cwdbench_${tag}_${n}`;

/** `count` enterprises, each with an administrator, a live session and an approved filing. */
export async function seedTenants(c: pg.ClientBase | pg.Pool, tag: string, count: number): Promise<Tenant[]> {
  await c.query(
    `insert into enterprises (name, uscc, contact_name, contact_phone, registration_mode)
     select 'bench ' || $1 || ' enterprise ' || i, 'BENCH' || upper($1) || lpad(i::text, 8, '0'), '王测试', '13800000000', 'standalone'
       from generate_series(1, $2::int) i`,
    [tag, count],
  );
  await c.query(
    `insert into users (username, password_hash, name, role, enterprise_id)
     select 'bench_' || $1 || '_' || substr(e.uscc, length(e.uscc) - 7)::int, 'bench-no-login', '测试管理员', 'admin', e.id
       from enterprises e where e.uscc like 'BENCH' || upper($1) || '%'`,
    [tag],
  );
  await c.query(
    `insert into sessions (token_hash, user_id, expires_at)
     select encode(sha256(convert_to('cwsbench_' || $1 || '_' || substr(u.username, length('bench_' || $1 || '_') + 1), 'UTF8')), 'hex'), u.id, now() + interval '2 days'
       from users u where u.username like 'bench\\_' || $1 || '\\_%'`,
    [tag],
  );
  await c.query(
    `insert into vehicle_filings (enterprise_id, status, contact_name, contact_phone, created_by, declared_by, reviewed_by, declared_at, reviewed_at)
     select u.enterprise_id, 'approved', '王测试', '13800000000', u.id, u.id, u.id, now(), now()
       from users u where u.username like 'bench\\_' || $1 || '\\_%'`,
    [tag],
  );
  const { rows } = await c.query<{ n: number; enterprise_id: string; user_id: string }>(
    `select substr(u.username, length('bench_' || $1 || '_') + 1)::int as n, u.enterprise_id, u.id as user_id
       from users u where u.username like 'bench\\_' || $1 || '\\_%' order by 1`,
    [tag],
  );
  return rows.map((r) => ({ index: r.n, enterpriseId: r.enterprise_id, userId: r.user_id, token: sessionToken(tag, r.n) }));
}

/**
 * Approved fleet vehicles: `owners[k]` is the tenant index (1-based) of vehicle k+1. Plates are
 * `京<letter>` + 5 digits, unique in the active fleet.
 */
export async function seedFleet(c: pg.ClientBase | pg.Pool, tag: string, letter: string, owners: number[]): Promise<FleetVehicle[]> {
  const { rows } = await c.query<{ id: string; plate: string; n: number }>(
    `with owners as (select o.e, o.k from unnest($2::int[]) with ordinality as o(e, k)),
          ent as (
            select substr(u.username, length('bench_' || $1 || '_') + 1)::int as n, u.enterprise_id, f.id as filing_id
              from users u join vehicle_filings f on f.created_by = u.id
             where u.username like 'bench\\_' || $1 || '\\_%')
     insert into vehicles (enterprise_id, plate, plate_color, vehicle_type, rated_load_kg, driver_name, driver_id_no, driver_phone, status, filing_id, approved_at)
     select ent.enterprise_id, '京' || $3 || lpad(owners.k::text, 5, '0'), 'yellow', 'van', 8000, '张师傅', '11010519491231002X', '13700137000', 'active', ent.filing_id, now()
       from owners join ent on ent.n = owners.e
     order by owners.k
     returning id, plate, substr(plate, 3)::int as n`,
    [tag, owners, letter],
  );
  return rows.sort((a, b) => a.n - b.n).map((r) => ({ id: r.id, plate: r.plate, enterpriseIndex: owners[r.n - 1] }));
}

export interface TerminalFixture {
  id: string;
  code: string;
}

export async function seedTerminal(
  c: pg.ClientBase | pg.Pool,
  code: string,
  settings: { capacity: number; toleranceMinutes?: number; minLeadMinutes?: number; horizonDays?: number },
): Promise<TerminalFixture> {
  const { rows } = await c.query<{ id: string }>(
    `insert into terminals (code, name, time_zone, slot_minutes, capacity_pickup, capacity_delivery, horizon_days, min_lead_minutes, tolerance_minutes)
     values ($1, 'bench terminal ' || $1, 'Asia/Shanghai', 60, $2, $2, $3, $4, $5) returning id`,
    [code, settings.capacity, settings.horizonDays ?? 3, settings.minLeadMinutes ?? 60, settings.toleranceMinutes ?? 30],
  );
  return { id: rows[0].id, code };
}

/** An in-gate of the terminal with `count` plate-reader devices, each with a known token. */
export async function seedGateDevices(c: pg.ClientBase | pg.Pool, terminalId: string, tag: string, count: number): Promise<{ gateId: string; tokens: string[] }> {
  const gate = await c.query<{ id: string }>(`insert into gates (terminal_id, code, name, direction) values ($1, 'IN1', '1号入区道', 'in') returning id`, [terminalId]);
  const gateId = gate.rows[0].id;
  await c.query(
    `insert into gate_devices (gate_id, terminal_id, name, token_hash)
     select $1, $2, 'bench reader ' || i, encode(sha256(convert_to('cwdbench_' || $3 || '_' || i, 'UTF8')), 'hex')
       from generate_series(1, $4::int) i`,
    [gateId, terminalId, tag, count],
  );
  return { gateId, tokens: Array.from({ length: count }, (_, i) => deviceToken(tag, i + 1)) };
}

/** One slot of the terminal starting at `start` (60 minutes), with its day in Asia/Shanghai. */
export async function seedSlots(c: pg.ClientBase | pg.Pool, terminalId: string, starts: Date[], capacity: number): Promise<string[]> {
  const { rows } = await c.query<{ id: string; start_at: Date }>(
    `insert into slots (terminal_id, local_date, start_at, end_at, capacity_pickup, capacity_delivery)
     select $1, (s at time zone 'Asia/Shanghai')::date, s, s + interval '60 minutes', $3, $3
       from unnest($2::timestamptz[]) s
     returning id, start_at`,
    [terminalId, starts.map((s) => s.toISOString()), capacity],
  );
  const byStart = new Map(rows.map((r) => [r.start_at.getTime(), r.id]));
  return starts.map((s) => byStart.get(s.getTime())!);
}
