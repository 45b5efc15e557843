import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { openPglite, pgliteHandle, postgresHandle, type DatabaseHandle } from './db.ts';
import { migrate } from './migrate.ts';
import { templatePath } from './pglite-template.ts';

/**
 * PostgreSQL when a URL is given; otherwise the embedded database in `dataDir`. A new embedded
 * database starts from the migrated template made at install time (initdb alone takes seconds),
 * then any newer migrations run as usual.
 */
export async function openDatabase(options: { databaseUrl: string | null; dataDir: string; onPoolError?: (error: Error) => void }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const handle = postgresHandle(options.databaseUrl, { onError: options.onPoolError });
    await migrate(handle);
    return handle;
  }
  const dir = path.resolve(options.dataDir, 'pglite');
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  await mkdir(dir, { recursive: true });
  const template = fresh ? await templatePath() : null;
  const loadDataDir = template && existsSync(template) ? new Blob([await readFile(template)]) : undefined;
  const handle = pgliteHandle(await openPglite({ dataDir: dir, loadDataDir }));
  await migrate(handle);
  return handle;
}
