import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { openPglite, pgliteHandle, postgresHandle, type DatabaseHandle } from '../platform/db.ts';
import { migrate } from '../platform/migrate.ts';
import { loadTemplate, templatePath } from '../platform/pglite-template.ts';

/** Which engine the server tests run on: `TEST_DB=postgres` for the machine's PostgreSQL. */
export const testEngine: 'pglite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** A URL other processes can open (PostgreSQL only). */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a clone of the migrated template, never shared. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine === 'pglite') {
    const handle = pgliteHandle(await openPglite({ loadDataDir: await loadTemplate() }));
    return { handle, url: null, drop: () => handle.close() };
  }
  const template = await ensurePostgresTemplate();
  const name = `cw_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    // Cloning fails while another clone of the same template is in progress: wait and retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${template}`);
        return;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test(String((error as Error).message))) throw error;
        await sleep(50 + Math.random() * 100);
      }
    }
  });
  const url = databaseUrl(name);
  const handle = postgresHandle(url, { max: 20 });
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One migrated template database per set of migrations, made by whichever test file comes first. */
async function ensurePostgresTemplate(): Promise<string> {
  const hash = /pglite-([0-9a-f]+)\.tar\.gz$/.exec(await templatePath())![1];
  const name = `cw_tpl_${hash}`;
  const exists = await withAdmin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const building = `${name}_b${randomBytes(3).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${building}`));
  const handle = postgresHandle(databaseUrl(building), { max: 1 });
  await migrate(handle);
  await handle.close();
  await withAdmin(async (client) => {
    try {
      await client.query(`alter database ${building} rename to ${name}`);
    } catch {
      // Another file finished first; its template is the same.
      await client.query(`drop database if exists ${building} with (force)`);
    }
  });
  return name;
}
