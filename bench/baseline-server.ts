/**
 * The baselines the benchmark runs next to our server, in the same run, on the same database:
 * a bare Fastify + pg process with no framework of ours — no auth, no validation, no audit,
 * no history, no live events. Each route is the least a correct implementation could do:
 * - POST /gate/decisions: one indexed lookup of the plate in the active fleet;
 * - POST /storm/appointments/:id/submit: the classic pessimistic booking — SELECT … FOR UPDATE
 *   on the slot row, check, then UPDATE — on copies of the slots and appointments tables
 *   (bench_slots, bench_appointments: same columns, constraints and indexes);
 * - GET /appointments: the same keyset SELECT as our list, for the enterprise given in the query.
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

const app = Fastify({ logger: false });

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

const listColumns = `a.id, a.business_no, a.appointment_no, a.plate, a.flag, a.declaration_type, a.status, a.created_at, a.submitted_at,
  a.terminal_id, t.code as terminal_code, t.name as terminal_name, t.time_zone, a.slot_id, s.local_date as slot_date, s.start_at as slot_start, s.end_at as slot_end`;

app.get<{ Querystring: { enterprise: string; after?: string; limit?: string; status?: string; plate?: string } }>('/appointments', async (request) => {
  const q = request.query;
  const limit = Number(q.limit ?? 50);
  const params: unknown[] = [q.enterprise];
  const where = ['a.enterprise_id = $1'];
  if (q.status) where.push(`a.status = $${params.push(q.status)}`);
  if (q.plate) where.push(`a.plate = $${params.push(q.plate)}`);
  if (q.after) {
    const [at, id] = JSON.parse(Buffer.from(q.after, 'base64url').toString('utf8')) as [string, string];
    where.push(`(a.created_at, a.id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
  }
  const { rows } = await pool.query<{ id: string; created_at: Date }>(
    `select ${listColumns} from appointments a join terminals t on t.id = a.terminal_id join slots s on s.id = a.slot_id
      where ${where.join(' and ')} order by a.created_at desc, a.id desc limit $${params.push(limit + 1)}`,
    params,
  );
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, next: more ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null };
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });

const stop = async () => {
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
