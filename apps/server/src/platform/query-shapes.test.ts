import assert from 'node:assert/strict';
import { test } from 'node:test';

import { queryBuilder, shapedQuery } from './query-shapes.ts';

interface Values {
  [name: string]: unknown;
  plate: string;
  status?: string;
  fetch: number;
}

let builds = 0;
const page = shapedQuery((v: Values) => {
  builds++;
  let query = queryBuilder.selectFrom('appointments as a').select(['a.id']).where('a.plate', '=', v.plate);
  if (v.status !== undefined) query = query.where('a.status', '=', v.status as 'booked');
  return query.orderBy('a.created_at', 'desc').limit(v.fetch);
});

test('each call runs its own values in the SQL of its shape, built once per shape', () => {
  builds = 0;
  const a = page({ plate: '京A12345', status: undefined, fetch: 51 });
  const b = page({ plate: '沪B54321', status: undefined, fetch: 21 });
  const c = page({ plate: '京A12345', status: 'booked', fetch: 51 });
  const d = page({ plate: '粤C00001', status: 'exited', fetch: 2 });
  assert.equal(builds, 2, 'two shapes: with and without a status');
  assert.equal(a.sql, b.sql);
  assert.equal(c.sql, d.sql);
  assert.notEqual(a.sql, c.sql);
  assert.deepEqual(a.parameters, ['京A12345', 51]);
  assert.deepEqual(b.parameters, ['沪B54321', 21]);
  assert.deepEqual(c.parameters, ['京A12345', 'booked', 51]);
  assert.deepEqual(d.parameters, ['粤C00001', 'exited', 2]);
  // What the query builder itself makes of the same values, query by query.
  const direct = queryBuilder.selectFrom('appointments as a').select(['a.id']).where('a.plate', '=', '粤C00001').where('a.status', '=', 'exited').orderBy('a.created_at', 'desc').limit(2).compile();
  assert.equal(d.sql, direct.sql);
  assert.deepEqual(d.parameters, direct.parameters);
});

test("the builder's own constants stay in every call's parameters", () => {
  const withConstant = shapedQuery((v: { plate: string }) => queryBuilder.selectFrom('appointments').select('id').where('plate', '=', v.plate).limit(1));
  assert.deepEqual(withConstant({ plate: '京A12345' }).parameters, ['京A12345', 1]);
  assert.deepEqual(withConstant({ plate: '沪B54321' }).parameters, ['沪B54321', 1]);
});

test('a value computed from another inside the builder is refused at its first call', () => {
  const derived = shapedQuery((v: { limit: number }) => queryBuilder.selectFrom('appointments').select('id').limit(`${v.limit}1` as unknown as number));
  assert.throws(() => derived({ limit: 50 }), /made from a value instead of being one/);
});
