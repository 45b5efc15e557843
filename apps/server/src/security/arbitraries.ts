// fast-check arbitraries for request bodies and queries, derived from the OpenAPI document's
// JSON schemas (so a new route is fuzzed without writing anything), mixed with hand-picked nasties
// and with mutations of a valid request.
import fc from 'fast-check';

import { validAwb } from '../testing/scheduling-factories.ts';
import type { JsonSchema } from './route-table.ts';
import { residentIdNo, worldPlate, type World } from './world.ts';

export const SQL = "'; drop table users; --";
export const HTML = '<script>alert(1)</script><img src=x onerror=alert(document.cookie)>';
export const NUL = 'nul\u0000byte';
export const FULL_WIDTH_PLATE = '粤Ｂ１２３４５';
export const UNICODE = '\u202Eevil\u200B\u200D👩‍👩‍👧‍👦𠮷\uFEFF';
export const LONE_SURROGATE = 'x\uD800y';
export const HUGE = 'A'.repeat(200_000);

/** Strings that have broken servers before. */
export const nastyStrings = [
  SQL,
  "1' or '1'='1",
  '"; select pg_sleep(5); --',
  HTML,
  NUL,
  FULL_WIDTH_PLATE,
  '京A12345\u3000',
  UNICODE,
  LONE_SURROGATE,
  HUGE,
  '',
  '   ',
  '../../../../etc/passwd',
  '%00%27%22',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '9999-99-99',
  '0000-00-00',
  '2026-02-30',
  '-1',
  'NaN',
  '1e400',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '__proto__',
];

export const nastyValues: unknown[] = [
  ...nastyStrings,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  true,
  null,
  [],
  {},
  [null],
  { $gt: '' },
];

export const nastyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...nastyValues) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  );

/** Values of the right kind for well-known field names, so some fuzzed bodies get past validation. */
function hints(w: World): Record<string, fc.Arbitrary<unknown>> {
  let serial = 900_000;
  return {
    plate: fc.oneof(fc.constant(w.a.plate), fc.constant(FULL_WIDTH_PLATE), fc.constant(null).map(() => worldPlate())),
    uscc: fc.constantFrom('91350100M000100Y43', '91110000100006485K', '911101157KTD2019XW'),
    driverIdNo: fc.constant(null).map(() => residentIdNo()),
    contactPhone: fc.constantFrom('13800138000', '1380013800'),
    driverPhone: fc.constantFrom('13800138000', '23800138000'),
    phone: fc.constantFrom('13800138000', ''),
    password: fc.constantFrom('Passw0rd!x', 'weak'),
    username: fc.constant(null).map(() => `fz_${process.pid % 10000}_${++serial}`),
    awb: fc.constant(null).map(() => validAwb(++serial)),
    terminalId: fc.constantFrom(w.terminalId, w.terminal2Id),
    slotId: fc.constant(w.slotId),
    vehicleId: fc.constantFrom(w.a.vehicleId, w.a.spareVehicleId),
    gateId: fc.constantFrom(w.inGateId, w.gate2Id),
    replacesVehicleId: fc.constant(w.a.vehicleId),
    timeZone: fc.constantFrom('Asia/Shanghai', 'Mars/Olympus', 'UTC'),
    readAt: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    date: fc.constantFrom(w.slotDate, '9999-12-31', '2026-02-30'),
  };
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
  const options: fc.Arbitrary<string>[] = [fc.string({ minLength: Math.min(min, 40), maxLength: Math.min(Math.max(max, min), 40) })];
  if (typeof schema.pattern === 'string') {
    try {
      options.push(fc.stringMatching(new RegExp(schema.pattern)));
    } catch {
      // A pattern fast-check cannot invert: plain strings only.
    }
  }
  if (schema.format === 'uuid') options.push(fc.uuid());
  if (schema.format === 'date-time') options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if (typeof schema.maxLength === 'number') options.push(fc.constant('x'.repeat(schema.maxLength + 1)));
  return fc.oneof(...options);
}

