/**
 * The list's ceiling on this machine with no HTTP at all: one Node process doing what our server
 * does for a page of `GET /api/v1/appointments` once the request is authorized — our query builder,
 * pool, prepared statement and type parsers (`pageOfAppointments`), the presenter and
 * `JSON.stringify` of the answer — in a loop, `IN_FLIGHT` pages at a time. No server on this stack
 * can answer more pages a second than this process makes, since it must also do HTTP.
 *
 * Warms up for `WARMUP` seconds, prints `measuring`, loops for `SECONDS` more, then prints one JSON
 * line: { pages, seconds, bytes, cpuSeconds } (its own CPU, user + system, over the measured time).
 *
 * Env: DATABASE_URL, ENTERPRISE_ID, LIMIT (50), IN_FLIGHT (20), POOL_MAX (10, like the server's),
 * WARMUP (1), SECONDS (10).
 */
import { appointmentListQuery } from '@cargo-window/contracts';

import { postgresHandle } from '../apps/server/src/platform/db.ts';
import { pageOfAppointments } from '../apps/server/src/modules/scheduling/list-appointments.ts';
import { presentAppointmentSummary } from '../apps/server/src/modules/scheduling/presenters.ts';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const enterpriseId = env('ENTERPRISE_ID');
const limit = Number(env('LIMIT', '50'));
const inFlight = Number(env('IN_FLIGHT', '20'));
const warmup = Number(env('WARMUP', '1'));
const seconds = Number(env('SECONDS', '10'));

const handle = postgresHandle(env('DATABASE_URL'), { max: Number(env('POOL_MAX', '10')) });

// The query string a client sends for page 1, read as the route reads it.
const { after: _after, limit: pageSize, ...filters } = appointmentListQuery.parse({ limit: String(limit) });

let pages = 0;
let bytes = 0;
async function loop(until: number): Promise<void> {
  while (performance.now() < until) {
    const page = await pageOfAppointments(handle.db, enterpriseId, filters, null, pageSize);
    bytes += JSON.stringify({ items: page.rows.map(presentAppointmentSummary), next: page.next }).length;
    pages++;
  }
}
const run = (ms: number) => {
  const until = performance.now() + ms;
  return Promise.all(Array.from({ length: inFlight }, () => loop(until)));
};

await run(warmup * 1000);
pages = 0;
bytes = 0;
process.stdout.write('measuring\n');
const cpu = process.cpuUsage();
const started = performance.now();
await run(seconds * 1000);
const elapsed = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ pages, seconds: elapsed, bytes: pages ? Math.round(bytes / pages) : 0, cpuSeconds: (used.user + used.system) / 1e6 })}\n`);
await handle.close();
