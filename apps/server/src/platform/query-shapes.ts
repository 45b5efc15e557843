import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely';

import type { Database } from './db-schema.ts';

/**
 * The query builder with no database behind it, for shapes (`shapedQuery`): it only builds and
 * compiles, as both engines' dialects do (PostgreSQL's compiler), and runs nothing.
 */
export const queryBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** A parameter of a built shape: one of the call's values, or a constant of the builder's code. */
type Parameter<V> = { name: keyof V } | { constant: unknown };

/** What stands for a value while a shape is built: no value of a call is ever compared to it. */
const SLOT = '\u0000cw-slot:';
/** Shapes kept per query at most (one per combination of the values given). */
const MAX_SHAPES = 1024;

/**
 * A query whose SQL depends only on which of its values are given (a list's filters, a cursor or
 * not), built by the query builder once per such shape and then run with each call's values.
 * Building and compiling a list page's query anew cost about a tenth of our server's CPU per page
 * under the list load (docs/performance.md).
 *
 * `build` gets, for each value given, a stand-in to put where the value goes, and undefined for
 * the others; it may branch on whether a value is given, but must pass the values through as they
 * are (a value computed from another, e.g. `limit + 1`, is a value of its own: a stand-in changed
 * on its way makes the first call of that shape throw). A parameter that is no stand-in is a
 * constant of the builder's code (`limit(1)`): the builder sees no call's values, only stand-ins.
 */
export function shapedQuery<V extends Record<string, unknown>, R>(build: (values: V) => Compilable<R>): (values: V) => CompiledQuery<R> {
  const shapes = new Map<string, { sql: string; parameters: Parameter<V>[] }>();
  return (values) => {
    const given = Object.keys(values).filter((name) => values[name] !== undefined);
    const shape = given.join(',');
    let compiled = shapes.get(shape);
    if (!compiled) {
      const standIns = Object.fromEntries(given.map((name) => [name, `${SLOT}${name}`])) as V;
      const query = build(standIns).compile();
      const parameters = query.parameters.map((parameter): Parameter<V> => {
        if (typeof parameter !== 'string' || !parameter.startsWith(SLOT)) return { constant: parameter };
        const name = parameter.slice(SLOT.length);
        if (!given.includes(name)) throw new Error(`shapedQuery: a parameter of shape {${shape}} was made from a value instead of being one: ${JSON.stringify(name)}`);
        return { name: name as keyof V };
      });
      compiled = { sql: query.sql, parameters };
      if (shapes.size < MAX_SHAPES) shapes.set(shape, compiled);
    }
    return CompiledQuery.raw(compiled.sql, compiled.parameters.map((p) => ('name' in p ? values[p.name] : p.constant))) as CompiledQuery<R>;
  };
}
