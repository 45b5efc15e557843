import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { callApi, demoDraft, newPage, pick, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

/** The bell's count as shown (no badge: 0). */
async function bellCount(page: Page): Promise<number> {
  const badge = page.getByTestId('notification-count');
  return (await badge.count()) === 0 ? 0 : Number((await badge.textContent())?.trim());
}

/** The notices the page lists, newest first, as [id, unread]. */
async function listed(page: Page): Promise<[string, boolean][]> {
  return page.getByTestId('notification-item').evaluateAll((items) => items.map((item) => [item.getAttribute('data-id')!, item.getAttribute('data-unread') === 'true'] as [string, boolean]));
}

test('通知: filtered by kind in the address, a notice opened goes to its booking and is read, 只看未读 and 全部已读 follow', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const bookings: { id: string }[] = [];
  for (const n of [0, 1]) {
    const draft = await demoDraft(e2e.server, token, n);
    bookings.push(await callApi<{ id: string }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`));
  }
  const api = await callApi<{ items: { id: string; kind: string; data: { appointmentId?: string } }[] }>(e2e.server, token, 'GET', '/notifications?kind=appointment.booked');
  assert.deepEqual(api.items.map((n) => n.data.appointmentId), bookings.map((b) => b.id).reverse(), 'one 预约成功 per booking, newest first');

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_admin', 'Demo@2026', '/notifications');
    await page.getByTestId('notification-item').first().waitFor();
    const unreadAtStart = await bellCount(page);
    assert.ok(unreadAtStart >= 2, `the bell counts the new notices (${unreadAtStart})`);

    // 类型 预约成功: the address keeps the filter, the list is the API's for it.
    await pick(page, 'notifications-kind', '预约成功');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'appointment.booked');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="notification-item"]').length === n, api.items.length);
    assert.deepEqual(await listed(page), api.items.map((n) => [n.id, true]));

    // Opened, a notice goes to its booking and is read; back, the bell counts one fewer.
    await page.getByTestId('notification-item').first().click();
    await page.waitForURL(`**/appointments/${bookings[1].id}`);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid="notification-item"]')?.getAttribute('data-unread') === 'false');
    await page.waitForFunction((n) => (document.querySelector('[data-testid="notification-count"]')?.textContent?.trim() ?? '0') === String(n), unreadAtStart - 1);

    // 只看未读 hides it; 全部已读 empties the list and the bell.
    await page.getByTestId('notifications-unread').click();
    await page.waitForURL((url) => url.searchParams.get('unread') === 'true' && url.searchParams.get('kind') === 'appointment.booked');
    await page.waitForFunction((id) => {
      const items = [...document.querySelectorAll('[data-testid="notification-item"]')];
      return items.length > 0 && items.every((item) => item.getAttribute('data-id') !== id);
    }, api.items[0].id);
    await page.getByTestId('notifications-read-all').click();
    await page.getByTestId('notifications-list').getByText('暂无通知').waitFor();
    await page.getByTestId('notification-count').waitFor({ state: 'detached' });
    assert.equal(await bellCount(page), 0);
    const unread = await callApi<{ count: number }>(e2e.server, token, 'GET', '/notifications/unread-count');
    assert.equal(unread.count, 0);
  });
});
