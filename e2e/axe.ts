import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { devices, type Browser, type Page } from 'playwright-core';

import { callApi, demoDraft, pageSettled, signIn, type RunningServer } from './harness.ts';

/**
 * axe-core over pages as their users see them: WCAG 2.2 A and AA and axe's best practices (text
 * contrast, names of fields and buttons, table structure, headings, landmarks, touch targets). Pages run with
 * their own Content-Security-Policy: axe is evaluated through the browser's protocol, not injected
 * as a script. A violation fails with the rule, the elements and what axe measured, e.g. a
 * contrast of 3.4:1 where 4.5:1 is asked.
 */

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Language = 'zh-CN' | 'en';
export interface Account {
  username: string;
  password: string;
}

export const OPERATOR = { username: 'demo_op', password: 'Demo@2026' };
export const ADMIN = { username: 'demo_admin', password: 'Demo@2026' };

interface AxeNode {
  target: string[];
  any: { data?: unknown }[];
}
interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: AxeNode[];
}

/** Waits for the page's content (its heading, no skeleton or spinner left), then runs axe on it. */
async function violations(page: Page): Promise<AxeViolation[]> {
  // A page without an h1 is axe's to report (page-has-heading-one), not a timeout's.
  await page.locator('h1').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
  await pageSettled(page);
  await page.waitForFunction(() => document.querySelector('.ant-skeleton, .ant-spin-spinning') === null);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations as never;
  });
}

function describe(found: AxeViolation[]): string {
  return found
    .map((v) => `${v.impact} ${v.id} (${v.help}):\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`).join('\n')}`)
    .join('\n');
}

/**
 * Goes to `path` inside the running app, as its menus and links do: the router changes the page and
 * nothing reloads (the app is not started again for every page checked). Returns once the heading
 * of the page that was shown is gone. A path that differs only in its query string may keep that
 * heading, so it is loaded afresh, as is a page whose heading is still there after 5 s.
 */
async function followLink(page: Page, path: string): Promise<void> {
  const current = new URL(page.url());
  const next = new URL(path, current);
  if (next.pathname !== current.pathname) {
    await page.evaluate((to) => {
      document.querySelector('h1')?.setAttribute('data-left', '');
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    const left = await page
      .waitForFunction(() => document.querySelector('h1[data-left]') === null, undefined, { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (left) return;
  }
  await page.goto(path);
}

/** Opens each path as `account` (or signed out), the first loaded and the rest by following links, and fails with what axe finds, page by page. */
export async function checkPages(server: RunningServer, browser: Browser, account: Account | null, paths: string[], options: { language?: Language; phone?: boolean } = {}): Promise<void> {
  const context = await browser.newContext({
    ...(options.phone ? devices['Pixel 7'] : { viewport: { width: 1440, height: 900 } }),
    baseURL: server.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript((chosen) => localStorage.setItem('cw.language', chosen), options.language ?? 'zh-CN');
  const page = await context.newPage();
  try {
    if (account) await signIn(page, account.username, account.password);
    const failures: string[] = [];
    for (const [index, path] of paths.entries()) {
      if (index === 0) await page.goto(path);
      else await followLink(page, path);
      const found = await violations(page);
      if (found.length > 0) failures.push(`${path} (${options.language ?? 'zh-CN'}${options.phone ? ', phone' : ''}):\n  ${describe(found)}`);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  } finally {
    await context.close();
  }
}

/** A draft of the demo operator's enterprise, for its detail pages. */
export async function operatorDraft(server: RunningServer): Promise<string> {
  const token = (await callApi<{ token: string }>(server, null, 'POST', '/auth/login', OPERATOR)).token;
  return (await demoDraft(server, token)).id;
}
