import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CHANGED_SINCE_SQL } from '../modules/scheduling/list-appointments.ts';
import { plansOf } from '../testing/plans.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { sessionsByHash } from './sessions.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

// Every signed-in request looks its session up, and every kept list page is checked before it is
// sent: planned at each call, these two statements cost PostgreSQL four to five times what running
// them did (docs/performance.md). Ten calls with one value each, as most batches are.
test('the session lookup is planned once per connection, not at every call', async () => {
  const query = sessionsByHash({ hashes: ['0'.repeat(64)] });
  const plans = await plansOf(database.handle.db, query.sql, query.parameters, 10);
  assert.ok(plans.generic >= 5, `generic plans ${plans.generic}, custom ${plans.custom}`);
  // The plan kept reads each session's user by its key, whatever the number of tokens it guessed.
  assert.match(plans.plan, /Index Scan using users_pkey/, plans.plan);
  assert.doesNotMatch(plans.plan, /Seq Scan|Hash Join/, plans.plan);
});

test("the check of a kept list page is planned once per connection, not at every call", async () => {
  const plans = await plansOf(database.handle.db, CHANGED_SINCE_SQL, [['00000000-0000-4000-8000-000000000001'], ['1000:1000:']], 10);
  assert.ok(plans.generic >= 5, `generic plans ${plans.generic}, custom ${plans.custom}`);
});
