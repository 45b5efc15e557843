import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { DatabaseHandle } from './db.ts';
import { placePreparedDataDir } from './prepared-data-dir.ts';
import { templatePath } from './template-paths.ts';

export interface OpenDatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** The embedded database's buffer pool, MB (`EMBEDDED_BUFFERS_MB` when not given). Ignored with PostgreSQL. */
  buffersMb?: number;
  onPoolError?: (error: Error) => void;
  /**
   * A closed embedded-database directory made at install time (the demo database); a new
   * embedded database starts as a copy of it when it exists (prepared-data-dir.ts). Ignored
   * with PostgreSQL.
   */
  prepared?: string | null;
}

// The database code (the query builder, both drivers) loads on demand, not with this module: a
// start puts the data directory in place while it loads (see main.ts).
const loadDatabaseCode = () => Promise.all([import('./db.ts'), import('./migrate.ts')]);

/**
 * PostgreSQL when a URL is given; otherwise the embedded database in `dataDir`. A new embedded
 * database starts from a template made at install time (initdb alone takes seconds): a copy of
 * the prepared directory when one is given, else the migrated template; then any newer
 * migrations run as usual.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const [{ postgresHandle }, { migrate }] = await loadDatabaseCode();
    const handle = postgresHandle(options.databaseUrl, { onError: options.onPoolError });
    await migrate(handle);
    return handle;
  }
  const dir = path.resolve(options.dataDir, 'pglite');
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh && options.prepared && existsSync(path.join(options.prepared, 'PG_VERSION')) && (await isEmptyOrMissing(dir))) {
    const [[{ openPglite, pgliteHandle }, { migrate }]] = await Promise.all([loadDatabaseCode(), placePreparedDataDir(options.prepared, dir)]);
    const handle = pgliteHandle(await openPglite({ dataDir: dir, buffersMb: options.buffersMb }));
    await migrate(handle);
    return handle;
  }
  const [{ openPglite, pgliteHandle }, { migrate }] = await loadDatabaseCode();
  await mkdir(dir, { recursive: true });
  const template = fresh ? await templatePath() : null;
  const loadDataDir = template && existsSync(template) ? new Blob([await readFile(template)]) : undefined;
  const handle = pgliteHandle(await openPglite({ dataDir: dir, loadDataDir, buffersMb: options.buffersMb }));
  await migrate(handle);
  return handle;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}
