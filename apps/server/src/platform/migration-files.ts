import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { inRepo } from './repo-paths.ts';

/*
 * The migration files, apart from running them (migrate.ts): naming the install-time templates
 * needs only these, early in a start, before the query builder has loaded.
 */

export const migrationsDir = inRepo('db', 'migrations');

export interface Migration {
  name: string;
  sql: string;
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(path.join(dir, name), 'utf8') })));
}
