import { sql } from 'kysely';

import type { DatabaseHandle } from './db.ts';
import { readMigrations, type Migration } from './migration-files.ts';

export { migrationsDir, readMigrations, type Migration } from './migration-files.ts';

/**
 * Applies pending forward-only migrations. Each runs in its own transaction that first takes an
 * advisory lock, so two servers starting together apply each migration once.
 */
export async function migrate(handle: DatabaseHandle, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await handle.execScript(
    'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
  );
  const applied: string[] = [];
  for (const migration of all) {
    const done = await sql<{ name: string }>`select name from schema_migrations where name = ${migration.name}`.execute(handle.db);
    if (done.rows.length > 0) continue;
    const quoted = migration.name.replace(/'/g, "''");
    await handle.execScript(
      `select pg_advisory_xact_lock(727271);
       do $$ begin if exists (select 1 from schema_migrations where name = '${quoted}') then raise exception 'migration_already_applied'; end if; end $$;
       ${migration.sql}
       ;insert into schema_migrations (name) values ('${quoted}');`,
    ).catch((error: Error) => {
      if (!String(error.message).includes('migration_already_applied')) throw error;
    });
    applied.push(migration.name);
  }
  return applied;
}
