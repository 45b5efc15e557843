import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, type TestContext } from 'node:test';

import type ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import { chromium, type Browser, type BrowserContext, type Download, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = path.join(root, 'test-results', 'e2e');

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The real server as `npm start` runs it (demo mode, embedded database in a temp dir), on its own port. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cw-e2e-'));
  let log = '';
  // The built server (scripts/build-server.mjs; the test runner builds it from the current sources).
  const child = spawn(process.execPath, ['--enable-source-maps', 'apps/server/dist/main.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs, headless: true });
}

/** The server and the browser of a test file: both started before its tests, stopped after them. */
export function serverAndBrowser(env: Record<string, string> = {}): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}

/** Calls the server's API as another system would (a bearer token or none) and fails the test unless it answers 2xx; an empty answer is `undefined`. */
export async function callApi<T>(server: RunningServer, token: string | null, method: string, pathname: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${pathname}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${pathname}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A draft (暂存) of the token's enterprise at the demo terminal PKX-ICT, tomorrow at midday, with
 * its first vehicle (or its `vehicle`-th, newest first); the n-th draft of a test takes the n-th
 * slot after midday. 普通 unless `declarationType` says 作业.
 */
export async function demoDraft(
  server: RunningServer,
  token: string,
  n = 0,
  options: { declarationType?: 'ordinary' | 'operational'; vehicle?: number } = {},
): Promise<{ id: string; businessNo: string; status: string }> {
  const terminals = await callApi<{ items: { id: string; code: string; today: string }[] }>(server, token, 'GET', '/terminals');
  const terminal = terminals.items.find((item) => item.code === 'PKX-ICT')!;
  const vehicle = options.vehicle ?? 0;
  const vehicles = await callApi<{ items: { id: string }[] }>(server, token, 'GET', `/vehicles?limit=${vehicle + 1}`);
  const tomorrow = new Date(Date.parse(`${terminal.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const slots = await callApi<{ items: { id: string }[] }>(server, token, 'GET', `/terminals/${terminal.id}/slots?date=${tomorrow}`);
  return callApi(server, token, 'POST', '/appointments', {
    terminalId: terminal.id,
    slotId: slots.items[Math.floor(slots.items.length / 2) + n].id,
    flag: 'pickup',
    declarationType: options.declarationType ?? 'ordinary',
    vehicleId: vehicles.items[vehicle].id,
    awbs: [{ awb: '784-12345675', pieces: 3, weightKg: 120 }],
  });
}

export async function newPage(browser: Browser, baseURL: string, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: options.locale ?? 'zh-CN', viewport: options.viewport ?? { width: 1366, height: 860 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Saves a screenshot of every open page when the test fails, named after the test. */
export async function screenshotOnFailure(t: TestContext, pages: Page[], failed: boolean): Promise<void> {
  if (!failed) return;
  mkdirSync(screenshotDir, { recursive: true });
  const base = t.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  await Promise.all(pages.map((page, i) => page.screenshot({ path: path.join(screenshotDir, `${base}-${i}.png`), fullPage: true }).catch(() => undefined)));
}

/** Runs a browser test body; on failure keeps screenshots of its pages and rethrows. */
export async function withScreenshots(t: TestContext, pages: () => Page[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await screenshotOnFailure(t, pages(), true);
    throw error;
  }
}

/** antd's classes on a dialog (zoom), popconfirm (zoom-big) or mask (fade) while it opens or closes. */
const DIALOG_MOTION = ['.ant-zoom-appear', '.ant-zoom-enter', '.ant-zoom-leave', '.ant-zoom-big-appear', '.ant-zoom-big-enter', '.ant-zoom-big-leave', '.ant-fade-appear', '.ant-fade-enter', '.ant-fade-leave'].join(', ');

/**
 * Waits until no dialog, popover or mask of antd is zooming or fading in or out. Their content is
 * in the page from the first frame of the animation, while the dialog still grows from where it was
 * opened: a click on its button then can land beside it (seen once: a token's secret dialog stayed
 * open after 我已保存 was clicked while it opened and the form's dialog closed under it).
 */
export async function afterDialogMotion(page: Page): Promise<void> {
  await page.waitForFunction((selector) => document.querySelector(selector) === null, DIALOG_MOTION);
}

/** antd's classes on a dropdown (a select's options, a date picker's panel) while it slides open or shut. */
const POPUP_MOTION = ['.ant-slide-up-appear', '.ant-slide-up-enter', '.ant-slide-up-leave', '.ant-slide-down-appear', '.ant-slide-down-enter', '.ant-slide-down-leave'].join(', ');
/** A select's dropdown while open (a closed one stays in the page, hidden). */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * antd Select: opens the select with this test id and clicks the option showing `text` (its whole
 * title when `exact`), once the dropdown has slid open. A click while it slides in is lost: on a
 * loaded machine the dropdown then stayed open on the old value in half the tries. The dropdown of
 * a pick just before may still be sliding shut: that too is waited for, so one dropdown is open.
 */
export async function pick(page: Page, testId: string, text: string, { exact = false } = {}): Promise<void> {
  await page.waitForFunction((selector) => document.querySelector(selector) === null, POPUP_MOTION);
  await page.getByTestId(testId).click();
  await page.waitForFunction(([motion, open]) => document.querySelector(open) !== null && document.querySelector(motion) === null, [POPUP_MOTION, OPEN_DROPDOWN]);
  const options = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`);
  await (exact ? options.and(page.getByTitle(text, { exact: true })) : options.filter({ hasText: text })).first().click();
}

/**
 * Checks that a field comes to hold `expected`: a value the page sets in answer to a click (a chosen
 * vehicle's driver, a dialog's record) may land a render after the click returns, so the field is
 * read again for up to 5 s before the check fails.
 */
export async function assertValue(field: Locator, expected: string, message?: string): Promise<void> {
  const until = Date.now() + 5_000;
  let value = await field.inputValue();
  while (value !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await field.inputValue();
  }
  assert.equal(value, expected, message);
}

/**
 * Waits until the page has loaded nothing new for 0.75 s: the parts loaded after a login (the live
 * notices' toasts come in chunks of their own) are in place before the test goes on.
 */
export async function pageSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { settle?: { count: number; since: number } };
      // The browser stops counting at 250 entries unless told to keep more.
      if (!w.settle) performance.setResourceTimingBufferSize(100_000);
      const count = performance.getEntriesByType('resource').length;
      if (w.settle?.count !== count) w.settle = { count, since: performance.now() };
      return performance.now() - w.settle.since > 750;
    },
    undefined,
    { polling: 250, timeout: 15_000 },
  );
}

/** Logs in on the login page with a username and password; done when the header's 退出 shows. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
}

/**
 * Logs in as the login page does (its `POST /auth/login`, whose session cookie the browser keeps)
 * and opens `path` when one is given: for tests of the pages behind the login, which then load one
 * page instead of the login page, the home page and theirs. The login page itself is tested
 * through `login`.
 */
export async function signIn(page: Page, username: string, password: string, path?: string): Promise<void> {
  const res = await page.request.post('/api/v1/auth/login', { data: { username, password } });
  assert.ok(res.ok(), `login as ${username}: ${res.status()} ${await res.text()}`);
  if (path !== undefined) await page.goto(path);
}

/** 退出, back to the login page. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
}

/** Reads the QR code in an element's screenshot (what the screen or the paper shows), as a scanner would. */
export async function decodeQr(page: Page, testId: string): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId(testId).screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return code?.data ?? null;
}

/** A downloaded .xlsx, read as a spreadsheet program would. */
export async function downloadedWorkbook(download: Download): Promise<ExcelJS.Workbook> {
  // Loaded here, not with this file: it takes ≈ 0.5 s, and most test files read no workbook.
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  await book.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
  return book;
}
