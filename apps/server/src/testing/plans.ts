import { sql } from 'kysely';

import type { Db } from '../platform/db.ts';

/**
 * A parameter as a literal of EXECUTE: a number as it is, a text quoted, an array (of the texts the
 * batched statements take) in PostgreSQL's text form, each element quoted and escaped.
 */
function literalOf(value: unknown) {
  if (typeof value === 'number' || typeof value === 'string') return sql.lit(value);
  if (Array.isArray(value) && value.every((element) => typeof element === 'string')) {
    return sql.lit(`{${value.map((element: string) => `"${element.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  }
  throw new Error(`no literal for ${JSON.stringify(value)}`);
}

/**
 * Prepares `text` on one connection, runs it `calls` times with `parameters` (numbers, texts or
 * arrays of texts), and answers how PostgreSQL planned those calls
 * (`pg_prepared_statements`), with the plan of one more: a statement it plans anew at every call
 * shows only custom plans.
 */
export async function plansOf(db: Db, text: string, parameters: readonly unknown[], calls: number): Promise<{ generic: number; custom: number; plan: string }> {
  return db.connection().execute(async (connection) => {
    const name = `plans_${Math.random().toString(36).slice(2, 10)}`;
    await sql.raw(`prepare ${name} as ${text}`).execute(connection);
    try {
      const literals = parameters.map(literalOf);
      for (let i = 0; i < calls; i++) await sql`execute ${sql.raw(name)}(${sql.join(literals)})`.execute(connection);
      const { rows } = await sql<{ generic: number; custom: number }>`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name = ${name}`.execute(connection);
      const explained = await sql<{ 'QUERY PLAN': string }>`explain execute ${sql.raw(name)}(${sql.join(literals)})`.execute(connection);
      return { ...rows[0], plan: explained.rows.map((row) => row['QUERY PLAN']).join('\n') };
    } finally {
      await sql.raw(`deallocate ${name}`).execute(connection);
    }
  });
}
