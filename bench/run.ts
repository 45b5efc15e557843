/**
 * `npm run bench` — the hot paths against baselines in the same run (docs/performance.md).
 *
 *   npm run bench                  full run (≈ 10 minutes: 1,000,000 appointments are seeded)
 *   npm run bench -- --quick       CI smoke run, under a minute: small data, short loads, numbers not judged
 *   npm run bench -- --only=gate,booking,lists,cold
 *   npm run bench -- --profile     our server writes V8 CPU profiles to $TMPDIR/cw-bench-profiles/ (open in Chrome DevTools)
 *   npm run bench -- --keep        keep the bench database (for EXPLAIN by hand); still stops the servers
 *   npm run bench -- --only=gate --versus=HEAD~1 [--rounds=8]
 *                                  the gate with our server at another commit as the other side (built in a
 *                                  temporary worktree): did a change make the gate faster, beyond the spread?
 *
 * Exits non-zero only when a script breaks or an exactness check fails (an overbooked slot,
 * counters ≠ rows, a wrong page) — never for a missed speed target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BASELINE_SCRIPT, buildServers, buildVersus, OURS_SCRIPT, type VersusBuild } from './lib/build.ts';
import type { BenchContext, Check } from './lib/context.ts';
import { benchPool, createBenchDatabase, databaseUrl, dropCreatedDatabases, dropOrphanedDatabases, keepCreatedDatabases, postgresVersion } from './lib/pg.ts';
import { killAllChildrenNow, memoryOf, spawnNode, stopAllChildren, waitForHttp, type Child } from './lib/procs.ts';
import { printReport, tableLines, type ScenarioReport } from './lib/report.ts';
import { freePort, log, machineInfo, root } from './lib/util.ts';
import { bookingScenario } from './scenarios/booking.ts';
import { coldStartScenario } from './scenarios/cold-start.ts';
import { gateScenario } from './scenarios/gate.ts';
import { listsScenario } from './scenarios/lists.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const profile = args.includes('--profile');
const only = new Set((args.find((a) => a.startsWith('--only='))?.slice(7) ?? 'gate,booking,lists,cold').split(','));
const versusRev = args.find((a) => a.startsWith('--versus='))?.slice(9) ?? null;
const roundsArg = args.find((a) => a.startsWith('--rounds='))?.slice(9);
const rounds = roundsArg ? Number(roundsArg) : null;
if (versusRev !== null && (only.size !== 1 || !only.has('gate'))) throw new Error('--versus compares two versions of our server on the gate only: add --only=gate');
if (rounds !== null && !(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds takes a whole number of rounds');
let versus: VersusBuild | null = null;
const resultsDir = path.join(root, 'bench/results');
const profileDir = path.join(tmpdir(), 'cw-bench-profiles');

const checks: Check[] = [];
const check = (name: string, ok: boolean, detail: string) => {
  checks.push({ name, ok, detail });
  if (!ok) log(`CHECK FAILED: ${name}: ${detail}`);
};

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllChildren();
    versus?.remove();
    await (keep ? keepCreatedDatabases() : dropCreatedDatabases());
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', () => killAllChildrenNow());
// A hard bound on the whole run: a hung step must not hang CI.
const watchdog = setTimeout(() => {
  log('the benchmark took too long; stopping');
  void cleanup().finally(() => process.exit(1));
}, (quick ? 5 : 60) * 60_000);
watchdog.unref();

async function startServers(dbName: string): Promise<{ ours: Child; baseline: Child }> {
  const url = databaseUrl(dbName);
  const oursPort = await freePort();
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const ourEnv = (port: number) => ({ DATABASE_URL: url, PLATFORM_ADMIN_PASSWORD: 'Bench-Platform-2026-strong', LOG_LEVEL: 'warn', NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' });
  const ours = spawnNode({ name: 'our server', script: OURS_SCRIPT, port: oursPort, nodeArgs, env: ourEnv(oursPort) });
  await waitForHttp(ours, '/health', { timeoutMs: 60_000 });
  const basePort = await freePort();
  const baseline = versus
    ? spawnNode({ name: `our server at ${versus.commit}`, script: versus.script, port: basePort, env: ourEnv(basePort) })
    : spawnNode({ name: 'baseline server', script: BASELINE_SCRIPT, port: basePort, env: { DATABASE_URL: url, PORT: String(basePort), HOST: '127.0.0.1', NODE_ENV: 'production' } });
  await waitForHttp(baseline, '/health', { timeoutMs: 30_000 });
  return { ours, baseline };
}

async function main(): Promise<number> {
  const started = Date.now();
  const pgVersion = await postgresVersion();
  if (!pgVersion) throw new Error('PostgreSQL is not reachable on 127.0.0.1:5432 (BENCH_ADMIN_URL)');
  const machineBefore = machineInfo(pgVersion);
  log(`mode ${quick ? 'quick' : 'full'}; load average ${machineBefore.loadavg.join(' ')}; ${machineBefore.nproc} cores; node ${process.version}`);
  await buildServers();
  if (versusRev !== null) {
    versus = buildVersus(versusRev);
    log(`versus: the other side is our server at ${versus.commit} (${versusRev}), built in ${versus.dir}`);
  }
  const orphans = await dropOrphanedDatabases();
  if (orphans.length) log(`dropped leftovers of killed runs: ${orphans.join(', ')}`);

  const reports: ScenarioReport[] = [];
  const memory: { after: string; oursRssMb: number | null; oursPeakMb: number | null; baselineRssMb: number | null }[] = [];
  const dbScenarios = (['gate', 'booking', 'lists'] as const).filter((s) => only.has(s));
  let baselineDbUrl: string | null = null;
  if (dbScenarios.length > 0) {
    const dbName = await createBenchDatabase(quick ? 'q' : 'f');
    log(`database ${dbName}; starting our server (production mode) and the baseline`);
    const { ours, baseline } = await startServers(dbName);
    const pool = benchPool(dbName);
    baselineDbUrl = databaseUrl(dbName);
    const ctx: BenchContext = { quick, dbName, dbUrl: databaseUrl(dbName), pool, ours, baseline, seconds: quick ? 1 : 10, warmup: quick ? 0.4 : 3, rounds, versus: versus?.commit ?? null, check };
    const rss = (after: string) => {
      const o = memoryOf(ours.pid);
      memory.push({ after, oursRssMb: o?.rssMb ?? null, oursPeakMb: o?.peakMb ?? null, baselineRssMb: memoryOf(baseline.pid)?.rssMb ?? null });
    };
    rss('start');
    try {
      for (const name of dbScenarios) {
        const report = name === 'gate' ? await gateScenario(ctx) : name === 'booking' ? await bookingScenario(ctx) : await listsScenario(ctx);
        rss(name);
        reports.push(report);
        printReport(report);
      }
    } finally {
      await pool.end();
      if (!keep) {
        await stopAllChildren();
      }
    }
  }
  if (only.has('cold')) {
    const report = await coldStartScenario({ quick, baselineDbUrl, check });
    reports.push(report);
    printReport(report);
  }
  if (memory.length > 0) {
    const gatePeak = (reports.find((r) => r.name === 'gate')?.details.peakRssMb as number | undefined) ?? null;
    const report: ScenarioReport = {
      name: 'memory',
      title: '5. Memory — server RSS after each scenario (MB, /proc/<pid>/status)',
      rows: [
        ...memory.map((m) => ({ metric: `RSS after ${m.after}`, ours: m.oursRssMb, baseline: m.baselineRssMb })),
        { metric: 'peak RSS under the gate load', ours: gatePeak, target: '≤ 300 MB', met: quick || gatePeak === null ? null : gatePeak <= 300 },
        { metric: 'peak RSS of the whole run (VmHWM)', ours: memory[memory.length - 1].oursPeakMb },
      ],
      notes: [],
      details: { memory, gatePeakMb: gatePeak },
    };
    reports.push(report);
    printReport(report);
  }
  await cleanup();

  const machineAfter = machineInfo(pgVersion);
  const failed = checks.filter((c) => !c.ok);
  const missed = reports.flatMap((r) => r.rows.filter((row) => row.met === false).map((row) => `${r.name}: ${row.metric}`));
  mkdirSync(resultsDir, { recursive: true });
  const out = {
    mode: quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: { ...machineBefore, loadavgEnd: machineAfter.loadavg },
    scenarios: Object.fromEntries(reports.map((r) => [r.name, { title: r.title, rows: r.rows, notes: r.notes, details: r.details }])),
    checks,
    missedTargets: missed,
    markdown: reports.flatMap((r) => [`### ${r.title}`, '', ...tableLines(r, true), '']).join('\n'),
  };
  writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(out, null, 2));
  process.stdout.write(`\nchecks: ${checks.length - failed.length}/${checks.length} passed${failed.length ? ` — FAILED: ${failed.map((c) => c.name).join('; ')}` : ''}\n`);
  if (!quick) process.stdout.write(`targets missed: ${missed.length ? missed.join('; ') : 'none'}\n`);
  if (profile) process.stdout.write(`CPU profiles of our server: ${profileDir}\n`);
  process.stdout.write(`results: bench/results/latest.json (${out.seconds} s, load average ${machineBefore.loadavg.join(' ')} → ${machineAfter.loadavg.join(' ')})\n`);
  return failed.length > 0 ? 2 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch(async (error) => {
    console.error(error);
    await cleanup().catch(() => undefined);
    process.exit(1);
  });
