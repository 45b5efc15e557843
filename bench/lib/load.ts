import http from 'node:http';

import autocannon from 'autocannon';

import { addCpu, noCpu, type CpuSplit } from './procs.ts';
import { percentile, round, withTimeout } from './util.ts';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Mean bytes of a response (headers and body). */
  bytes: number;
}

/** The raw latencies of each result, kept out of latest.json. */
const rawLatencies = new WeakMap<LoadResult, number[]>();

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
}

/**
 * One autocannon run. Latencies are taken from every response (any status) with sub-millisecond
 * precision — autocannon's own histogram keeps whole milliseconds of 2xx only.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  const started = performance.now();
  const result = await withTimeout(
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: options.url, connections: options.connections, duration: options.seconds, timeout: 10, requests: options.requests },
        (error, res) => (error ? reject(error) : resolve(res)),
      );
      instance.on('response', (_client: unknown, status: number, size: number, ms: number) => {
        latencies.push(ms);
        bytes += size;
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
    }),
    (options.seconds + 30) * 1000,
    `load on ${options.url}`,
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return summarize(latencies, seconds, { statuses, errors: result.errors, timeouts: result.timeouts, bytes });
}

/** A load's result from its sorted latencies (ms), wall time, statuses and total response bytes. */
function summarize(latencies: number[], seconds: number, counts: { statuses: Record<string, number>; errors: number; timeouts: number; bytes: number }): LoadResult {
  const out: LoadResult = {
    requests: latencies.length,
    seconds: round(seconds, 2),
    rps: round(latencies.length / seconds, 0),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(latencies[latencies.length - 1] ?? 0, 1),
    statuses: counts.statuses,
    errors: counts.errors,
    timeouts: counts.timeouts,
    bytes: latencies.length === 0 ? 0 : Math.round(counts.bytes / latencies.length),
  };
  rawLatencies.set(out, latencies);
  return out;
}

/** Several runs of the same load as one: totals over total time, percentiles over all responses. */
export function mergeLoads(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => rawLatencies.get(r) ?? []).sort((a, b) => a - b);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [status, count] of Object.entries(r.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  return summarize(latencies, seconds, { statuses, errors: runs.reduce((n, r) => n + r.errors, 0), timeouts: runs.reduce((n, r) => n + r.timeouts, 0), bytes: runs.reduce((n, r) => n + r.bytes * r.requests, 0) });
}

/**
 * Two rounds a side in the order ours, baseline, baseline, ours: what the phase before leaves
 * behind (the load generator's garbage, the machine's drift) does not fall on one side only.
 * `round` is 0 for a side's first round, 1 for its second.
 */
export async function mirroredRounds<T>(ours: (round: number) => Promise<T>, baseline: (round: number) => Promise<T>): Promise<{ ours: T[]; baseline: T[] }> {
  const oursFirst = await ours(0);
  const baselineFirst = await baseline(0);
  const baselineSecond = await baseline(1);
  const oursSecond = await ours(1);
  return { ours: [oursFirst, oursSecond], baseline: [baselineFirst, baselineSecond] };
}

/** Rounds of one side's load measured with `cpuDuring`, as one: latencies merged, CPU summed. */
export function mergeRounds(rounds: { result: LoadResult; cpu: CpuSplit }[]): { result: LoadResult; cpu: CpuSplit } {
  const cpu = noCpu();
  for (const round of rounds) addCpu(cpu, round.cpu);
  return { result: mergeLoads(rounds.map((round) => round.result)), cpu };
}

/** Share of responses that were not 2xx (or never came). */
export function failureShare(result: LoadResult): number {
  const ok = Object.entries(result.statuses).reduce((n, [status, count]) => n + (status.startsWith('2') ? count : 0), 0);
  const all = result.requests + result.errors;
  return all === 0 ? 1 : 1 - ok / all;
}

export interface Response {
  status: number;
  body: string;
  ms: number;
}

/** A keep-alive HTTP client with exactly `sockets` connections: the booking storm's 200 clients, the gate's open load. */
export function stormClient(baseUrl: string, sockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  function request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'content-length': String(body ? Buffer.byteLength(body) : 0) }, agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
  return { request, close: () => agent.destroy() };
}

export interface OpenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * An open load: requests sent at a constant rate (spread over each second, every 2 ms whatever is
 * due), whether or not the earlier ones were answered — the way reads arrive from many lanes,
 * unlike autocannon's `overallRate`, which sends each second's share in a burst. Latency is from
 * the moment a request was due to its answer's end, so a queue in the load generator counts too.
 */
export async function openLoad(options: { url: string; rate: number; seconds: number; sockets: number; request: () => OpenRequest }): Promise<LoadResult> {
  const client = stormClient(options.url, options.sockets);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let errors = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const send = (due: number) => {
    const { method, path, headers, body } = options.request();
    const done = client.request(method, path, headers, body).then(
      (response) => {
        latencies.push(performance.now() - due);
        bytes += Buffer.byteLength(response.body);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      },
      () => void errors++,
    );
    pending.add(done);
    void done.then(() => pending.delete(done));
  };
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed / 1000) * options.rate));
      for (; sent < due; sent++) send(started + (sent / options.rate) * 1000);
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  await withTimeout(Promise.all(pending), 35_000, `open load on ${options.url}`);
  client.close();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return summarize(latencies, seconds, { statuses, errors, timeouts: 0, bytes });
}
