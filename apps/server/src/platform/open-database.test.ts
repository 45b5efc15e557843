import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { sql } from 'kysely';

import type { Db } from './db.ts';
import { EMBEDDED_BUFFERS_MB } from './embedded-buffers.ts';
import { openDatabase } from './open-database.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const bufferPool = async (db: Db) => (await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db)).rows[0].shared_buffers;

test('the embedded database opens with the configured buffer pool, migrated, and keeps its rows across restarts', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cw-open-'));
  dirs.push(dataDir);

  const first = await openDatabase({ databaseUrl: null, dataDir, buffersMb: 16 });
  try {
    assert.equal(await bufferPool(first.db), '16MB');
    const migrations = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(first.db);
    assert.ok(migrations.rows[0].n > 0);
    await first.db.insertInto('terminals').values({ code: 'OPEN-1', name: '重启测试货站', time_zone: 'Asia/Shanghai', slot_minutes: 60, capacity_pickup: 1, capacity_delivery: 1, hours: null }).execute();
  } finally {
    await first.close();
  }

  const again = await openDatabase({ databaseUrl: null, dataDir });
  try {
    assert.equal(await bufferPool(again.db), `${EMBEDDED_BUFFERS_MB}MB`);
    const rows = await again.db.selectFrom('terminals').select('name').where('code', '=', 'OPEN-1').execute();
    assert.deepEqual(rows, [{ name: '重启测试货站' }]);
  } finally {
    await again.close();
  }
});
