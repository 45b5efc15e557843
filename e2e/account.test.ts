import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { afterDialogMotion, login, logout, newPage, screenshotDir, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

/** 账号安全: personal access tokens made and revoked in the UI work (and stop working) on the API; another session ended from here is gone. */
const e2e = serverAndBrowser();

const ADMIN = { username: 'demo_admin', password: 'Demo@2026' };

/** 账号安全 is under the user's name in the header. */
async function openAccount(page: Page): Promise<void> {
  await page.getByTestId('header-user').click();
  await page.getByTestId('menu-account').click();
  await page.getByTestId('sessions-table').waitFor();
}

async function api(token: string, pathname: string): Promise<Response> {
  return fetch(`${e2e.server.url}/api/v1${pathname}`, { headers: { authorization: `Bearer ${token}` } });
}

const apiMe = (token: string) => api(token, '/me');

/** Creates a token in the open tokens panel; returns the secret read from the once-only modal. */
async function createToken(page: Page, name: string, permissions: string[]): Promise<string> {
  await page.getByTestId('token-create').click();
  await page.getByTestId('token-name').fill(name);
  for (const p of permissions) await page.getByTestId(`token-permission-${p}`).check();
  await page.getByTestId('token-create-confirm').click();
  const secret = (await page.getByTestId('token-secret').innerText()).trim();
  assert.match(secret, /^cwt_/);
  await afterDialogMotion(page);
  return secret;
}

test('a token made on 账号安全 calls the API until it is revoked there', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, ADMIN.username, ADMIN.password, '/');
    await openAccount(page);
    assert.equal(new URL(page.url()).pathname, '/account');

    const secret = await createToken(page, 'TMS对接', ['query']);
    await page.getByTestId('token-secret-close').click();
    const row = page.getByTestId('token-row-TMS对接');
    await row.waitFor();
    await row.getByText('从未使用').waitFor();
    await page.getByTestId('token-secret').waitFor({ state: 'detached' }); // shown once, then gone

    const me = await apiMe(secret);
    assert.equal(me.status, 200);
    const body = (await me.json()) as { user: { username: string } };
    assert.equal(body.user.username, ADMIN.username);
    assert.equal((await api(secret, '/appointments')).status, 200, 'query is in the scope');
    assert.equal((await api(secret, '/vehicle-filings')).status, 403, 'vehicle_filing is not, though the administrator holds it');

    await page.reload();
    await row.waitFor();
    assert.equal(await row.getByText('从未使用').count(), 0, 'the last use is listed');
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, 'account-page.png'), fullPage: true });

    await page.getByTestId('token-revoke-TMS对接').click();
    await afterDialogMotion(page);
    await page.getByTestId('token-revoke-confirm').click();
    await row.getByText('已吊销').waitFor();
    assert.equal((await apiMe(secret)).status, 401, 'a revoked token is refused');

    // 通知设置: untick one kind, save; it stays unticked.
    const kind = page.getByTestId('notify-pref-gate.entered');
    assert.equal(await kind.isChecked(), true, 'every kind is received by default');
    await kind.uncheck();
    await page.getByTestId('notify-pref-save').click();
    await page.getByText('通知设置已保存').waitFor();
    await page.reload();
    await page.getByTestId('notify-pref-save').waitFor();
    assert.equal(await page.getByTestId('notify-pref-gate.entered').isChecked(), false);
    assert.equal(await page.getByTestId('notify-pref-filing.approved').isChecked(), true);
  });
  await context.close();
});

test('the administrator makes a token for an operator from 应用权限', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, ADMIN.username, ADMIN.password, '/');
    await page.getByTestId('menu-operators').click();
    await page.getByTestId('operator-tokens-demo_op').click();
    const secret = await createToken(page, '货站系统', ['appointment']);
    await page.getByTestId('token-secret-close').click();
    await page.getByTestId('token-row-货站系统').waitFor();
    const me = (await (await apiMe(secret)).json()) as { user: { username: string } };
    assert.equal(me.user.username, 'demo_op', 'the token acts as the operator');
    assert.equal((await api(secret, '/appointments')).status, 200);
    assert.equal((await api(secret, '/vehicle-filings')).status, 403, 'only the scope chosen, not all the operator holds');
  });
  await context.close();
});

