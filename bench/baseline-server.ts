/**
 * The baselines the benchmark runs next to our server, in the same run, on the same database:
 * a bare Fastify + pg process with no framework of ours — no auth, no validation, no audit,
 * no history, no live events. Each route is the least a correct implementation could do:
 * - POST /gate/decisions: one indexed lookup of the plate in the active fleet;
 * - POST /storm/appointments/:id/submit: the classic pessimistic booking — SELECT … FOR UPDATE
 *   on the slot row, check, then UPDATE — on copies of the slots and appointments tables
 *   (bench_slots, bench_appointments: same columns, constraints and indexes);
 * - POST /twin/appointments/:id/submit: the pessimistic twin of our booking — the same work as
 *   ours (session lookup, the draft's rules, vehicle lock and overlap check, number, history,
 *   audit, notices, the detail read back), but the slot row is locked with SELECT … FOR UPDATE
 *   first and held to COMMIT, on its own copies (twin_slots, twin_appointments);
 * - GET /appointments: the same keyset SELECT as our list (the page picked from appointments, then
 *   joined with its terminal, each row's slot looked up by key), for the enterprise given in the query
 *   (filters: status, plate, createdBefore — an instant, where ours takes createdTo, a Beijing day);
 * - GET /canned: the bytes last sent with PUT /canned, from memory, no database: what HTTP alone
 *   costs this machine for a response of that size (the lists send one of our pages there).
 *
 * Env: DATABASE_URL, PORT, HOST (127.0.0.1), POOL_MAX (10, like the server's pool).
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.POOL_MAX ?? 10), connectionTimeoutMillis: 5000 });
pool.on('error', () => undefined);
// The twin's submits queue for a connection as long as it takes (ours give up after 5 s, and with
// the slot held from the first statement most of a storm would): what is measured is how long the
// pessimistic storm takes, not how many it fails.
const twinPool = new pg.Pool({ connectionString: url, max: Number(process.env.POOL_MAX ?? 10) });
twinPool.on('error', () => undefined);

const app = Fastify({ logger: false });
// A failure says what failed: the benchmark prints it.
app.setErrorHandler((error, _request, reply) => reply.status(500).send({ code: 'INTERNAL', message: (error as Error).message }));

app.get('/health', async () => {
  await pool.query('select 1');
  return { status: 'ok' };
});

app.post<{ Body: { plate: string; readId: string; readAt: string } }>('/gate/decisions', async (request) => {
  const { rows } = await pool.query<{ id: string; blocked_at: Date | null }>("select id, blocked_at from vehicles where plate = $1 and status = 'active'", [request.body.plate]);
  const vehicle = rows[0];
  if (!vehicle) return { decision: 'deny', code: 'VEHICLE_NOT_FILED' };
  if (vehicle.blocked_at) return { decision: 'deny', code: 'VEHICLE_BLOCKED' };
  return { decision: 'lift', code: 'LIFT_IN' };
});

let serial = 0;
app.post<{ Params: { id: string } }>('/storm/appointments/:id/submit', async (request, reply) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const draft = await client.query<{ slot_id: string; flag: string; status: string }>('select slot_id, flag, status from bench_appointments where id = $1 for update', [request.params.id]);
    const row = draft.rows[0];
    if (!row || row.status !== 'draft') {
      await client.query('rollback');
      return reply.status(409).send({ code: 'APPOINTMENT_NOT_SUBMITTABLE' });
    }
    const column = row.flag === 'pickup' ? 'pickup' : 'delivery';
    const slot = await client.query<{ start_at: Date; end_at: Date; booked: number; capacity: number }>(
      `select start_at, end_at, booked_${column} as booked, capacity_${column} as capacity from bench_slots where id = $1 for update`,
      [row.slot_id],
    );
    const s = slot.rows[0];
    if (s.booked >= s.capacity) {
      await client.query('rollback');
      return reply.status(409).send({ code: 'SLOT_FULL' });
    }
    await client.query(`update bench_slots set booked_${column} = booked_${column} + 1 where id = $1`, [row.slot_id]);
    const appointmentNo = `1098${String(process.pid % 10000).padStart(4, '0')}${String(++serial).padStart(10, '0')}`;
    await client.query(
      "update bench_appointments set status = 'booked', appointment_no = $2, window_start = $3, window_end = $4, submitted_at = now(), updated_at = now() where id = $1",
      [request.params.id, appointmentNo, s.start_at, s.end_at],
    );
    await client.query('commit');
    return { status: 'booked', appointmentNo };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
});

const LIVE = ['submitted', 'booked', 'entered', 'empty_confirmed'];

app.post<{ Params: { id: string } }>('/twin/appointments/:id/submit', async (request, reply) => {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  const session = await twinPool.query<{ user_id: string; username: string; enterprise_id: string }>(
    `select u.id as user_id, u.username, u.enterprise_id from sessions s join users u on u.id = s.user_id
      where s.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') and s.revoked_at is null and s.expires_at > now()`,
    [token],
  );
  const actor = session.rows[0];
  if (!actor) return reply.status(401).send({ code: 'UNAUTHENTICATED' });
  const client = await twinPool.connect();
  try {
    await client.query('begin');
    const draft = (await client.query('select * from twin_appointments where id = $1 and enterprise_id = $2 for update', [request.params.id, actor.enterprise_id])).rows[0];
    if (!draft || draft.status !== 'draft') {
      await client.query('rollback');
      return reply.status(409).send({ code: 'APPOINTMENT_NOT_SUBMITTABLE' });
    }
    // The pessimistic part: the slot is held from here to COMMIT.
    const slot = (await client.query('select * from twin_slots where id = $1 for update', [draft.slot_id])).rows[0];
    const terminal = (await client.query('select * from terminals where id = $1', [draft.terminal_id])).rows[0];
    if (slot.start_at.getTime() < Date.now() + terminal.min_lead_minutes * 60_000) {
      await client.query('rollback');
      return reply.status(409).send({ code: 'LEAD_TIME' });
    }
    const vehicle = (await client.query("select * from vehicles where id = $1 and enterprise_id = $2 and status = 'active' for update", [draft.vehicle_id, actor.enterprise_id])).rows[0];
    const busy = await client.query(
      'select id from twin_appointments where vehicle_id = $1 and status = any($2) and id <> $3 and window_start < $4 and window_end > $5 limit 1',
      [draft.vehicle_id, LIVE, draft.id, slot.end_at, slot.start_at],
    );
    if (!vehicle || busy.rows.length > 0 || slot.booked_pickup >= slot.capacity_pickup) {
      await client.query('rollback');
      return reply.status(409).send({ code: vehicle ? (busy.rows.length ? 'VEHICLE_BUSY' : 'SLOT_FULL') : 'VEHICLE_NOT_APPROVED' });
    }
    const serial = (await client.query("select nextval('appointment_no_seq')::text as n")).rows[0].n as string;
    const appointmentNo = `10991231${serial.padStart(10, '0')}`;
    const booked = (
      await client.query(
        "update twin_appointments set status = 'booked', appointment_no = $2, window_start = $3, window_end = $4, submitted_at = now(), updated_at = now() where id = $1 returning *",
        [draft.id, appointmentNo, slot.start_at, slot.end_at],
      )
    ).rows[0];
    const detail = JSON.stringify({ slotId: slot.id, appointmentNo });
    await client.query(
      "insert into appointment_history (appointment_id, terminal_id, at, actor_id, actor_username, action, from_status, to_status, detail) values ($1, $2, now(), $3, $4, 'booked', 'draft', 'booked', $5)",
      [draft.id, draft.terminal_id, actor.user_id, actor.username, detail],
    );
    await client.query(
      "insert into audit_log (at, actor_id, actor_username, enterprise_id, action, entity_type, entity_id, before, after) values (now(), $1, $2, $3, 'appointment.booked', 'appointment', $4, $5, $6)",
      [actor.user_id, actor.username, actor.enterprise_id, draft.id, JSON.stringify({ status: 'draft' }), JSON.stringify({ status: 'booked', slotId: slot.id, appointmentNo })],
    );
    await client.query(
      "insert into notifications (user_id, enterprise_id, kind, title, body, data, created_at) select id, enterprise_id, 'appointment.booked', '预约成功', $2, $3, now() from users where enterprise_id = $1",
      [actor.enterprise_id, `${booked.plate} ${terminal.name} 预约成功，提交货预约编号 ${appointmentNo}`, JSON.stringify({ appointmentId: draft.id, appointmentNo })],
    );
    await client.query('update twin_slots set booked_pickup = booked_pickup + 1 where id = $1', [slot.id]);
    await client.query('commit');
    // The detail, read back as ours does after its commit.
    const awbs = await client.query('select seq, awb, pieces, weight_kg from appointment_awbs where appointment_id = $1 order by seq', [draft.id]);
    const history = await client.query('select * from appointment_history where appointment_id = $1 order by id', [draft.id]);
    return { ...booked, awbs: awbs.rows, history: history.rows };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
});

const pageColumns = 'a.id, a.business_no, a.appointment_no, a.plate, a.flag, a.declaration_type, a.status, a.created_at, a.submitted_at, a.terminal_id, a.slot_id';
const listColumns = `a.id, a.business_no, a.appointment_no, a.plate, a.flag, a.declaration_type, a.status, a.created_at, a.submitted_at,
  a.terminal_id, t.code as terminal_code, t.name as terminal_name, t.time_zone, a.slot_id, s.slot_date, s.slot_start, s.slot_end`;

app.get<{ Querystring: { enterprise: string; after?: string; limit?: string; status?: string; plate?: string; createdBefore?: string } }>('/appointments', async (request) => {
  const q = request.query;
  const limit = Number(q.limit ?? 50);
  const params: unknown[] = [q.enterprise];
  const where = ['a.enterprise_id = $1'];
  if (q.status) where.push(`a.status = $${params.push(q.status)}`);
  if (q.plate) where.push(`a.plate = $${params.push(q.plate)}`);
  if (q.createdBefore) where.push(`a.created_at < $${params.push(q.createdBefore)}::timestamptz`);
  if (q.after) {
    const [at, id] = JSON.parse(Buffer.from(q.after, 'base64url').toString('utf8')) as [string, string];
    where.push(`(a.created_at, a.id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
  }
  const { rows } = await pool.query<{ id: string; created_at: Date }>(
    `select ${listColumns}
       from (select ${pageColumns} from appointments a where ${where.join(' and ')} order by a.created_at desc, a.id desc limit $${params.push(limit + 1)}) a
       join terminals t on t.id = a.terminal_id
       cross join lateral (select s.local_date as slot_date, s.start_at as slot_start, s.end_at as slot_end from slots s where s.id = a.slot_id limit 1) s
      order by a.created_at desc, a.id desc`,
    params,
  );
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, next: more ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null };
});

let canned = '';
app.put<{ Body: string }>('/canned', async (request) => {
  canned = request.body;
  return { bytes: Buffer.byteLength(canned) };
});
app.get('/canned', (_request, reply) => reply.type('application/json; charset=utf-8').send(canned));

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });

const stop = async () => {
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await app.close();
  await Promise.all([pool.end(), twinPool.end()]);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
