import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sql } from 'kysely';

import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { anyOf } from './any-of.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

const members = async (candidates: readonly string[], values: readonly string[], type: 'uuid' | 'text') => {
  const { rows } = await sql<{ v: string }>`select v from unnest(${sql.val(candidates)}::${sql.raw(type)}[]) as c(v) where v = ${anyOf(values, type)} order by v`.execute(database.handle.db);
  return rows.map((row) => row.v);
};

test('anyOf matches exactly the values given: none, one or many, uuids and texts', async () => {
  const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
  assert.deepEqual(await members(ids, [], 'uuid'), []);
  assert.deepEqual(await members(ids, [ids[1]], 'uuid'), [ids[1]]);
  assert.deepEqual(await members(ids, [ids[2], ids[0], '00000000-0000-4000-8000-000000000009'], 'uuid'), [ids[0], ids[2]]);
  assert.deepEqual(await members(['a', 'b', 'c"d'], ['c"d', 'a'], 'text'), ['a', 'c"d']);
});

test('anyOf is one statement text whatever the number of values', () => {
  const text = (values: readonly string[]) => sql`select 1 where 'a' = ${anyOf(values, 'text')}`.compile(database.handle.db).sql;
  assert.equal(text(['a']), text(['a', 'b', 'c']));
  assert.equal(text([]), "select 1 where 'a' = any((select $1::text[])::text[])");
});
