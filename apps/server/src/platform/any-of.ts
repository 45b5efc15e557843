import { sql } from 'kysely';

/**
 * `= any(…)` of a list of values, for a statement that takes one value or many: one statement text
 * (and one prepared statement) for any number of them. The array sits behind a sub-select, so that
 * no plan sees how many values one call passes. Seen, they made PostgreSQL plan every call anew (a
 * plan for one or two values looks cheaper than the generic plan's guess of ten), and planning cost
 * it more than running these statements did (docs/performance.md, What was changed); hidden, the
 * generic plan is as cheap, and PostgreSQL keeps it after its first five calls on a connection.
 * A join in such a statement is then planned for ten rows: read what the rows need by key.
 */
export function anyOf(values: readonly string[], type: 'uuid' | 'text') {
  const array = sql.raw(`${type}[]`);
  return sql<string>`any((select ${sql.val(values)}::${array})::${array})`;
}
