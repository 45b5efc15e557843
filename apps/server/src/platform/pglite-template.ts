import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';

import { openPglite, pgliteHandle } from './db.ts';
import { migrate } from './migrate.ts';
import { templateCacheDir, templatePath } from './template-paths.ts';

export { migrationsHash, templateCacheDir, templatePath } from './template-paths.ts';

/** Makes the template once (initdb + migrations, ~6 s) and reuses it while migrations are unchanged. */
export async function ensureTemplate(): Promise<string> {
  const file = await templatePath();
  if (existsSync(file)) return file;
  const client = await openPglite();
  const handle = pgliteHandle(client);
  await migrate(handle);
  const dump = await client.dumpDataDir('gzip');
  await mkdir(templateCacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
  await rename(tmp, file);
  await handle.close();
  return file;
}

export async function loadTemplate(): Promise<Blob> {
  return new Blob([await readFile(await ensureTemplate())]);
}
