import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sql } from 'kysely';
import pg from 'pg';

import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { parseTimestamptz, TIMESTAMPTZ_OID } from './pg-timestamp.ts';
import { inTransaction } from './transaction.ts';

const general = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('reads the offsets PostgreSQL writes: hours, minutes, seconds, either side of UTC', () => {
  const vectors: [string, string][] = [
    ['2026-11-25 08:00:00+08', '2026-11-25T00:00:00.000Z'],
    ['2026-07-01 12:00:00.5+05:30', '2026-07-01T06:30:00.500Z'],
    ['2026-07-01 09:30:00-02:30', '2026-07-01T12:00:00.000Z'],
    ['2026-04-04 23:59:59.999999-03', '2026-04-05T02:59:59.999Z'],
    ['2026-12-03 06:10:36.291+00', '2026-12-03T06:10:36.291Z'],
    ['1890-01-01 08:05:43+08:05:43', '1890-01-01T00:00:00.000Z'],
    ['2024-02-29 00:00:00.01+00', '2024-02-29T00:00:00.010Z'],
  ];
  for (const [text, iso] of vectors) assert.equal(parseTimestamptz(text).toISOString(), iso, text);
});

test('what it does not read itself it leaves to the general parser', () => {
  for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '10000-01-01 00:00:00+00', '2026-11-25T08:00:00+08']) {
    const ours = parseTimestamptz(text);
    const theirs = general(text);
    assert.equal(ours instanceof Date ? ours.getTime() : ours, theirs instanceof Date ? theirs.getTime() : theirs, text);
  }
});

test('every instant PostgreSQL writes, in zones of every kind of offset, reads back to its millisecond', async () => {
  const zones = ['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'America/Santiago', 'Europe/London', 'Pacific/Chatham', 'America/Los_Angeles'];
  // Instants around DST changes, in the age of local mean time, and at random, with microseconds.
  const instants = ['2026-04-05 02:59:59.999999+00', '2026-04-05 03:00:00+00', '2026-03-29 01:00:00.000001+00', '2026-11-01 08:59:59.5+00', '1850-06-01 12:00:00+00', '1901-12-13 20:45:52+00'];
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let k = 0; k < 200; k++) instants.push(new Date(Date.UTC(1970, 0, 1) + Math.floor(random() * 2_000_000_000_000)).toISOString().replace('Z', `${String(Math.floor(random() * 1000)).padStart(3, '0')}Z`));
  for (const zone of zones) {
    const rows = await inTransaction(database.handle.db, async (trx) => {
      await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
      return (await sql<{ text: string; ms: number }>`
        select t::text as text, floor(extract(epoch from t) * 1000)::bigint as ms from unnest(${instants}::timestamptz[]) as t`.execute(trx)).rows;
    });
    for (const row of rows) assert.equal(parseTimestamptz(row.text).getTime(), row.ms, `${row.text} (${zone})`);
  }
});

test('the database handle reads timestamps with it', async () => {
  const { rows } = await sql<{ at: Date }>`select timestamptz '2026-07-01 12:00:00.123456+05:30' as at`.execute(database.handle.db);
  assert.ok(rows[0].at instanceof Date);
  assert.equal(rows[0].at.toISOString(), '2026-07-01T06:30:00.123Z');
});
