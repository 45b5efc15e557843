import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { plansOf } from '../../testing/plans.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-db.ts';
import { detailParts, detailRows } from './get-appointment.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

// An appointment's detail (its page, and the answer to every booking) is four statements. Planned
// at each call they cost PostgreSQL more than running them did (docs/performance.md). Ten calls
// with one id each, as a detail page makes.
test("an appointment's detail statements are planned once per connection, not at every call", async () => {
  const ids = ['00000000-0000-4000-8000-000000000001'];
  const statements = { rows: detailRows(database.handle.db, ids), ...detailParts(database.handle.db, ids) };
  for (const [name, statement] of Object.entries(statements)) {
    const query = statement.compile();
    const plans = await plansOf(database.handle.db, query.sql, query.parameters, 10);
    assert.ok(plans.generic >= 5, `${name}: generic plans ${plans.generic}, custom ${plans.custom}`);
    // The plan kept for the rows reads each one's enterprise by its key, whatever the number of ids
    // it guessed: it never reads every enterprise.
    if (name === 'rows') assert.doesNotMatch(plans.plan, /Seq Scan on enterprises/, plans.plan);
  }
});
