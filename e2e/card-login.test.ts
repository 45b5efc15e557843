import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

import { afterDialogMotion, launchBrowser, logout, newPage, type RunningServer, screenshotDir, signIn, startServer, withScreenshots } from './harness.ts';

/**
 * 卡介质 end to end, with Chromium's virtual authenticator standing in for the security key
 * (a CTAP2 USB key with resident keys and user verification): the administrator binds a key,
 * logs out, logs in with the key (with and without a username), revokes it, and the key fails.
 */
let server: RunningServer;
let browser: Browser;
/** WebAuthn needs a domain (an IP address is no RP id): the same server, reached as localhost. */
let baseUrl: string;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  baseUrl = server.url.replace('127.0.0.1', 'localhost');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const ADMIN = { username: 'demo_admin', password: 'Demo@2026' };
const KEY_NAME = '法人卡1';

async function virtualKey(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

async function cardLogin(page: Page, username?: string): Promise<void> {
  await page.getByTestId('tab-card').click();
  await page.getByTestId('card-login-username').fill(username ?? '');
  await page.getByTestId('card-login-submit').click();
}

async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

test('bind 法人卡1 → log out → 卡介质登录 with and without a username → revoke → the key is refused', async (t) => {
  const { context, page } = await newPage(browser, baseUrl);
  await withScreenshots(t, () => [page], async () => {
    const { cdp, authenticatorId } = await virtualKey(context, page);

    // 企业设置 → 卡介质 → 绑定卡介质 (for the administrator itself, 法人卡).
    await signIn(page, ADMIN.username, ADMIN.password, '/');
    await page.getByTestId('menu-security-keys').click();
    await page.getByTestId('keys-table').waitFor();
    await page.getByTestId('key-bind').click();
    await page.getByTestId('key-name').fill(KEY_NAME);
    await page.getByTestId('key-kind').getByText('法人卡', { exact: true }).click();
    await snapshot(page, 'card-bind-modal');
    await page.getByTestId('key-bind-confirm').click();
    await page.getByTestId('key-name').waitFor({ state: 'detached' }); // the modal closed
    const row = page.getByTestId(`key-row-${KEY_NAME}`);
    await row.waitFor();
    await row.getByText('使用中').waitFor();
    await row.getByText('法人卡', { exact: true }).waitFor();
    await row.getByText('从未使用').waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the key holds one credential for this site');
    assert.equal(credentials[0].isResidentCredential, true, 'discoverable, so the login needs no username');
    assert.equal(credentials[0].rpId, 'localhost');
    await snapshot(page, 'card-security-keys-page');

    // Log out; 卡介质登录 naming the account.
    await logout(page);
    await page.getByTestId('tab-card').click();
    await page.getByTestId('card-login-submit').waitFor();
    await page.waitForTimeout(400); // the tab's ink bar slides over
    await snapshot(page, 'card-login-tab');
    await cardLogin(page, ADMIN.username);
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('header-user').getByText('企业管理员').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    // Log out; 卡介质登录 without a username: the discoverable credential names the account.
    await logout(page);
    await cardLogin(page);
    await page.getByTestId('logout').waitFor();
    const signCount = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount;
    assert.ok(signCount >= 2, `the key signed both logins (signCount ${signCount})`);

    // The list shows the last use; 吊销 with confirmation.
    await page.getByTestId('menu-security-keys').click();
    await row.waitFor();
    assert.equal(await row.getByText('从未使用').count(), 0, 'last use is shown');
    await page.getByTestId(`key-revoke-${KEY_NAME}`).click();
    await afterDialogMotion(page);
    await page.getByTestId('key-revoke-confirm').click();
    await row.getByText('已吊销').waitFor();
    assert.equal(await page.getByTestId(`key-revoke-${KEY_NAME}`).count(), 0, 'a revoked key has nothing more to revoke');

    // The revoked key no longer logs in: with the account named, and as a discoverable key.
    await logout(page);
    await cardLogin(page, ADMIN.username);
    await page.getByTestId('card-login-error').getByText('该卡介质未绑定或已吊销').waitFor();
    await cardLogin(page);
    await page.getByTestId('card-login-error').getByText('该卡介质未绑定或已吊销').waitFor();
    await snapshot(page, 'card-login-revoked');
    assert.equal(await page.getByTestId('logout').count(), 0, 'still logged out');
    assert.equal(new URL(page.url()).pathname, '/login');

    // The password login still works, and the key's history stays in the list.
    await signIn(page, ADMIN.username, ADMIN.password, '/enterprise/security-keys');
    await page.getByTestId(`key-row-${KEY_NAME}`).getByText('已吊销').waitFor();
  });
  await context.close();
});

test('an operator has no 卡介质 menu entry and gets the 403 page at its address', async (t) => {
  const { context, page } = await newPage(browser, baseUrl);
  await withScreenshots(t, () => [page], async () => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill('demo_op');
    await page.getByTestId('login-password').fill('Demo@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    assert.equal(await page.getByTestId('menu-security-keys').count(), 0, 'the menu entry is the administrator\'s');
    await page.goto('/enterprise/security-keys');
    await page.getByTestId('forbidden').waitFor();
  });
  await context.close();
});
