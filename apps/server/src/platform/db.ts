import { createHash } from 'node:crypto';

import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, PostgresDialect } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import pg from 'pg';

import type { Database } from './db-schema.ts';
import { drainEvents } from './events.ts';
import { EMBEDDED_BUFFERS_MB } from './embedded-buffers.ts';
import { DATABASE_KEEPALIVE } from './pg-keepalive.ts';
import { parseTimestamptz, TIMESTAMPTZ_OID } from './pg-timestamp.ts';

export type Db = Kysely<Database>;
export type Engine = 'pglite' | 'postgres';

/** What the rest of the server holds of the database: the typed query builder and its engine. */
export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** Runs a multi-statement SQL script (migrations) in one transaction. */
  execScript(script: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

// DATE stays 'YYYY-MM-DD' (a calendar day in the terminal's zone, not an instant); INT8 as number
// where it fits, since our counters never approach 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * PGlite has one connection. Kysely's transactions assume each acquired connection is its own,
 * so concurrent requests must take turns: a transaction holds the connection until it ends,
 * otherwise one request's statements would run inside another's transaction.
 */
class PGliteDriver implements Driver {
  #client: PGlite;
  #queue: Promise<void> = Promise.resolve();

  constructor(client: PGlite) {
    this.#client = client;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => turn);
    await previous;
    return new PGliteConnection(this.#client, release);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${level}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).release();
  }

  async destroy(): Promise<void> {
    await this.#client.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly release: () => void;
  #client: PGlite;

  constructor(client: PGlite, release: () => void) {
    this.#client = client;
    this.release = release;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const affected = result.affectedRows;
    return { rows: result.rows, numAffectedRows: affected === undefined ? undefined : BigInt(affected) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

const pgliteParsers = {
  [DATE_OID]: (value: string) => value,
  [INT8_OID]: (value: string) => Number(value),
  [TIMESTAMPTZ_OID]: parseTimestamptz,
};

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File; buffersMb?: number } = {}): Promise<PGlite> {
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.buffersMb ?? EMBEDDED_BUFFERS_MB}MB`];
  return PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers: pgliteParsers, startParams });
}

export function pgliteHandle(client: PGlite): DatabaseHandle {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PGliteDriver(client),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return {
    db,
    engine: 'pglite',
    pglite: client,
    async execScript(script) {
      // Through Kysely's connection so the script takes its turn like any transaction.
      await db.connection().execute(async () => {
        await client.transaction(async (tx) => {
          await tx.exec(script);
        });
      });
    },
    async ping() {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await drainEvents(db);
      await db.destroy();
    },
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
};

/** Statements kept prepared per connection; past that, further texts go unnamed (parsed each time). */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `cw_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

/**
 * Sends the query builder's parameterized statements as named prepared statements: PostgreSQL
 * parses and plans a statement once per connection instead of on every call. On the gate read
 * that halves the database's work per request (docs/performance.md). Scripts without parameters
 * (migrations) and texts past the per-connection cap are sent as before.
 */
function usePreparedStatements(client: pg.PoolClient): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config !== 'string' || !Array.isArray(values)) return query(config, values, callback);
    if (!prepared.has(config)) {
      if (prepared.size >= PREPARED_PER_CONNECTION) return query(config, values, callback);
      prepared.add(config);
    }
    return query({ name: statementName(config), text: config, values }, callback);
  };
}

export function postgresHandle(url: string, options: { max?: number; onError?: (error: Error) => void } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: pgTypes as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
    // Connections stay open while idle (pg's default closes them after 10 s). A new connection
    // starts a PostgreSQL backend that parses and plans every statement again: the gate's batch
    // statement takes about 15 ms to parse and plan, and its first runs on a connection are each
    // planned anew (2–9 ms) before its generic plan is kept. A lane reading a truck every 12 s
    // answered in 46–57 ms instead of 6–9 (docs/performance.md).
    idleTimeoutMillis: 0,
    ...DATABASE_KEEPALIVE,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.onError?.(error));
  // Nor one that is checked out (inside a transaction, between two statements) when the connection
  // drops: pg emits 'error' on it, and without a listener that kills the process. Its query fails,
  // the request answers 503, and the pool discards the broken client on release.
  // (Found by reliability/crash.test.ts cutting the database connection under load.)
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError?.(error));
    usePreparedStatements(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    pool,
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(script);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await drainEvents(db);
      await db.destroy();
    },
  };
}
