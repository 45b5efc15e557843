import { createHash } from 'node:crypto';
import path from 'node:path';

import { readMigrations } from './migration-files.ts';
import { inRepo } from './repo-paths.ts';

/*
 * Where the install-time templates of the embedded database are, without loading the database
 * code: a start looks them up first, then opens the database while the rest loads.
 */

/** Where install-time templates of the embedded database live (made by `npm install`). */
export const templateCacheDir = inRepo('.cache');

/** Names the current set of migrations: a template made for other migrations is never used. */
export async function migrationsHash(): Promise<string> {
  const migrations = await readMigrations();
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(m.name).update('\0').update(m.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Where the migrated embedded-database template for the current migrations lives. */
export async function templatePath(): Promise<string> {
  return path.join(templateCacheDir, `pglite-${await migrationsHash()}.tar.gz`);
}
