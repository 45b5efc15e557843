import { createInterface } from 'node:readline';

import type pg from 'pg';

import { postgresHandle } from '../../apps/server/src/platform/db.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import { encodeCursor } from '../../apps/server/src/platform/paging.ts';
import { resolveSession } from '../../apps/server/src/platform/sessions.ts';
import { pageOfAppointments } from '../../apps/server/src/modules/scheduling/list-appointments.ts';
import { generateAppointments } from '../generate-appointments.ts';
import type { BenchContext } from '../lib/context.ts';
import { failureShare, mergeRounds, mirroredRounds, openLoad, runLoad, type LoadResult } from '../lib/load.ts';
import { cpuDuring, cpuPerRequest, memoryOf, spawnNode, stopChild } from '../lib/procs.ts';
import { ratioOf, type Row, type ScenarioReport } from '../lib/report.ts';
import { log, round } from '../lib/util.ts';

const PAGE = 50;
/** The page size of the web app's lists. */
const WEB_PAGE = 20;
const CONNECTIONS = 20;
/** Page 1 offered at this rate to each side, well below either's limit: its latency when not queued behind 20 others. */
const OFFERED_RATE = 300;

interface Variant {
  name: string;
  /** Query string without limit/after. */
  filters: Record<string, string>;
  after: string | null;
  /** Rows per page, when not PAGE. */
  limit?: number;
  /** Sent as `Accept-Encoding` to both sides, as a browser does (none otherwise; the bare route compresses nothing). */
  acceptEncoding?: string;
  token: string | (() => string);
  enterpriseId: string | (() => string);
  /**
   * Filters of each request besides `filters`, in our spelling and the baseline's: a new combination
   * each time, so nothing is shared or kept.
   */
  vary?: () => { ours: Record<string, string>; baseline: Record<string, string> };
  /** Each enterprise's page asked for once on each side before the warm-up (its pages then were read before). */
  prime?: boolean;
  explain: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Index Cond'?: string;
  Filter?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** The plan of one query with the facts the checks need. */
async function explain(client: pg.PoolClient, sql: string, params: unknown[]) {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`explain (analyze, buffers, format json) ${sql}`, params);
  const [{ Plan: plan, 'Execution Time': ms }] = rows[0]['QUERY PLAN'];
  const nodes: PlanNode[] = [];
  walk(plan, (n) => nodes.push(n));
  const onAppointments = nodes.filter((n) => n['Relation Name'] === 'appointments');
  return {
    ms: round(ms, 3),
    aggregates: nodes.filter((n) => n['Node Type'].includes('Aggregate')).length,
    seqScanOnAppointments: onAppointments.some((n) => n['Node Type'] === 'Seq Scan'),
    appointmentsAccess: onAppointments.map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']}${n['Rows Removed by Filter'] ? `, removed by filter ${n['Rows Removed by Filter']}` : ''})`),
    indexCond: onAppointments.map((n) => n['Index Cond']).filter(Boolean),
    appointmentsRead: onAppointments.reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0), 0),
    // Rows every scan of every table read, over all its loops (a join's lookups included).
    rowsScanned: nodes.filter((n) => n['Relation Name']).reduce((sum, n) => sum + ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1), 0),
    sort: nodes.some((n) => n['Node Type'] === 'Sort'),
    shape: nodes.map((n) => n['Node Type']).join(' → '),
  };
}

/**
 * The ceiling of page 1 on this machine with no HTTP: `bench/list-driver.ts` makes the page with our
 * own query, pool, parsers, presenter and JSON in a loop, as many at a time as the load's
 * connections. Answers its pages/s and the CPU per page of it and of PostgreSQL (µs).
 */
