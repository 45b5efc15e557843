import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';

import { sql } from 'kysely';

import { createTestDatabase, testEngine, type TestDatabase } from '../testing/test-db.ts';
import { inTransaction } from './transaction.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
  await sql`create table counter_probe (id int primary key, n int not null)`.execute(database.handle.db);
  await sql`insert into counter_probe values (1, 0)`.execute(database.handle.db);
});
after(async () => {
  await database.drop();
});

test('concurrent transactions never see each other half-done, and a failed one leaves nothing', async () => {
  const db = database.handle.db;
  // Each transaction reads, waits, then writes: interleaving on one connection would lose updates.
  const work = Array.from({ length: 20 }, (_, i) =>
    inTransaction(db, async (trx) => {
      const row = await sql<{ n: number }>`select n from counter_probe where id = 1 for update`.execute(trx);
      await new Promise((r) => setTimeout(r, 2));
      await sql`update counter_probe set n = ${row.rows[0].n + 1} where id = 1`.execute(trx);
      if (i % 5 === 0) throw new Error('rolled back on purpose');
    }).catch((error: Error) => error.message),
  );
  const results = await Promise.all(work);
  assert.equal(results.filter((r) => r === 'rolled back on purpose').length, 4);
  const final = await sql<{ n: number }>`select n from counter_probe where id = 1`.execute(db);
  assert.equal(final.rows[0].n, 16);
});

test('dates stay calendar days and bigint counts are numbers', async () => {
  const row = await sql<{ d: string; c: number }>`select date '2026-11-25' as d, count(*) as c from counter_probe`.execute(database.handle.db);
  assert.equal(row.rows[0].d, '2026-11-25');
  assert.equal(row.rows[0].c, 1);
});

test('health ping answers', async () => {
  assert.equal(await database.handle.ping(), true);
});

describe('the PostgreSQL pool', { skip: testEngine === 'postgres' ? false : 'needs PostgreSQL (TEST_DB=postgres): the embedded database has no pool' }, () => {
  test('keeps an idle connection, with what its backend has prepared and planned, past node-postgres\'s 10 s', async () => {
    const { db, pool } = database.handle;
    const backend = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0].pid;
    // The idle timer is set when a client goes back to the pool: let that happen on mocked time.
    mock.timers.enable({ apis: ['setTimeout'] });
    let before: number;
    try {
      before = await backend();
      mock.timers.tick(10 * 60_000);
    } finally {
      mock.timers.reset();
    }
    assert.ok(pool!.totalCount >= 1);
    assert.equal(pool!.idleCount, pool!.totalCount, 'no client was closed');
    assert.equal(await backend(), before, 'the next query runs on the same backend');
  });
});
