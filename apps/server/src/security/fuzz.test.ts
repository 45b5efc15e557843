// Bad input, everywhere: every request body, query string and path parameter of the OpenAPI
// document, fuzzed with fast-check from its schema, with mutations of a valid request and with
// hand-picked nasties (SQL, HTML, NUL bytes, full-width and exotic unicode, huge strings, deep
// JSON, 10 MB bodies, wrong content types). Whatever comes in: never a 5xx, always an RFC 9457
// problem with a stable code, and a rejected request stores nothing (every table's row count and
// newest row version are compared before and after each rejection, once any transaction has ended
// since the last comparison).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';

import { createTestContext, type TestContext } from '../testing/test-app.ts';
import { FULL_WIDTH_PLATE, HTML, HUGE, LONE_SURROGATE, NUL, SQL, UNICODE, fromSchema, mutated, nastyStrings, pathsOf, queryArbitrary, setPath } from './arbitraries.ts';
import { operationsOf, ownerToken, routeTable, urlOf, type JsonSchema, type Operation, type RouteEntry } from './route-table.ts';
import { buildWorld, type World } from './world.ts';

/** Runs per operation and kind of input; FUZZ_RUNS=500 for a long local session. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const JSON_TYPE = 'application/json';

let ctx: TestContext;
let w: World;
let ops: Operation[];
let tables: string[];
let fingerprintSql: string;
const tried = { requests: 0, rejected: 0, accepted: 0 };

/** Rows a rejected request may legitimately write: a failed login counts towards the account's lock. */
const mayWriteOnRejection: Record<string, string[]> = {
  'POST /auth/login': ['users', 'audit_log'],
  // A WebAuthn challenge is single-use: a failed answer uses it up too.
  'POST /enterprise/security-keys': ['webauthn_challenges'],
  'POST /auth/webauthn/login': ['webauthn_challenges'],
};

before(async () => {
  ctx = await createTestContext();
  w = await buildWorld(ctx);
  ops = operationsOf((await ctx.call('GET', '/api/v1/openapi.json')).json()).filter((op) => routeTable[op.key] && !routeTable[op.key].stream);
  const rows = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(ctx.deps.db);
  tables = rows.rows.map((r) => r.table_name);
  fingerprintSql = tables.map((t) => `select '${t}' as t, count(*)::int as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${t}"`).join(' union all ');
});
after(async () => {
  await ctx?.close();
});

/** The database's state: each table's row count and newest row version, and the first transaction id not yet ended. */
interface Fingerprint {
  xmax: string;
  tables: Map<string, string>;
}
const xmaxSql = 'select pg_snapshot_xmax(pg_current_snapshot())::text as xmax';
/**
 * The state now. Writing a row, even one rolled back, takes a transaction id; so while no
 * transaction has ended since `previous` was taken (the same xmax), no table can have changed and
 * `previous` stands, without scanning every table (most of this file's time on the embedded database).
 */
async function fingerprint(previous?: Fingerprint): Promise<Fingerprint> {
  if (previous) {
    const { rows } = await sql<{ xmax: string }>`${sql.raw(xmaxSql)}`.execute(ctx.deps.db);
    if (rows[0]!.xmax === previous.xmax) return previous;
  }
  const { rows } = await sql<{ t: string; n: number; x: string; xmax: string }>`select f.*, s.xmax from (${sql.raw(fingerprintSql)}) f cross join (${sql.raw(xmaxSql)}) s`.execute(ctx.deps.db);
  return { xmax: rows[0]!.xmax, tables: new Map(rows.map((r) => [r.t, `${r.n}/${r.x}`])) };
}

interface Sent {
  body?: unknown;
  raw?: string | Buffer;
  contentType?: string | null;
  url?: string;
  query?: string;
  params?: Record<string, string>;
}

async function send(op: Operation, entry: RouteEntry, input: Sent): Promise<LightMyRequestResponse> {
  const token = ownerToken(entry, w);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: string | Buffer | undefined = input.raw;
  if (payload === undefined && 'body' in input) payload = input.body === undefined ? '' : JSON.stringify(input.body);
  if (payload !== undefined && input.contentType !== null) headers['content-type'] = input.contentType ?? JSON_TYPE;
  const url = input.url ?? urlOf(op, entry, w, { query: input.query, params: input.params });
  tried.requests += 1;
  return ctx.app.inject({ method: op.method as 'GET', url, headers, payload });
}

