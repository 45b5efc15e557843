import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { backupEmbedded, embeddedDir, restoreEmbedded } from './backup.ts';
import { openPglite, pgliteHandle } from './db.ts';
import { migrate } from './migrate.ts';
import { loadTemplate } from './pglite-template.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a backup of the embedded database restores with its data, keeping the replaced one aside', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cw-backup-'));
  dirs.push(dataDir);
  const handle = pgliteHandle(await openPglite({ dataDir: embeddedDir(dataDir), loadDataDir: await loadTemplate() }));
  await migrate(handle);
  await handle.db.insertInto('terminals').values({ code: 'BAK-1', name: '备份测试货站', time_zone: 'Asia/Shanghai', slot_minutes: 60, capacity_pickup: 1, capacity_delivery: 1, hours: null }).execute();
  await handle.close();

  const file = path.join(dataDir, 'backups', 'b.tar.gz');
  const written = await backupEmbedded(dataDir, file);
  assert.ok(written.bytes > 1000);

  // Something happens after the backup, then the backup is restored.
  const later = pgliteHandle(await openPglite({ dataDir: embeddedDir(dataDir) }));
  await later.db.deleteFrom('terminals').execute();
  await later.close();

  const { keptAside } = await restoreEmbedded(dataDir, file);
  assert.ok(keptAside && existsSync(keptAside));
  const restored = pgliteHandle(await openPglite({ dataDir: embeddedDir(dataDir) }));
  const rows = await restored.db.selectFrom('terminals').select('name').execute();
  await restored.close();
  assert.deepEqual(rows, [{ name: '备份测试货站' }]);
});

test('backing up a data directory without a database says so', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cw-backup-empty-'));
  dirs.push(dataDir);
  await assert.rejects(backupEmbedded(dataDir, path.join(dataDir, 'x.tar.gz')), /no embedded database/);
});
