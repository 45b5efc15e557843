import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { ADMIN, checkPages, OPERATOR, operatorDraft } from './axe.ts';
import { newPage, serverAndBrowser, signIn } from './harness.ts';

/** Every page in zh-CN, as each role sees it, checked by axe-core (WCAG 2.2 AA; see axe.ts). English is in accessibility-en.test.ts. */
const e2e = serverAndBrowser();

test('signed out: login, registration (both forms), the public board and the phone login', async () => {
  await checkPages(e2e.server, e2e.browser, null, ['/login', '/register', '/register?form=standalone', '/register?form=national', '/board', '/m/login']);
});

test("the operator's pages: home, booking, the lists, an appointment, filing, fleet, notices, account", async () => {
  const draft = await operatorDraft(e2e.server);
  const paths = ['/', '/appointments', '/appointments/new', '/appointments/query', '/appointments?confirm=1', `/appointments/${draft}`, '/vehicle-filings', '/vehicle-filings/new', '/vehicles', '/notifications', '/account', '/no-such-page'];
  await checkPages(e2e.server, e2e.browser, OPERATOR, paths);
});

test('the phone pages: appointments, a pass, vehicles, notices, settings', async () => {
  const draft = await operatorDraft(e2e.server);
  await checkPages(e2e.server, e2e.browser, OPERATOR, ['/m', `/m/appointments/${draft}`, '/m/vehicles', '/m/notifications', '/m/me'], { phone: true });
});

test('the enterprise administrator, reviewer, terminal, gate and platform pages', async () => {
  await checkPages(e2e.server, e2e.browser, ADMIN, ['/enterprise', '/enterprise/operators', '/enterprise/security-keys']);
  // The reviewer's own page, and another role's page refused (403).
  await checkPages(e2e.server, e2e.browser, { username: 'reviewer', password: 'Review@2026' }, ['/review/vehicle-filings', '/admin/users']);
  await checkPages(e2e.server, e2e.browser, { username: 'terminal_op', password: 'Terminal@2026' }, ['/terminal/dashboard', '/terminal']);
  await checkPages(e2e.server, e2e.browser, { username: 'gate_officer', password: 'Gate@2026' }, ['/gate', '/gate/simulator']);
  await checkPages(e2e.server, e2e.browser, { username: 'platform', password: 'Platform@2026' }, ['/admin/users', '/admin/terminals', '/admin/audit']);
});

/** A desktop page logged in as the demo operator (nothing loaded yet), closed after `body`. */
async function asOperator(body: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  try {
    await signIn(page, OPERATOR.username, OPERATOR.password);
    await body(page);
  } finally {
    await context.close();
  }
}

test("the home page's shortcuts are links: Tab reaches them and Enter opens the page", async () => {
  await asOperator(async (page) => {
    await page.goto('/');
    const shortcut = page.locator('a:has([data-testid="shortcut-vehicle-filings"])');
    await shortcut.focus();
    assert.equal(await shortcut.evaluate((element) => element === document.activeElement && element.tabIndex >= 0), true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/vehicle-filings$/);
  });
});

test("each page names itself in the browser's title, in the page's language", async () => {
  await asOperator(async (page) => {
    const titled = async (site: string) => {
      const heading = (await page.locator('h1').first().textContent())!.trim();
      await page.waitForFunction((expected) => document.title === expected, `${heading} · ${site}`);
    };
    for (const path of ['/appointments', '/vehicles', '/account']) {
      await page.goto(path);
      await titled('空港电子货运平台');
    }
    await page.getByTestId('language-en').click();
    await page.locator('h1', { hasText: 'Account' }).waitFor();
    await titled('Airport e-Freight');
    await page.goto('/m');
    await titled('Airport e-Freight');
  });
});

test('the first Tab reaches 跳到页面内容, which moves the keyboard past the header and menu to the page', async () => {
  await asOperator(async (page) => {
    await page.goto('/appointments/query');
    await page.locator('h1').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-to-content');
    assert.equal(await skip.evaluate((element) => element === document.activeElement), true, 'the skip link is the first stop');
    assert.equal(await skip.isVisible(), true);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cw-main');
    // The next Tab lands inside the page, not in the menu.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('#cw-main'))), true);
    assert.equal(new URL(page.url()).hash, '');
  });
});
