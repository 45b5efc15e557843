import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchBrowser, login, newPage, startServer, withScreenshots, type RunningServer } from './harness.ts';

/** 暂存 then 提交: a draft saved earlier is submitted from its 修改 page and shows 预约成功 with its number. */
let server: RunningServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api<T>(token: string | null, method: string, pathname: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${pathname}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${pathname}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

test('a saved draft submitted from its 修改 page shows 预约成功 with its 18-digit number, and its detail shows that number', async (t) => {
  const { token } = await api<{ token: string }>(null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const terminals = await api<{ items: { id: string; code: string; today: string }[] }>(token, 'GET', '/terminals');
  const terminal = terminals.items.find((item) => item.code === 'PKX-ICT')!;
  const vehicles = await api<{ items: { id: string; plate: string }[] }>(token, 'GET', '/vehicles?limit=1');
  const tomorrow = new Date(Date.parse(`${terminal.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const slots = await api<{ items: { id: string; start: string }[] }>(token, 'GET', `/terminals/${terminal.id}/slots?date=${tomorrow}`);
  const draft = await api<{ id: string; businessNo: string; status: string }>(token, 'POST', '/appointments', {
    terminalId: terminal.id,
    slotId: slots.items[Math.floor(slots.items.length / 2)].id,
    flag: 'pickup',
    declarationType: 'ordinary',
    vehicleId: vehicles.items[0].id,
    awbs: [{ awb: '784-12345675', pieces: 3, weightKg: 120 }],
  });
  assert.equal(draft.status, 'draft');

  const { page } = await newPage(browser, server.url);
  await withScreenshots(t, () => [page], async () => {
    await login(page, 'demo_admin', 'Demo@2026');
    await page.goto(`/appointments/${draft.id}/edit`);
    await page.getByTestId('appt-draft').waitFor();
    await page.getByTestId('appt-submit').click();
    const result = page.getByTestId('appt-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-status'), 'booked');
    const appointmentNo = await result.getAttribute('data-appointment-no');
    assert.match(appointmentNo ?? '', /^\d{18}$/);
    await page.getByTestId('appt-result-detail').click();
    await page.waitForURL(`**/appointments/${draft.id}`);
    await page.getByText(appointmentNo!).first().waitFor();
  });
});
