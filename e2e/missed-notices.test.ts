import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page, Route } from 'playwright-core';

import { callApi, demoDraft, login, logout, newPage, pageSettled, serverAndBrowser, withScreenshots } from './harness.ts';

/**
 * A notice that comes while the page is not listening still pops up: right after the login
 * (before the page's live stream is open), during a reload (the tab passes the last id it got), and
 * before the toasts' own chunk has loaded (the stream is heard from the login on).
 */
const e2e = serverAndBrowser();

const OPERATOR = { username: 'demo_op', password: 'Demo@2026' };

/** 暂存 + 提交 by another session of the enterprise: every user of it gets 预约成功 with the number. */
async function bookElsewhere(n: number): Promise<string> {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', OPERATOR);
  const draft = await demoDraft(e2e.server, token, n);
  const booked = await callApi<{ status: string; appointmentNo: string | null }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);
  assert.equal(booked.status, 'booked');
  return booked.appointmentNo!;
}

/** Holds the page's next requests matching `matches` until released; `held` resolves with the first one's URL. */
async function holdNext(page: Page, matches: (url: URL) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let heldUrl!: (url: string) => void;
  const held = new Promise<string>((resolve, reject) => {
    heldUrl = resolve;
    setTimeout(() => reject(new Error('no request to hold came within 15 s')), 15_000).unref();
  });
  const handler = async (route: Route) => {
    heldUrl(route.request().url());
    await released;
    await route.continue();
  };
  await page.route((url) => matches(url), handler);
  return {
    held,
    release: async () => {
      release();
      await page.unroute((url) => matches(url), handler);
    },
  };
}

const liveStream = (url: URL) => url.pathname === '/api/v1/events';

function toast(page: Page, appointmentNo: string) {
  return page.getByTestId('live-notification').filter({ hasText: appointmentNo }).first();
}

test('a booking made while the page logs in, and one made while it reloads, pop up once the stream opens', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    const first = await holdNext(page, liveStream);
    await login(page, OPERATOR.username, OPERATOR.password);
    assert.doesNotMatch(await first.held, /after=/, 'a new tab has no cursor: the server starts from the login');
    const duringLogin = await bookElsewhere(0);
    await first.release();
    await toast(page, duringLogin).waitFor({ timeout: 10_000 });
    assert.equal(await toast(page, duringLogin).getAttribute('data-missed'), 'true');
    // The toast says when it came (HH:mm).
    assert.match(await toast(page, duringLogin).innerText(), /· \d\d:\d\d/);

    // The tab now knows where its stream stands.
    await page.waitForFunction(() => sessionStorage.getItem('cw.live.after') !== null);
    await pageSettled(page);

    const second = await holdNext(page, liveStream);
    await page.reload();
    assert.match(await second.held, /after=\d{4}-/, 'the reloaded page names the last id its tab got');
    const duringReload = await bookElsewhere(1);
    await second.release();
    await toast(page, duringReload).waitFor({ timeout: 10_000 });
    assert.equal(await toast(page, duringReload).getAttribute('data-missed'), 'true');
    // The first booking is not shown again.
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('live-notification').filter({ hasText: duringLogin }).count(), 0);

    // Logged out: the stream closes, and whoever logs in next in this tab starts from their own login.
    // (An EventSource closed by the page is a request the browser cancels.)
    const streamClosed = Promise.race(['requestfinished', 'requestfailed'].map((event) => page.waitForEvent(event as 'requestfinished', { predicate: (request) => liveStream(new URL(request.url())), timeout: 10_000 })));
    await logout(page);
    await page.waitForFunction(() => sessionStorage.getItem('cw.live.after') === null);
    await streamClosed;
  });
  await context.close();
});

test('a booking heard live before the toasts have loaded pops up when they do', async (t) => {
  // The page's own requests only: a service worker's fetches from its cache pass by page.route.
  const context = await e2e.browser.newContext({ baseURL: e2e.server.url, locale: 'zh-CN', serviceWorkers: 'block' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await withScreenshots(t, () => [page], async () => {
    const toasts = await holdNext(page, (url) => /\/LiveNotificationToasts-[^/]*\.js$/.test(url.pathname));
    await login(page, OPERATOR.username, OPERATOR.password);
    await toasts.held;
    // The stream is open and caught up (its cursor is kept): what comes now is live.
    await page.waitForFunction(() => sessionStorage.getItem('cw.live.after') !== null);
    const live = await bookElsewhere(2);
    // Heard: the bell's count follows at once, while the toasts are still on their way.
    await page.waitForTimeout(1000);
    await toasts.release();
    await toast(page, live).waitFor({ timeout: 10_000 });
    assert.equal(await toast(page, live).getAttribute('data-missed'), 'false');
  });
  await context.close();
});
