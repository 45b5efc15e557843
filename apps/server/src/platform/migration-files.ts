import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/*
 * The migration files, apart from running them (migrate.ts): naming the install-time templates
 * needs only these, early in a start, before the query builder has loaded.
 */

export const migrationsDir = fileURLToPath(new URL('../../../../db/migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
}

export async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(path.join(dir, name), 'utf8') })));
}