test('ending another session from 会话管理 sends that browser to the login page at once', async (t) => {
  const first = await newPage(e2e.browser, e2e.server.url);
  const second = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [first.page, second.page], async () => {
    await login(first.page, ADMIN.username, ADMIN.password);
    await login(second.page, ADMIN.username, ADMIN.password);
    await first.page.goto('/account');
    const table = first.page.getByTestId('sessions-table');
    await table.getByTestId('session-current').waitFor();

    // The second browser's session: the newest of those that are not this page's (it logged in last).
    const others = table.locator('tr[data-current="false"]');
    await others.first().waitFor();
    const countBefore = await others.count();
    const secondId = await newestOtherSession(first.page);
    await first.page.getByTestId(`session-end-${secondId}`).click();
    await afterDialogMotion(first.page);
    await first.page.getByTestId('session-end-confirm').click();
    await first.page.getByText('会话已下线').waitFor();
    await first.page.getByTestId(`session-row-${secondId}`).waitFor({ state: 'detached' });
    assert.equal(await others.count(), countBefore - 1, 'the ended session leaves the list');

    // The second browser, left on its page, is told by its live stream and leaves by itself.
    await second.page.waitForURL(/\/login/, { timeout: 10_000 });
    await second.page.getByTestId('login-submit').waitFor();
    // This browser is still logged in.
    await first.page.goto('/');
    await first.page.getByTestId('logout').waitFor();
  });
  await first.context.close();
  await second.context.close();
});

test('退出 in one tab sends the browser\'s other tabs to the login page, and back after the next login', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  const other = await context.newPage();
  await withScreenshots(t, () => [page, other], async () => {
    await login(page, ADMIN.username, ADMIN.password);
    await other.goto('/account');
    await other.getByTestId('sessions-table').waitFor();
    // Its stream is open and caught up.
    await other.waitForFunction(() => sessionStorage.getItem('cw.live.after') !== null);

    await logout(page);
    await other.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/account', { timeout: 10_000 });
    await other.getByTestId('login-submit').waitFor();
    assert.equal(await other.evaluate(() => sessionStorage.getItem('cw.live.after')), null, 'the tab forgets the stream of the person who left');
    assert.equal(new URL(page.url()).pathname, '/login', 'the tab that logged out is on the login page, with nowhere to go back to');
    assert.equal(new URL(page.url()).searchParams.get('next'), null);

    await other.getByTestId('login-username').fill(ADMIN.username);
    await other.getByTestId('login-password').fill(ADMIN.password);
    await other.getByTestId('login-submit').click();
    await other.waitForURL((url) => url.pathname === '/account');
    await other.getByTestId('sessions-table').waitFor();
  });
  await context.close();
});

test('修改密码: a wrong current password is marked on its field; done, the other browser goes to the login, and the new password logs in', async (t) => {
  const OPERATOR = { username: 'demo_op', password: 'Demo@2026' };
  const NEW_PASSWORD = 'Changed2026x';
  const here = await newPage(e2e.browser, e2e.server.url);
  const there = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [here.page, there.page], async () => {
    await login(there.page, OPERATOR.username, OPERATOR.password);
    await login(here.page, OPERATOR.username, OPERATOR.password);
    await openAccount(here.page);
    const section = here.page.getByTestId('account-password');
    await section.getByTestId('password-current').fill('NotMine2026');
    await section.getByTestId('password-new').fill(NEW_PASSWORD);
    await section.getByTestId('password-confirm').fill(NEW_PASSWORD);
    await section.getByTestId('password-save').click();
    await section.getByText('当前密码不正确').waitFor();

    await section.getByTestId('password-current').fill(OPERATOR.password);
    await section.getByTestId('password-save').click();
    await here.page.getByText('密码已修改，其他设备上的 1 个会话已下线').waitFor();
    // The other browser, left on its page, is sent to the login by its live stream.
    await there.page.waitForURL(/\/login/, { timeout: 10_000 });
    await there.page.getByTestId('login-username').fill(OPERATOR.username);
    await there.page.getByTestId('login-password').fill(OPERATOR.password);
    await there.page.getByTestId('login-submit').click();
    await there.page.getByText('用户名或密码错误').waitFor();
    await login(there.page, OPERATOR.username, NEW_PASSWORD);
    // This browser stayed logged in.
    await here.page.goto('/account');
    await here.page.getByTestId('sessions-table').waitFor();
  });
  await here.context.close();
  await there.context.close();
});

/** The id of the most recent non-current session, from the API as the first browser sees it. */
async function newestOtherSession(page: Page): Promise<string> {
  const sessions = (await page.evaluate(async () => (await fetch('/api/v1/me/sessions')).json())) as { items: { id: string; current: boolean; createdAt: string }[] };
  const others = sessions.items.filter((s) => !s.current).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return others[0].id;
}