async function driverCeiling(ctx: BenchContext, enterpriseId: string, limit: number) {
  const child = spawnNode({
    name: 'list driver',
    script: 'bench/list-driver.ts',
    port: 0,
    env: { DATABASE_URL: ctx.dbUrl, ENTERPRISE_ID: enterpriseId, LIMIT: String(limit), IN_FLIGHT: String(CONNECTIONS), WARMUP: String(ctx.warmup), SECONDS: String(ctx.seconds) },
  });
  const lines = createInterface({ input: child.process.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the list driver stopped early:\n${child.output()}`);
    return line.value;
  };
  try {
    const first = await nextLine();
    if (first !== 'measuring') throw new Error(`the list driver said ${JSON.stringify(first)}:\n${child.output()}`);
    // The driver counts its own CPU; PostgreSQL's is read around its measured time.
    const { result, cpu } = await cpuDuring({ ours: child.pid, baseline: -1 }, nextLine);
    const out = JSON.parse(result) as { pages: number; seconds: number; bytes: number; cpuSeconds: number };
    const us = (s: number) => Math.round((s / out.pages) * 1e6);
    return { rps: round(out.pages / out.seconds, 0), pages: out.pages, bytes: out.bytes, cpu: { driver: us(out.cpuSeconds), postgres: us(cpu.postgres) } };
  } finally {
    await stopChild(child);
  }
}

/**
 * 3. Lists at scale: 1,000,000 appointments across 2,000 enterprises; GET /api/v1/appointments as
 * logged-in enterprise administrators (bearer sessions), with filters and keyset cursors, page 1
 * next to page 5,000. Baseline: the same SELECT from a bare Fastify + pg route.
 */
export async function listsScenario(ctx: BenchContext): Promise<ScenarioReport> {
  const fixture = ctx.quick
    ? await generateAppointments(ctx.pool, { count: 20_000, enterprises: 50, bigVehicles: 50, days: 30 })
    : await generateAppointments(ctx.pool, { count: 1_000_000, enterprises: 2000 });
  log(`lists: ${fixture.count.toLocaleString('en')} appointments in ${fixture.seconds.toFixed(1)} s (big enterprise: ${fixture.bigRows.toLocaleString('en')})`);
  const big = fixture.tenants[0];
  const deepPage = ctx.quick ? 100 : 5000;
  const statusDeepPage = ctx.quick ? 30 : 2000;
  const plate = fixture.fleet.find((v) => v.enterpriseIndex === 1)!.plate;

  /** The cursor a client holds after reading pages 1 … page-1: the last row of page-1. */
  const cursorBefore = async (page: number, where = '', params: unknown[] = []) => {
    const { rows } = await ctx.pool.query<{ id: string; created_at: Date }>(
      `select id, created_at from appointments where enterprise_id = $1 ${where} order by created_at desc, id desc offset ${(page - 1) * PAGE - 1} limit 1`,
      [big.enterpriseId, ...params],
    );
    if (!rows[0]) throw new Error(`the big enterprise has fewer than ${page} pages`);
    return encodeCursor({ value: rows[0].created_at.toISOString(), id: rows[0].id });
  };
  const firstIdOfPage = async (page: number) =>
    (await ctx.pool.query<{ id: string }>(`select id from appointments where enterprise_id = $1 order by created_at desc, id desc offset ${(page - 1) * PAGE} limit 1`, [big.enterpriseId])).rows[0].id;

  const deepCursor = await cursorBefore(deepPage);
  const statusCursor = await cursorBefore(statusDeepPage, "and status = 'exited'");

  // Correctness of keyset paging through the real API: pages 1→2→3 by cursor, and page N from a
  // constructed cursor, against OFFSET in the database.
  const get = async (query: string, token: string) => {
    const res = await fetch(`${ctx.ours.url}/api/v1/appointments?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET /appointments?${query}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: { id: string }[]; next: string | null };
  };
  let page = await get(`limit=${PAGE}`, big.token);
  let walkOk = page.items[0]?.id === (await firstIdOfPage(1));
  for (let p = 2; p <= 3 && walkOk; p++) {
    page = await get(`limit=${PAGE}&after=${page.next}`, big.token);
    walkOk = page.items.length === PAGE && page.items[0].id === (await firstIdOfPage(p));
  }
  const deep = await get(`limit=${PAGE}&after=${deepCursor}`, big.token);
  const deepOk = deep.items.length === PAGE && deep.items[0].id === (await firstIdOfPage(deepPage));
  ctx.check('lists: keyset pages match the database', walkOk && deepOk, `pages 1→3 by cursor ${walkOk ? 'match' : 'DIFFER'}; page ${deepPage} from its cursor ${deepOk ? 'matches' : 'DIFFERS'}`);

  const randomTenant = () => fixture.tenants[Math.floor(Math.random() * fixture.tenants.length)];
  // 录入日期 up to a day of the last 300 (a small enterprise enters about one a day, so its page is
  // still full): 600,000 combinations with the enterprises, a repeat now and then at most.
  const days = ctx.quick ? 20 : 300;
  const randomDay = (daysAgo = Math.floor(Math.random() * days)) => {
    const day = new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { ours: { createdTo: day }, baseline: { createdBefore: `${nextDay}T00:00:00+08:00` } };
  };
  // The varied query asks both servers for the same rows.
  {
    const tenant = fixture.tenants[1];
    const { ours: oursDay, baseline: baseDay } = randomDay(days / 2);
    const oursIds = (await get(`limit=${PAGE}&${new URLSearchParams(oursDay)}`, tenant.token)).items.map((item) => item.id);
    const baseRes = await fetch(`${ctx.baseline.url}/appointments?limit=${PAGE}&${new URLSearchParams(baseDay)}&enterprise=${tenant.enterpriseId}`);
    const baseIds = ((await baseRes.json()) as { items: { id: string }[] }).items.map((item) => item.id);
    ctx.check('lists: a page up to a day holds the same rows in both servers', oursIds.length > 0 && JSON.stringify(oursIds) === JSON.stringify(baseIds), `${JSON.stringify(oursDay)}: ours ${oursIds.length} rows, baseline ${baseIds.length}`);
  }
  let current = big;
  const variants: Variant[] = [
    { name: 'page 1', filters: {}, after: null, token: big.token, enterpriseId: big.enterpriseId, explain: true },
    { name: `page ${deepPage.toLocaleString('en')}`, filters: {}, after: deepCursor, token: big.token, enterpriseId: big.enterpriseId, explain: true },
    { name: 'status=booked, page 1', filters: { status: 'booked' }, after: null, token: big.token, enterpriseId: big.enterpriseId, explain: true },
    { name: `status=exited, page ${statusDeepPage.toLocaleString('en')}`, filters: { status: 'exited' }, after: statusCursor, token: big.token, enterpriseId: big.enterpriseId, explain: true },
    { name: 'plate filter, page 1', filters: { plate }, after: null, token: big.token, enterpriseId: big.enterpriseId, explain: true },
    // What the web's list pages ask for (20 rows a page).
    { name: 'page 1 of 20 rows', filters: {}, after: null, limit: WEB_PAGE, token: big.token, enterpriseId: big.enterpriseId, explain: false },
    // Page 1 as a browser asks for it: our server sends it compressed (made once per page).
    { name: 'page 1, Accept-Encoding as Chromium sends it', filters: {}, after: null, acceptEncoding: 'gzip, deflate, br, zstd', token: big.token, enterpriseId: big.enterpriseId, explain: false },
    {
      name: `any of ${fixture.tenants.length.toLocaleString('en')} enterprises, page 1`,
      filters: {},
      after: null,
      token: () => (current = randomTenant()).token,
      enterpriseId: () => current.enterpriseId,
      prime: true,
      explain: false,
    },
    {
      name: `any of ${fixture.tenants.length.toLocaleString('en')} enterprises, page 1 up to any day`,
      filters: {},
      after: null,
      token: () => (current = randomTenant()).token,
      enterpriseId: () => current.enterpriseId,
      vary: () => randomDay(),
      explain: false,
    },
  ];

  // EXPLAIN ANALYZE of exactly what the server runs: its own query builder, its SQL captured.
  const handle = postgresHandle(ctx.dbUrl, { max: 1 });
  const captured: { text: string; values: unknown[] }[] = [];
  handle.pool!.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [first, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      if (typeof first === 'string') captured.push({ text: first, values: values ?? [] });
      else if (first && typeof first === 'object' && 'text' in first) captured.push({ text: first.text, values: first.values ?? values ?? [] });
      return query(...args);
    };
  });
  const plans: Record<string, unknown> = {};
  try {
    captured.length = 0;
    await resolveSession(handle.db, systemClock, big.token, '127.0.0.1');
    const sessionSql = captured.find((q) => q.text.includes('"sessions"'));
    for (const v of variants.filter((x) => x.explain)) {
      captured.length = 0;
      const after = v.after ? JSON.parse(Buffer.from(v.after, 'base64url').toString('utf8')) as [string, string] : null;
      await pageOfAppointments(handle.db, big.enterpriseId, v.filters as never, after ? { at: new Date(after[0]), id: after[1] } : null, PAGE);
      const listSql = captured.find((q) => q.text.includes('"appointments"'))!;
      const client = await ctx.pool.connect();
      try {
        plans[v.name] = await explain(client, listSql.text, listSql.values);
        if (!plans.session && sessionSql) plans.session = await explain(client, sessionSql.text, sessionSql.values);
      } finally {
        client.release();
      }
    }
  } finally {
    await handle.close();
  }
  for (const [name, plan] of Object.entries(plans) as [string, Awaited<ReturnType<typeof explain>>][]) {
    if (name === 'session') continue;
    log(`lists: plan of "${name}": ${plan.appointmentsAccess.join('; ')}; ${plan.ms} ms`);
    // The SQL never counts; on the full data set the planner must also reach the rows through an
    // index. (On quick mode's small tables it may sensibly choose otherwise; that is reported.)
    const indexed = !plan.seqScanOnAppointments && plan.appointmentsAccess.some((a) => a.includes('Index') || a.startsWith('Bitmap Heap Scan'));
    ctx.check(`lists: "${name}" counts no rows${ctx.quick ? '' : ' and reads appointments through an index'}`, plan.aggregates === 0 && (ctx.quick || indexed), `${plan.shape}; ${plan.appointmentsAccess.join('; ')}`);
    // A page reads its own rows and the one after (is there a next page?), whatever lies beyond.
    if (!ctx.quick) ctx.check(`lists: "${name}" reads no more than a page of appointments`, plan.appointmentsRead <= PAGE + 1, `${plan.appointmentsRead} rows read for a page of ${PAGE}: ${plan.shape}`);
    // …and of every other table no more than a row per row of the page (its terminal, its slot).
    if (!ctx.quick) ctx.check(`lists: "${name}" reads no more than its page's rows of any table`, plan.rowsScanned <= 3 * (PAGE + 1), `${plan.rowsScanned} rows scanned in all for a page of ${PAGE}: ${plan.shape}`);
  }

  // Sequential scans of appointments while only the lists run (the statistics of a backend reach
  // pg_stat_user_tables within a second, so wait that long around the window).
  const stat = async () => (await ctx.pool.query<{ seq_scan: number; idx_scan: number }>("select seq_scan::int, idx_scan::int from pg_stat_user_tables where relname = 'appointments'")).rows[0];
  await new Promise((r) => setTimeout(r, 1200));
  const before = await stat();
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const judge = (ok: boolean) => (ctx.quick ? null : ok);
  const qs = (filters: Record<string, string>, after: string | null, limit = PAGE) => new URLSearchParams({ limit: String(limit), ...filters, ...(after ? { after } : {}) }).toString();
  const pids = { ours: ctx.ours.pid, baseline: ctx.baseline.pid };
  for (const [n, v] of variants.entries()) {
    const tokenOf = typeof v.token === 'function' ? v.token : () => v.token as string;
    const enterpriseOf = typeof v.enterpriseId === 'function' ? v.enterpriseId : () => v.enterpriseId as string;
    const oursPath = `/api/v1/appointments?${qs(v.filters, v.after, v.limit)}`;
    const basePath = `/appointments?${qs(v.filters, v.after, v.limit)}`;
    const oursPathOf = () => (v.vary ? `${oursPath}&${new URLSearchParams(v.vary().ours)}` : oursPath);
    const basePathOf = () => (v.vary ? `${basePath}&${new URLSearchParams(v.vary().baseline)}` : basePath);
    const encoding: Record<string, string> = v.acceptEncoding ? { 'accept-encoding': v.acceptEncoding } : {};
    const oursOf = () => ({ path: oursPathOf(), headers: { authorization: `Bearer ${tokenOf()}`, ...encoding } });
    const baseOf = () => ({ path: `${basePathOf()}&enterprise=${typeof v.enterpriseId === 'function' ? (tokenOf(), enterpriseOf()) : enterpriseOf()}`, headers: encoding });
    // A request that never changes is written once, as the ceiling's is; one that changes is built
    // anew for every request (setupRequest), which costs the load generator's CPU on the same cores.
    const fixed = typeof v.token === 'string' && typeof v.enterpriseId === 'string' && !v.vary;
    const oursRequest = fixed ? { method: 'GET', ...oursOf() } : { method: 'GET', setupRequest: (req: object) => ({ ...req, ...oursOf() }) };
    const baseRequest = fixed ? { method: 'GET', ...baseOf() } : { method: 'GET', setupRequest: (req: object) => ({ ...req, ...baseOf() }) };
    if (v.prime) {
      const started = performance.now();
      let next = 0;
      const asker = async () => {
        for (let i = next++; i < fixture.tenants.length; i = next++) {
          const tenant = fixture.tenants[i];
          const answers = await Promise.all([
            fetch(`${ctx.ours.url}${oursPath}`, { headers: { authorization: `Bearer ${tenant.token}` } }),
            fetch(`${ctx.baseline.url}${basePath}&enterprise=${tenant.enterpriseId}`),
          ]);
          for (const res of answers) if (res.status !== 200) throw new Error(`priming ${v.name}: ${res.status} ${await res.text()}`);
          await Promise.all(answers.map((res) => res.arrayBuffer()));
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, asker));
      log(`lists: ${v.name}: each enterprise's page asked for once on each side (${Math.round(performance.now() - started)} ms)`);
    }
    // Quick mode judges no numbers: its first query warms up, to run that path, and the rest do not,
    // to keep the run under a minute.
    if (!ctx.quick || n === 0) {
      await runLoad({ url: ctx.ours.url, connections: CONNECTIONS, seconds: ctx.warmup / 2, requests: [oursRequest] });
      await runLoad({ url: ctx.baseline.url, connections: CONNECTIONS, seconds: ctx.warmup / 2, requests: [baseRequest] });
    }
    // Quick mode proves each query's path answers; half a second a side does that for eight queries.
    const seconds = ctx.quick ? ctx.seconds / 2 : ctx.seconds;
    const measureOurs = () => cpuDuring(pids, () => runLoad({ url: ctx.ours.url, connections: CONNECTIONS, seconds, requests: [oursRequest] }));
    const measureBaseline = () => cpuDuring(pids, () => runLoad({ url: ctx.baseline.url, connections: CONNECTIONS, seconds, requests: [baseRequest] }));
    // Ours first for one query, the baseline first for the next: a drift of the machine's speed
    // does not always fall on the same side.
    const oursFirst = n % 2 === 0;
    const first = await (oursFirst ? measureOurs() : measureBaseline());
    const second = await (oursFirst ? measureBaseline() : measureOurs());
    const { result: ours, cpu: oursCpu } = oursFirst ? first : second;
    const { result: baseline, cpu: baselineCpu } = oursFirst ? second : first;
    const cpu = { ours: cpuPerRequest(oursCpu, 'ours', ours.requests), baseline: cpuPerRequest(baselineCpu, 'baseline', baseline.requests) };
    log(`lists: ${v.name}: ours ${ours.rps} req/s p99 ${ours.p99} ms, ${ours.bytes} bytes, CPU per request (µs) ${cpu.ours}; baseline ${baseline.rps} req/s, ${baseline.bytes} bytes, ${cpu.baseline}`);
    const failed = failureShare(ours);
    ctx.check(`lists: "${v.name}" answers`, failed < 0.5, `${(failed * 100).toFixed(1)}% not 2xx (${JSON.stringify(ours.statuses)})`);
    results[v.name] = { ours, baseline, cpuPerRequest: cpu, plan: plans[v.name] ?? null };
    rows.push({ metric: `${v.name}: req/s`, ours: ours.rps, baseline: baseline.rps, ratio: ratioOf(ours.rps, baseline.rps), target: '≥ 4,000', met: judge(ours.rps >= 4000) });
    rows.push({ metric: `${v.name}: p99 (ms)`, ours: ours.p99, baseline: baseline.p99, target: '≤ 20 ms', met: judge(ours.p99 <= 20) });
  }
  await new Promise((r) => setTimeout(r, 1200)); // let the statistics collector catch up
  const afterStat = await stat();
  const seqScans = afterStat.seq_scan - before.seq_scan;
  const indexScans = afterStat.idx_scan - before.idx_scan;

  const p1 = results['page 1'] as { ours: LoadResult; baseline: LoadResult; cpuPerRequest: { ours: string; baseline: string } };

  // What this machine allows for page 1 at all: the page made with no HTTP (our query, parsers,
  // presenter, JSON), and the same bytes answered over HTTP from memory with no database.
  const driver = await driverCeiling(ctx, big.enterpriseId, PAGE);
  log(`lists: page 1 with no HTTP: ${driver.rps} pages/s, CPU per page (µs) driver ${driver.cpu.driver}, PostgreSQL ${driver.cpu.postgres}`);
  const page1 = { ours: `/api/v1/appointments?${qs({}, null)}`, baseline: `/appointments?${qs({}, null)}&enterprise=${big.enterpriseId}`, auth: { authorization: `Bearer ${big.token}` } };
  const pageBody = await (await fetch(`${ctx.ours.url}${page1.ours}`, { headers: page1.auth })).text();
  const put = await fetch(`${ctx.baseline.url}/canned`, { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: pageBody });
  if (put.status !== 200) throw new Error(`PUT /canned: ${put.status} ${await put.text()}`);
  const cannedRequest = { method: 'GET', path: '/canned' };
  await runLoad({ url: ctx.baseline.url, connections: CONNECTIONS, seconds: ctx.warmup / 2, requests: [cannedRequest] });
  const { result: canned, cpu: cannedCpu } = await cpuDuring(pids, () => runLoad({ url: ctx.baseline.url, connections: CONNECTIONS, seconds: ctx.seconds, requests: [cannedRequest] }));
  const cannedPerRequest = cpuPerRequest(cannedCpu, 'baseline', canned.requests);
  log(`lists: page 1's bytes over HTTP from memory: ${canned.rps} req/s p99 ${canned.p99} ms, CPU per request (µs) ${cannedPerRequest}`);
  ctx.check('lists: the ceilings answer', driver.pages > 0 && failureShare(canned) === 0, `no-HTTP driver ${driver.pages} pages; canned ${JSON.stringify(canned.statuses)}`);
  // Page 1 at a fixed rate below saturation: with 20 connections sending as fast as they are
  // answered, the wait is 20 ÷ throughput whatever a page costs; here a page waits only for itself.
  // Each side is warmed up at the rate first: its pool's idle connections have closed meanwhile.
  // Two rounds a side in mirrored order (`mirroredRounds`), merged; a side warms up before its first.
  const offered = async (url: string, path: string, headers: Record<string, string>, round: number) => {
    const load = (seconds: number) => openLoad({ url, rate: OFFERED_RATE, seconds, sockets: CONNECTIONS, request: () => ({ method: 'GET', path, headers }) });
    if (round === 0) await load(ctx.warmup / 2);
    return cpuDuring(pids, () => load(ctx.seconds / 4));
  };
  const { ours: oursRounds, baseline: baselineRounds } = await mirroredRounds(
    (round) => offered(ctx.ours.url, page1.ours, page1.auth, round),
    (round) => offered(ctx.baseline.url, page1.baseline, {}, round),
  );
  const allAnswered = [...oursRounds, ...baselineRounds].every((round) => failureShare(round.result) === 0);
  ctx.check('lists: page 1 at a fixed rate answers', allAnswered, `ours ${oursRounds.map((r) => JSON.stringify(r.result.statuses)).join(', ')}; baseline ${baselineRounds.map((r) => JSON.stringify(r.result.statuses)).join(', ')}`);
  const oursOffered = mergeRounds(oursRounds);
  const baselineOffered = mergeRounds(baselineRounds);
  const offeredCpu = { ours: cpuPerRequest(oursOffered.cpu, 'ours', oursOffered.result.requests), baseline: cpuPerRequest(baselineOffered.cpu, 'baseline', baselineOffered.result.requests) };
  const p99s = (rounds: typeof oursRounds) => rounds.map((round) => round.result.p99).join(' / ');
  log(`lists: page 1 at ${OFFERED_RATE} req/s offered, two rounds each: ours p50 ${oursOffered.result.p50} ms, p99 ${oursOffered.result.p99} ms (rounds ${p99s(oursRounds)}); baseline p50 ${baselineOffered.result.p50} ms, p99 ${baselineOffered.result.p99} ms (rounds ${p99s(baselineRounds)})`);
  rows.push({ metric: `page 1 at ${OFFERED_RATE} req/s offered: p50 (ms)`, ours: oursOffered.result.p50, baseline: baselineOffered.result.p50 });
  rows.push({ metric: `page 1 at ${OFFERED_RATE} req/s offered: p99 (ms)`, ours: oursOffered.result.p99, baseline: baselineOffered.result.p99 });

  const shareOf = (rps: number) => {
    const share = ratioOf(rps, driver.rps);
    return share === null ? null : `${share.toFixed(2)}×`;
  };
  rows.push({ metric: 'page 1 with no HTTP: our query, parsers, presenter and JSON alone (pages/s)', ours: driver.rps, target: 'at most, with a query for every request' });
  rows.push({ metric: 'page 1: each server\'s req/s ÷ that', ours: shareOf(p1.ours.rps), baseline: shareOf(p1.baseline.rps) });
  rows.push({ metric: 'page 1\'s bytes over HTTP from memory, no database (req/s)', ours: null, baseline: canned.rps });
  const pDeep = results[variants[1].name] as { ours: { rps: number } };
  const evenness = ratioOf(pDeep.ours.rps, p1.ours.rps);
  rows.push({ metric: `page ${deepPage.toLocaleString('en')} ÷ page 1 throughput`, ours: evenness === null ? null : `${evenness.toFixed(2)}×`, target: '≈ 1× (equally fast)', met: judge((evenness ?? 0) >= 0.8) });
  const planNotes = Object.entries(plans).map(([name, plan]) => {
    const p = plan as Awaited<ReturnType<typeof explain>>;
    return `EXPLAIN ANALYZE ${name}: ${p.appointmentsAccess.join('; ') || p.shape}${p.sort ? ' + Sort' : ''}, ${p.rowsScanned} rows scanned in all, ${p.ms} ms, ${p.aggregates} aggregates`;
  });
  return {
    name: 'lists',
    title: `3. Lists at scale — ${fixture.count.toLocaleString('en')} appointments, ${fixture.tenants.length.toLocaleString('en')} enterprises, ${PAGE} per page (one query at the web's ${WEB_PAGE}), ${CONNECTIONS} connections`,
    rows,
    notes: [
      `the rows of one enterprise come from ${CONNECTIONS} connections asking for the same page with one session: our server answers identical requests arriving together with one query (SharedReads), the baseline runs a query each; "any of ${fixture.tenants.length.toLocaleString('en')} enterprises" asks for a different enterprise's page each time, with its own session: nothing shared, and each page was read once before (every enterprise's, on each side, before the warm-up) and has not changed since, which our server checks and sends as kept (KeptPages); "up to any day" adds a random 录入日期 (createdTo; the baseline the same instant), a new query nearly every time: nothing shared or kept, a query for every request`,
      `seeded in ${fixture.seconds.toFixed(1)} s (INSERT … SELECT generate_series, secondary indexes and foreign keys made after the load); the big enterprise holds ${fixture.bigRows.toLocaleString('en')} rows`,
      ...planNotes,
      `page 1, CPU per request (µs) — ours: ${p1.cpuPerRequest.ours}; baseline: ${p1.cpuPerRequest.baseline}; a response ${p1.ours.bytes.toLocaleString('en')} bytes (baseline ${p1.baseline.bytes.toLocaleString('en')})`,
      `page 1 with no HTTP (bench/list-driver.ts, ${CONNECTIONS} at a time): ${driver.rps} pages/s, CPU per page (µs) — the driver ${driver.cpu.driver}, PostgreSQL ${driver.cpu.postgres}; a page's JSON ${driver.bytes.toLocaleString('en')} bytes`,
      `page 1 at ${OFFERED_RATE} req/s offered (an open load: latency from when a request was due; rounds in the order ours, baseline, baseline, ours), CPU per request (µs) — ours: ${offeredCpu.ours}; baseline: ${offeredCpu.baseline}`,
      `page 1's bytes from memory over HTTP (the baseline's GET /canned): ${canned.rps} req/s, p99 ${canned.p99} ms, CPU per request (µs) ${cannedPerRequest}`,
      `appointments during the list load: ${seqScans} sequential scans, ${indexScans.toLocaleString('en')} index scans (pg_stat_user_tables)`,
    ],
    details: { seqScans, indexScans, ceilings: { noHttp: driver, canned: { result: canned, cpuPerRequest: cannedPerRequest } }, offered: { rate: OFFERED_RATE, ours: oursOffered.result, baseline: baselineOffered.result, rounds: { ours: oursRounds.map((r) => r.result), baseline: baselineRounds.map((r) => r.result) }, cpuPerRequest: offeredCpu }, fixture: { count: fixture.count, enterprises: fixture.tenants.length, bigRows: fixture.bigRows, seedSeconds: round(fixture.seconds, 1) }, page: PAGE, connections: CONNECTIONS, results, plans, rssAfter: memoryOf(ctx.ours.pid) },
  };
}