/** An arbitrary of values shaped like the schema: mostly the right types, sometimes out of range. */
export function fromSchema(schema: JsonSchema | undefined, w: World, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  const hint = hints(w)[name];
  const base = fromSchemaInner(schema, w, depth);
  return hint ? fc.oneof(hint, base) : base;
}

function fromSchemaInner(schema: JsonSchema, w: World, depth: number): fc.Arbitrary<unknown> {
  const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, w, '', depth + 1)));
  if (Array.isArray(schema.enum)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
  if ('const' in schema) return fc.constant(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => fromSchemaInner({ ...schema, type: t }, w, depth)));
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
      return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -0) });
    }
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.constantFrom(0, -0, 1e308, -1));
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 0, 1) });
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = fromSchema(schema.items as JsonSchema | undefined, w, '', depth + 1);
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : 4;
      return fc.array(items, { minLength: Math.min(min, 5), maxLength: Math.min(Math.max(max, min), 5) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromSchema(value, w, key, depth + 1)])),
        { requiredKeys: required.filter((key) => key in properties) },
      );
      // Now and then a field the schema does not know, or a required one left out.
      return fc.oneof(
        { weight: 5, arbitrary: record },
        { weight: 1, arbitrary: fc.tuple(record, fc.string({ maxLength: 10 }), nastyValue()).map(([r, k, v]) => ({ ...r, [k]: v })) },
        { weight: 1, arbitrary: fc.tuple(record, fc.nat()).map(([r, n]) => omitKey(r as Record<string, unknown>, required[n % Math.max(required.length, 1)])) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function omitKey(record: Record<string, unknown>, key: string | undefined): Record<string, unknown> {
  if (!key) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

type Path = (string | number)[];

/** Every path to a value in a JSON document (leaves and containers). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  return out;
}

export function setPath(value: unknown, path: Path, replacement: unknown | typeof DELETE): unknown {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const copy: unknown = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  const container = copy as Record<string | number, unknown>;
  if (rest.length === 0) {
    if (replacement === DELETE) {
      if (Array.isArray(copy)) copy.splice(head as number, 1);
      else delete container[head];
    } else container[head] = replacement;
  } else container[head] = setPath(container[head], rest, replacement);
  return copy;
}
export const DELETE = Symbol('delete');

/** A valid body with one part deleted, replaced by a nasty or random value, or blown up. */
export function mutated(valid: () => unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat(), fc.constantFrom('delete', 'replace', 'replace', 'wrap', 'repeat'), nastyValue())
    .map(([n, how, nasty]) => {
      const body = valid();
      const paths = pathsOf(body);
      if (paths.length === 0) return nasty;
      const path = paths[n % paths.length];
      const current = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], body);
      if (how === 'delete') return setPath(body, path, DELETE);
      if (how === 'wrap') return setPath(body, path, [current]);
      if (how === 'repeat') return setPath(body, path, Array.from({ length: 600 }, () => current));
      return setPath(body, path, nasty);
    });
}

/** Query strings from the operation's parameters: schema-shaped values, nasties, repeats, strangers. */
export function queryArbitrary(parameters: { name: string; schema?: JsonSchema }[], w: World): fc.Arbitrary<string> {
  const value = (schema: JsonSchema | undefined, name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fromSchema(schema, w, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
      { weight: 2, arbitrary: fc.constantFrom(...nastyStrings.filter((s) => s.length < 1000)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    );
  const pairs = fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...parameters).chain((p) => value(p.schema, p.name).map((v) => [p.name, v] as const)) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'limit[]', 'a[b]', 'x'), fc.string({ maxLength: 10 })) },
    ),
    { maxLength: 6 },
  );
  const raw = fc.constantFrom('a=%', 'limit=%zz', '%E0%A4%A=1', 'limit=1&limit=2', 'after=%00', '=&&=', '?');
  return fc.oneof({ weight: 8, arbitrary: pairs.map((list) => list.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')) }, { weight: 1, arbitrary: raw });
}

/** Percent-encodes every byte of the UTF-8 form (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function pct(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
