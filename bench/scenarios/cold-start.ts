import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { webBuildIsStale } from '../../scripts/lib.mjs';
import type { Check } from '../lib/context.ts';
import { BASELINE_SCRIPT, OURS_SCRIPT } from '../lib/build.ts';
import { memoryOf, spawnNode, stopChild, waitForHttp } from '../lib/procs.ts';
import { ratioOf, type Row, type ScenarioReport } from '../lib/report.ts';
import { freePort, log, median, root, round } from '../lib/util.ts';

/** `npm start`'s server (embedded database, fresh DATA_DIR) from spawn to the first 200 on /health. */
async function coldStartOnce(): Promise<{ ms: number; rssMb: number | null }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cw-bench-cold-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode({ name: 'cold-start server', script: OURS_SCRIPT, port, env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
  try {
    const ms = await waitForHttp(child, '/health', { timeoutMs: 60_000, since: started, intervalMs: 10 });
    return { ms: round(ms, 0), rssMb: memoryOf(child.pid)?.rssMb ?? null };
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The bare baseline process (node + Fastify + pg, built like ours) to its first 200: the floor of any start. */
async function baselineStartOnce(dbUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode({ name: 'baseline (cold)', script: BASELINE_SCRIPT, port, env: { DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1' } });
  try {
    return round(await waitForHttp(child, '/health', { timeoutMs: 30_000, since: started, intervalMs: 10 }), 0);
  } finally {
    await stopChild(child);
  }
}

/** What the login page loads: index.html's entry script and modulepreloads, and their static imports. */
export function loginPageJs(dist: string) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const queue = refs.map((r) => path.join(dist, r.replace(/^\//, '')));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // static imports only: `import … from "./x.js"` / `import "./x.js"`, not import("./x.js")
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) queue.push(path.resolve(path.dirname(file), m[1]));
    for (const m of code.matchAll(/from\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) queue.push(path.resolve(path.dirname(file), m[1]));
  }
  const files = [...seen].map((file) => {
    const buf = readFileSync(file);
    return { file: path.relative(dist, file), bytes: buf.length, gzip: gzipSync(buf).length };
  });
  const css = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.css') && html.includes(f)).map((f) => gzipSync(readFileSync(path.join(dist, 'assets', f))).length);
  return {
    files: files.sort((a, b) => b.gzip - a.gzip),
    rawKb: round(files.reduce((n, f) => n + f.bytes, 0) / 1024, 1),
    gzipKb: round(files.reduce((n, f) => n + f.gzip, 0) / 1024, 1),
    cssGzipKb: round(css.reduce((n, b) => n + b, 0) / 1024, 1),
  };
}

interface PageJs {
  /** Each file: its size as built, gzipped, and as our server sends it to a browser that accepts Brotli. */
  files: { file: string; bytes: number; gzip: number; sent: number }[];
  rawKb: number;
  gzipKb: number;
  /** What our server sends a browser that accepts Brotli: each file's `.br` copy from the build, or the file. */
  sentKb?: number;
}

function sizesOf(dist: string, files: string[]): PageJs {
  const sized = files.map((file) => {
    const buf = readFileSync(path.join(dist, file));
    const br = path.join(dist, `${file}.br`);
    return { file, bytes: buf.length, gzip: gzipSync(buf).length, sent: existsSync(br) ? statSync(br).size : buf.length };
  });
  return {
    files: sized.sort((a, b) => b.gzip - a.gzip),
    rawKb: round(sized.reduce((n, f) => n + f.bytes, 0) / 1024, 1),
    gzipKb: round(sized.reduce((n, f) => n + f.gzip, 0) / 1024, 1),
    sentKb: round(sized.reduce((n, f) => n + f.sent, 0) / 1024, 1),
  };
}

/**
 * What a browser really loads for /login: every script it requests until the network is quiet,
 * the chunks the page imports on demand as soon as it renders (the QR code's) included, which
 * the static graph above cannot see. The built files are served as the server serves them
 * (index.html for app paths; the API answers 401, nobody is logged in). Null without Chromium.
 */
export async function loginPageJsInBrowser(dist: string): Promise<PageJs | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return null;
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (pathname.startsWith('/api/')) {
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' }));
      return;
    }
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };
    const file = path.join(dist, path.normalize(pathname));
    if (!path.extname(pathname)) {
      res.writeHead(200, { 'content-type': types['.html'] }).end(readFileSync(path.join(dist, 'index.html')));
    } else if (existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
  try {
    // No service worker: it would fetch the shell's files a second time, outside the page.
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'zh-CN' });
    const page = await context.newPage();
    const scripts = new Set<string>();
    let inFlight = 0;
    let lastActivity = performance.now();
    const settle = () => {
      inFlight--;
      lastActivity = performance.now();
    };
    page.on('request', (request) => {
      inFlight++;
      lastActivity = performance.now();
      const url = new URL(request.url());
      if (url.pathname.endsWith('.js')) scripts.add(url.pathname.replace(/^\//, ''));
    });
    page.on('requestfinished', settle);
    page.on('requestfailed', settle);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/login`, { timeout: 30_000 });
    // Rendered (the page's own on-demand chunks are requested then), and then quiet for a while:
    // on a slow machine the scripts can take longer to run than "network idle" waits.
    await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 30_000 });
    const deadline = performance.now() + 30_000;
    while ((inFlight > 0 || performance.now() - lastActivity < 1000) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return sizesOf(dist, [...scripts].filter((file) => existsSync(path.join(dist, file))));
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Builds the web app from its current sources into a temporary directory. */
function buildWeb(): string | null {
  const out = mkdtempSync(path.join(tmpdir(), 'cw-bench-web-'));
  const res = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: path.join(root, 'apps/web'), encoding: 'utf8', timeout: 180_000 });
  if (res.status !== 0) {
    log(`web build failed: ${res.stderr?.slice(-800)}`);
    rmSync(out, { recursive: true, force: true });
    return null;
  }
  return out;
}

/** 4. Cold start and the login page's JavaScript. */
export async function coldStartScenario(options: { quick: boolean; baselineDbUrl: string | null; check: (name: string, ok: boolean, detail: string) => void }): Promise<ScenarioReport> {
  // What `npm install` leaves behind (postinstall): the migrated embedded-database template for
  // the current migrations. Made here if missing, untimed — a fresh install has it.
  const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/scripts/prepare-template.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (prepared.status !== 0) throw new Error(`prepare-template failed: ${prepared.stderr}`);
  const runs = options.quick ? 1 : 5;
  const starts: { ms: number; rssMb: number | null }[] = [];
  for (let i = 0; i < runs; i++) {
    starts.push(await coldStartOnce());
    log(`cold start ${i + 1}/${runs}: ${starts[starts.length - 1].ms} ms`);
  }
  const baselines: number[] = [];
  if (options.baselineDbUrl) for (let i = 0; i < runs; i++) baselines.push(await baselineStartOnce(options.baselineDbUrl));
  const startMs = median(starts.map((s) => s.ms));
  const baselineMs = baselines.length ? median(baselines) : null;

  // Quick mode only proves the measurement works: the install's build serves while it is newer
  // than every source (as after `npm ci`), saving a build of ≈ 15 s.
  const reuse = options.quick && !webBuildIsStale();
  log(reuse ? 'measuring the install\'s web build (apps/web/dist, newer than its sources)' : 'building the web app from its current sources (into a temporary directory)');
  const built = reuse ? null : buildWeb();
  const dist = built ?? path.join(root, 'apps/web/dist');
  const js = existsSync(path.join(dist, 'index.html')) ? loginPageJs(dist) : null;
  const loaded = js ? await loginPageJsInBrowser(dist).catch((error: Error) => (log(`login page in the browser: ${error.message}`), null)) : null;
  if (built) rmSync(built, { recursive: true, force: true });
  // The browser's count when there is a browser; the static graph (a lower bound) otherwise.
  const loginJs = loaded ?? js;
  const judge = (ok: boolean) => (options.quick ? null : ok);
  const rows: Row[] = [
    { metric: `start to first 200 on /health (ms, median of ${runs})`, ours: startMs, baseline: baselineMs, ratio: baselineMs ? ratioOf(startMs, baselineMs) : null, target: '≤ 3,000 ms', met: judge(startMs <= 3000) },
    { metric: 'server RSS after start (MB)', ours: starts[0].rssMb },
    { metric: 'login page JS, gzip (KB)', ours: loginJs?.gzipKb ?? 'no build', target: '≤ 300 KB', met: loginJs ? judge(loginJs.gzipKb <= 300) : null },
    { metric: 'login page JS, raw (KB)', ours: loginJs?.rawKb ?? null },
    { metric: 'login page JS as our server sends it to a browser accepting Brotli (KB)', ours: loaded?.sentKb ?? null },
    { metric: 'login page JS, gzip, static imports only (KB)', ours: js?.gzipKb ?? null },
    { metric: 'login page CSS, gzip (KB)', ours: js?.cssGzipKb ?? null },
  ];
  options.check('cold start: the embedded server starts', starts.every((s) => s.ms > 0), `${starts.map((s) => s.ms).join(', ')} ms`);
  return {
    name: 'coldStart',
    title: '4. Cold start (embedded database, fresh DATA_DIR) and the login page\'s JavaScript',
    rows,
    notes: [
      `ours = node ${OURS_SCRIPT}, built by npm install (demo mode: the seeded demo database made at install time moved or copied into place, the national-account simulator started); baseline = the bare Fastify + pg process`,
      `runs: ${starts.map((s) => s.ms).join(', ')} ms${baselines.length ? `; baseline ${baselines.join(', ')} ms` : ''}`,
      loginJs
        ? `login page loads ${loginJs.files.length} JS files (${loaded ? 'requested by Chromium' : 'static imports of index.html'}; ${built ? 'a fresh build of the current sources' : reuse ? 'apps/web/dist, newer than its sources' : 'apps/web/dist: the build failed'}): ${loginJs.files.map((f) => `${f.file} ${round(f.gzip / 1024, 1)} KB`).join(', ')}`
        : 'no built web app found (apps/web/dist); run npm run build',
    ],
    details: { runs: starts, baselineRuns: baselines, startMs, baselineMs, js, loaded },
  };
}

export type { Check };
