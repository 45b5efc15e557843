import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchBrowser, login, newPage, startServer, withScreenshots, type RunningServer } from './harness.ts';

/**
 * The appointment list is sent with an entity tag and revalidated on every use: reading it again
 * unchanged costs a 304 and no body, and a change made elsewhere is on the very next read.
 */
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

/** A draft of demo_admin's enterprise at PKX-ICT tomorrow, made through the API as another client would. */
async function draft(token: string): Promise<{ businessNo: string }> {
  const terminals = await api<{ items: { id: string; code: string; today: string }[] }>(token, 'GET', '/terminals');
  const terminal = terminals.items.find((item) => item.code === 'PKX-ICT')!;
  const vehicles = await api<{ items: { id: string }[] }>(token, 'GET', '/vehicles?limit=1');
  const tomorrow = new Date(Date.parse(`${terminal.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const slots = await api<{ items: { id: string }[] }>(token, 'GET', `/terminals/${terminal.id}/slots?date=${tomorrow}`);
  return api(token, 'POST', '/appointments', {
    terminalId: terminal.id,
    slotId: slots.items[Math.floor(slots.items.length / 2)].id,
    flag: 'pickup',
    declarationType: 'ordinary',
    vehicleId: vehicles.items[0].id,
    awbs: [{ awb: '784-12345675', pieces: 3, weightKg: 120 }],
  });
}

test('the list read again unchanged is a 304 from the server; a change made elsewhere is on the next read', async (t) => {
  const { token } = await api<{ token: string }>(null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const first = await draft(token);
  const { page } = await newPage(browser, server.url);
  // What the server sent, as the network saw it: a page answers a revalidated read with the body
  // it holds, as a 200, so the status on the wire is read from the browser's own network events.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // The events of one request arrive in any order: gathered by its id, read when asked.
  const urls = new Map<string, string>();
  const sent = new Map<string, Record<string, string>>();
  const answered: { requestId: string; status: number; etag?: string }[] = [];
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.requestWillBeSentExtraInfo', (event) =>
    sent.set(event.requestId, Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), String(value)]))));
  cdp.on('Network.responseReceivedExtraInfo', (event) => answered.push({ requestId: event.requestId, status: event.statusCode, etag: event.headers.etag }));
  const listAnswers = () =>
    answered
      .filter((answer) => new URL(urls.get(answer.requestId) ?? 'http://x/').pathname === '/api/v1/appointments')
      .map((answer) => ({ ...answer, ifNoneMatch: sent.get(answer.requestId)?.['if-none-match'] }));
  const lastList = () => listAnswers().at(-1)!;
  const listsAnswered = () => listAnswers().length;
  await withScreenshots(t, () => [page], async () => {
    await login(page, 'demo_admin', 'Demo@2026');
    await page.goto('/appointments');
    await page.getByTestId(`appt-row-${first.businessNo}`).waitFor();
    assert.equal(lastList().status, 200);
    const tag = lastList().etag;
    assert.ok(tag, 'sent with an entity tag');

    const before = listsAnswered();
    await page.reload();
    await page.getByTestId(`appt-row-${first.businessNo}`).waitFor();
    assert.ok(listsAnswered() > before, 'asked again');
    assert.equal(lastList().ifNoneMatch, tag, 'the browser asked with the tag it held');
    assert.equal(lastList().status, 304, 'unchanged: the server sent no body');

    // Announced live, the change makes the page ask again, or the reload does: either way its first
    // read after the change asks with the old tag and gets the whole new page.
    const beforeChange = listsAnswered();
    const second = await draft(token);
    await page.reload();
    await page.getByTestId(`appt-row-${second.businessNo}`).waitFor();
    await page.getByTestId(`appt-row-${first.businessNo}`).waitFor();
    const afterChange = listAnswers().slice(beforeChange);
    assert.ok(afterChange.length > 0);
    assert.equal(afterChange[0].ifNoneMatch, tag);
    assert.equal(afterChange[0].status, 200, 'changed: the whole page again');
    assert.notEqual(afterChange[0].etag, tag);
  });
});
