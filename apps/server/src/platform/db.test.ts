import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sql } from 'kysely';

import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
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
