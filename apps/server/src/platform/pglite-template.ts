import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { openPglite, pgliteHandle } from './db.ts';
import { migrate, readMigrations } from './migrate.ts';

const cacheDir = fileURLToPath(new URL('../../../../.cache/', import.meta.url));

/** Where the migrated embedded-database template for the current migrations lives. */
export async function templatePath(): Promise<string> {
  const migrations = await readMigrations();
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(m.name).update('\0').update(m.sql).update('\0');
  return path.join(cacheDir, `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** Makes the template once (initdb + migrations, ~6 s) and reuses it while migrations are unchanged. */
export async function ensureTemplate(): Promise<string> {
  const file = await templatePath();
  if (existsSync(file)) return file;
  const client = await openPglite();
  const handle = pgliteHandle(client);
  await migrate(handle);
  const dump = await client.dumpDataDir('gzip');
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
  await rename(tmp, file);
  await handle.close();
  return file;
}

export async function loadTemplate(): Promise<Blob> {
  return new Blob([await readFile(await ensureTemplate())]);
}
