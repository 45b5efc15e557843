import assert from 'node:assert/strict';
import { test } from 'node:test';

import { callApi, demoDraft, newPage, pageSettled, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

/**
 * The appointment list is sent with an entity tag and revalidated on every use: reading it again
 * unchanged costs a 304 and no body, and a change made elsewhere is on the very next read.
 */
const e2e = serverAndBrowser();

test('the list read again unchanged is a 304 from the server; a change made elsewhere is on the next read', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const first = await demoDraft(e2e.server, token);
  const { page } = await newPage(e2e.browser, e2e.server.url);
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
    await signIn(page, 'demo_admin', 'Demo@2026', '/appointments');
    await page.getByTestId(`appt-row-${first.businessNo}`).waitFor();
    // The live stream's opening makes the page read the list again (a 304): settled first, so that
    // no such read lands among the ones counted below. The first read of all sent the whole page.
    await pageSettled(page);
    const read = listAnswers();
    assert.equal(read[0].status, 200, 'the first read: the whole page');
    const shown = read.at(-1)!;
    const tag = shown.status === 304 ? shown.ifNoneMatch : shown.etag;
    assert.ok(tag, 'sent with an entity tag');
    assert.equal(read[0].etag, tag, 'nothing changed between the reads');

    const before = listsAnswered();
    await page.reload();
    await page.getByTestId(`appt-row-${first.businessNo}`).waitFor();
    assert.ok(listsAnswered() > before, 'asked again');
    assert.equal(lastList().ifNoneMatch, tag, 'the browser asked with the tag it held');
    assert.equal(lastList().status, 304, 'unchanged: the server sent no body');

    // Announced live, the change makes the page ask again, or the reload does: either way its first
    // read after the change asks with the old tag and gets the whole new page.
    await pageSettled(page);
    const beforeChange = listsAnswered();
    const second = await demoDraft(e2e.server, token);
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
