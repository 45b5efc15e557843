import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { HOST, log, root, sleep } from './util.ts';

/** A child process the benchmark started (our server or the baseline), with its last output. */
export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const children = new Set<Child>();

export interface SpawnOptions {
  name: string;
  script: string;
  port: number;
  env: Record<string, string | undefined>;
  nodeArgs?: string[];
}

/** Starts `node <script>` (through tsx when it is TypeScript) with exactly the given environment (plus PATH/HOME). */
export function spawnNode(options: SpawnOptions): Child {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key]) env[key] = process.env[key]!;
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let bytes = 0;
  const keep = (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (process.env.BENCH_DEBUG) log(`${options.name} exited (${code}); it wrote ${bytes} bytes, ending with:\n${tail.slice(-1500)}`);
      resolve(code);
    }),
  );
  const handle: Child = { name: options.name, process: child, pid: child.pid!, url: `http://${HOST}:${options.port}`, output: () => tail, exited };
  children.add(handle);
  void exited.then(() => children.delete(handle));
  return handle;
}

/** Polls `path` until it answers 200; answers the milliseconds it took from `since`. */
export async function waitForHttp(child: Child, path: string, options: { timeoutMs: number; since?: number; intervalMs?: number }): Promise<number> {
  const since = options.since ?? performance.now();
  let done = false;
  void child.exited.then(() => (done = true));
  while (performance.now() - since < options.timeoutMs) {
    if (done) throw new Error(`${child.name} exited before it was ready:\n${child.output()}`);
    try {
      const res = await fetch(`${child.url}${path}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await sleep(options.intervalMs ?? 20);
  }
  throw new Error(`${child.name} did not answer 200 on ${path} within ${options.timeoutMs} ms:\n${child.output()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`: a child never outlives the benchmark. */
export async function stopChild(child: Child, graceMs = 8000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`${child.name} (pid ${child.pid}) ignored SIGTERM for ${graceMs} ms; killing it`);
    child.process.kill('SIGKILL');
  }, graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child).catch(() => undefined)));
}

/** Last resort on a synchronous exit path. */
export function killAllChildrenNow(): void {
  for (const child of children) child.process.kill('SIGKILL');
}

/** Resident set size and its peak, in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** Samples a process's RSS while `work` runs; answers the highest seen. */
export async function sampleRss<T>(pid: number, work: () => Promise<T>, everyMs = 200): Promise<{ result: T; maxRssMb: number }> {
  let max = memoryOf(pid)?.rssMb ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, memoryOf(pid)?.rssMb ?? 0);
  }, everyMs);
  try {
    const result = await work();
    max = Math.max(max, memoryOf(pid)?.rssMb ?? 0);
    return { result, maxRssMb: max };
  } finally {
    clearInterval(timer);
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) each live process has used, by pid, from /proc/<pid>/stat. */
function cpuTicks(filter: (pid: number, comm: string) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command is in parentheses and may itself hold spaces: fields are counted after it.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (!filter(pid, comm)) continue;
      const fields = stat.slice(close + 2).split(' ');
      out.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

export interface CpuSplit {
  ours: number;
  baseline: number;
  postgres: number;
  bench: number;
}

export const noCpu = (): CpuSplit => ({ ours: 0, baseline: 0, postgres: 0, bench: 0 });

/** Adds `from`'s seconds into `to`, process by process. */
export function addCpu(to: CpuSplit, from: CpuSplit): void {
  for (const key of Object.keys(from) as (keyof CpuSplit)[]) to[key] += from[key];
}

/** CPU per request by process, in µs: where a request's time goes on the shared cores. */
export function cpuPerRequest(split: CpuSplit, server: 'ours' | 'baseline', requests: number): string {
  const us = (seconds: number) => Math.round((seconds / requests) * 1e6);
  return `server ${us(split[server])}, PostgreSQL ${us(split.postgres)}, load generator ${us(split.bench)}`;
}

/**
 * Measures where the CPU went while `work` ran: our server, the baseline server, PostgreSQL (all
 * its processes, backends that started meanwhile counted whole) and this load generator. Seconds.
 */
export async function cpuDuring<T>(pids: { ours: number; baseline: number }, work: () => Promise<T>): Promise<{ result: T; cpu: CpuSplit }> {
  const pick = (pid: number, comm: string) => pid === pids.ours || pid === pids.baseline || pid === process.pid || comm === 'postgres';
  const before = cpuTicks(pick);
  const result = await work();
  const after = cpuTicks(pick);
  const cpu = noCpu();
  for (const [pid, ticks] of after) {
    const used = (ticks - (before.get(pid) ?? 0)) / TICKS_PER_SECOND;
    if (pid === pids.ours) cpu.ours += used;
    else if (pid === pids.baseline) cpu.baseline += used;
    else if (pid === process.pid) cpu.bench += used;
    else cpu.postgres += used;
  }
  return { result, cpu };
}
