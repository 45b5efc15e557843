import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { log, withTimeout } from './util.ts';

/**
 * The machine's PostgreSQL, as its administrator. BENCH_ADMIN_URL may point elsewhere on this
 * machine; the benchmark refuses any host but loopback.
 */
export const adminUrl = new URL(process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname)) {
  throw new Error(`BENCH_ADMIN_URL must be on this machine (127.0.0.1), not ${adminUrl.hostname}`);
}

/** Bench databases are named cw_bench_<pid>_<hex>: a later run can tell a dead run's leftovers. */
const PREFIX = 'cw_bench_';

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function postgresVersion(): Promise<string | null> {
  try {
    return await withAdmin(async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0].v);
  } catch {
    return null;
  }
}

const created = new Set<string>();

export async function createBenchDatabase(label: string): Promise<string> {
  const name = `${PREFIX}${process.pid}_${label}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  created.add(name);
  return name;
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await withTimeout(
    withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)),
    30_000,
    `drop database ${name}`,
  );
  created.delete(name);
}

const KEPT = 'kept by npm run bench -- --keep';

/** Marks this run's databases as kept (`--keep`): later runs do not take them for leftovers. */
export async function keepCreatedDatabases(): Promise<void> {
  for (const name of created) {
    await withAdmin((c) => c.query(`comment on database ${name} is '${KEPT}'`));
    log(`kept database ${name} (drop it with: dropdb -h 127.0.0.1 -U postgres ${name})`);
  }
}

/** Drops every database this run made (bounded in time; errors are reported, not thrown). */
export async function dropCreatedDatabases(): Promise<void> {
  for (const name of [...created]) {
    try {
      await dropBenchDatabase(name);
    } catch (error) {
      log(`could not drop ${name}: ${(error as Error).message}`);
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers of runs that were killed before they could clean up (their process is gone). */
export async function dropOrphanedDatabases(): Promise<string[]> {
  const names = await withAdmin(async (c) => (await c.query<{ datname: string }>(`select datname from pg_database where datname like 'cw\\_bench\\_%' and shobj_description(oid, 'pg_database') is distinct from '${KEPT}'`)).rows.map((r) => r.datname));
  const dropped: string[] = [];
  for (const name of names) {
    const pid = Number(/^cw_bench_(\d+)_/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
    dropped.push(name);
  }
  return dropped;
}

/** A small pool for seeding and checks. */
export function benchPool(name: string, max = 4): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl(name), max, connectionTimeoutMillis: 10_000 });
}