/** The answer's contract whatever the input; a rejection must leave every table as it was. */
async function judge(op: Operation, res: LightMyRequestResponse, before: Fingerprint, what: () => string): Promise<Fingerprint> {
  const where = () => `${op.key} with ${what().slice(0, 300)}`;
  assert.ok(res.statusCode < 500, `${where()}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const after = await fingerprint(before);
  if (res.statusCode < 400) {
    tried.accepted += 1;
    return after;
  }
  tried.rejected += 1;
  const type = String(res.headers['content-type'] ?? '');
  assert.ok(type.startsWith('application/problem+json'), `${where()}: ${res.statusCode} answered as ${type}`);
  const problem = res.json() as { code?: unknown; status?: unknown; errors?: unknown };
  assert.match(String(problem.code), /^[A-Z][A-Z0-9_]+$/, `${where()}: problem without a code: ${res.body.slice(0, 200)}`);
  assert.equal(problem.status, res.statusCode, `${where()}: problem status`);
  if (problem.code === 'VALIDATION') {
    assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0, `${where()}: VALIDATION without field errors`);
    for (const e of problem.errors as { field: unknown; code: unknown; message: unknown }[]) {
      assert.ok(typeof e.field === 'string' && typeof e.code === 'string' && typeof e.message === 'string', `${where()}: malformed field error ${JSON.stringify(e)}`);
    }
  }
  const exempt = new Set(mayWriteOnRejection[op.key] ?? []);
  const changed = tables.filter((t) => !exempt.has(t) && before.tables.get(t) !== after.tables.get(t));
  assert.deepEqual(changed, [], `${where()}: a rejected request (${res.statusCode} ${String(problem.code)}) changed ${changed.join(', ')}`);
  return after;
}

const describeInput = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function jsonBodyOf(op: Operation): JsonSchema | undefined {
  return op.operation.requestBody?.content?.[JSON_TYPE]?.schema;
}
const bodyOps = () => ops.filter((op) => op.operation.requestBody?.content?.[JSON_TYPE]);
const queryOps = () => ops.filter((op) => (op.operation.parameters ?? []).some((p) => p.in === 'query'));
const pathOps = () => ops.filter((op) => (op.operation.parameters ?? []).some((p) => p.in === 'path'));

/** Runs a property per operation and reports every operation that broke, not just the first. */
async function forEachOp(list: Operation[], run: (op: Operation, entry: RouteEntry) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  const times: [string, number][] = [];
  for (const op of list) {
    const started = performance.now();
    try {
      await run(op, routeTable[op.key]);
    } catch (error) {
      failures.push(`${op.key}: ${(error as Error).message.slice(0, 1200)}`);
    }
    times.push([op.key, Math.round(performance.now() - started)]);
  }
  if (process.env.FUZZ_PROFILE) console.log(times.sort((a, b) => b[1] - a[1]).slice(0, 8));
  assert.deepEqual(failures, []);
}

describe('fuzzing every input of every route', () => {
  test(`request bodies: ${RUNS} fuzzed bodies per route (random JSON, schema-shaped, mutated valid)`, async () => {
    assert.ok(bodyOps().length >= 20, `only ${bodyOps().length} routes with a JSON body`);
    await forEachOp(bodyOps(), async (op, entry) => {
      let state = await fingerprint();
      const valid = () => (entry.body ? entry.body(w) : {});
      const body = fc.oneof(
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
        { weight: 2, arbitrary: fromSchema(jsonBodyOf(op), w) },
        { weight: 2, arbitrary: mutated(valid) },
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const res = await send(op, entry, { body: value });
          state = await judge(op, res, state, () => describeInput(value));
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  });

  test('request bodies: each field of each valid body replaced, one at a time, by each hand-picked nasty', async () => {
    const nasties = [SQL, HTML, NUL, FULL_WIDTH_PLATE, UNICODE, LONE_SURROGATE, HUGE, '9999-99-99', -1, 1e308, null];
    await forEachOp(bodyOps().filter((op) => routeTable[op.key].body), async (op, entry) => {
      let state = await fingerprint();
      const paths = pathsOf(entry.body!(w));
      for (const path of paths) {
        for (const nasty of nasties) {
          const value = setPath(entry.body!(w), path, nasty);
          const res = await send(op, entry, { body: value });
          state = await judge(op, res, state, () => `${path.join('.')} = ${describeInput(nasty).slice(0, 40)}`);
        }
      }
    });
    // The SQL went in as data: the tables it aimed at are all still there.
    const users = await ctx.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(users.n) > 0);
  });

  test(`query strings: ${RUNS} fuzzed queries per route`, async () => {
    await forEachOp(queryOps(), async (op, entry) => {
      let state = await fingerprint();
      const parameters = (op.operation.parameters ?? []).filter((p) => p.in === 'query');
      await fc.assert(
        fc.asyncProperty(queryArbitrary(parameters, w), async (query) => {
          const res = await send(op, entry, { query, ...(entry.body ? { body: entry.body(w) } : {}) });
          state = await judge(op, res, state, () => `?${query}`);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  });

  test('path parameters: malformed, foreign and hostile ids are a 400 or 404, never a 5xx', async () => {
    const ids = ['not-a-uuid', SQL, "1' or '1'='1", '00000000-0000-0000-0000-000000000000', crypto.randomUUID(), crypto.randomUUID().toUpperCase(), 'x'.repeat(64), 'x'.repeat(65), '%00', UNICODE, '..', '9999-99-99', '2026-02-30', '-1'];
    await forEachOp(pathOps(), async (op, entry) => {
      let state = await fingerprint();
      const names = (op.operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      for (const name of names) {
        for (const id of ids) {
          const res = await send(op, entry, { params: { [name]: id }, ...(entry.body ? { body: entry.body(w) } : {}) });
          state = await judge(op, res, state, () => `${name}=${id.slice(0, 40)}`);
          assert.ok([400, 404].includes(res.statusCode) || res.statusCode < 300, `${op.key} with ${name}=${id.slice(0, 40)}: ${res.statusCode}`);
        }
      }
    });
  });

  test('malformed HTTP: broken JSON, 10,000-level nesting, 10 MB, wrong content types, prototype pollution', async () => {
    const deepArray = '['.repeat(10_000) + ']'.repeat(10_000);
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const tenMegabytes = `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`;
    const cases: { name: string; raw: string | Buffer; contentType?: string | null; status?: number[] }[] = [
      { name: 'broken JSON', raw: '{"a":', status: [400] },
      { name: 'trailing garbage', raw: '{} {}', status: [400] },
      { name: 'empty JSON body', raw: '', status: [400] },
      { name: 'NUL bytes', raw: '\u0000\u0000', status: [400] },
      { name: 'invalid UTF-8', raw: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: [400] },
      { name: 'deep array (10,000 levels)', raw: deepArray, status: [400] },
      { name: 'deep object (10,000 levels)', raw: deepObject, status: [400] },
      { name: 'deep nesting inside a field', raw: `{"header":${deepObject},"vehicles":${deepArray},"name":${deepArray},"reason":${deepObject}}`, status: [400] },
      { name: 'number overflow (1e400)', raw: '{"capacity":{"pickup":1e400},"ratedLoadKg":1e400,"pieces":1e400}', status: [400] },
      { name: '__proto__ pollution', raw: '{"__proto__":{"polluted":"yes","role":"platform_admin"}}', status: [400] },
      { name: 'constructor.prototype pollution', raw: '{"constructor":{"prototype":{"polluted":"yes"}}}', status: [400] },
      { name: '10 MB body', raw: tenMegabytes, status: [413] },
      { name: 'text/plain', raw: '{}', contentType: 'text/plain', status: [415] },
      { name: 'application/xml', raw: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', contentType: 'application/xml', status: [415] },
      { name: 'form-urlencoded', raw: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded', status: [415] },
      { name: 'multipart', raw: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--', contentType: 'multipart/form-data; boundary=b', status: [415] },
      { name: 'JSON with a strange charset', raw: '{}', contentType: 'application/json; charset=utf-7', status: [400, 415] },
      { name: 'no content type', raw: '{}', contentType: null, status: [400, 415] },
    ];
    await forEachOp(bodyOps(), async (op, entry) => {
      let state = await fingerprint();
      for (const c of cases) {
        const res = await send(op, entry, { raw: c.raw, contentType: c.contentType });
        state = await judge(op, res, state, () => c.name);
        if (c.status && !c.status.includes(res.statusCode)) {
          // Access is checked before the body is read, and a body a route ignores may pass.
          assert.ok(res.statusCode < 500, `${op.key} with ${c.name}: ${res.statusCode}`);
          assert.ok(!(c.name.includes('pollution') && res.statusCode < 300), `${op.key} accepted ${c.name}`);
        }
      }
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  });

  test('the .xlsx import: a 10 MB + 1 byte file is 413, rubbish is a coded 400', async () => {
    const op = ops.find((o) => o.key === 'POST /vehicle-filings/import');
    assert.ok(op, 'the import route is in the document');
    const entry = routeTable[op.key];
    let state = await fingerprint();
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    for (const [raw, expected] of [
      [Buffer.alloc(10 * 1024 * 1024 + 1, 0x50), 413],
      [Buffer.from('PK\u0003\u0004 truncated zip'), 400],
      [Buffer.from(deepZipLikeGarbage()), 400],
      [Buffer.alloc(0), 400],
    ] as const) {
      const res = await send(op, entry, { raw, contentType: type });
      state = await judge(op, res, state, () => `${raw.length} bytes`);
      assert.equal(res.statusCode, expected, res.body.slice(0, 200));
    }
  });

  test('tally', (t) => {
    t.diagnostic(`bad inputs tried: ${tried.requests} requests (${tried.rejected} rejected, ${tried.accepted} accepted), ${nastyStrings.length} hand-picked nasty strings, ${RUNS} fuzz runs per route and kind`);
    assert.ok(tried.requests > 1000);
  });
});

function deepZipLikeGarbage(): string {
  return 'PK' + '\u0000'.repeat(64) + 'word/document.xml' + 'x'.repeat(1000);
}
