import assert from 'node:assert/strict';
import { test } from 'node:test';

import { callApi, decodeQr, demoDraft, login, newPage, serverAndBrowser, withScreenshots } from './harness.ts';

/** 暂存 then 提交: a draft saved earlier is submitted from its 修改 page and shows 预约成功 with its number. */
const e2e = serverAndBrowser();

test('a saved draft submitted from its 修改 page shows 预约成功 with its 18-digit number, and its detail shows that number', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token);
  assert.equal(draft.status, 'draft');

  const { page } = await newPage(e2e.browser, e2e.server.url);
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

test('打印预约单: a booked appointment prints a slip alone, whose QR code reads its appointment number; a draft has none', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_op', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token, 1);
  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await login(page, 'demo_op', 'Demo@2026');
    await page.goto(`/appointments/${draft.id}`);
    await page.getByTestId('appt-status').waitFor();
    assert.equal(await page.getByTestId('appt-print').count(), 0, 'a draft is no pass');

    const booked = await callApi<{ appointmentNo: string; plate: string }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);
    await page.reload();
    await page.getByTestId('appt-print').waitFor();
    assert.equal(await page.getByTestId('print-slip').isVisible(), false, 'the slip is for paper only');

    await page.emulateMedia({ media: 'print' });
    const slip = page.getByTestId('print-slip');
    await slip.waitFor({ state: 'visible' });
    assert.equal(await page.locator('.cw-sider').isVisible(), false, 'no menu on paper');
    assert.equal(await page.getByTestId('appt-header').isVisible(), false, 'the slip alone');
    assert.equal(await page.getByTestId('print-slip-plate').textContent(), booked.plate);
    await page.locator('[data-testid="print-slip-qr"] img').waitFor();
    assert.equal(await decodeQr(page, 'print-slip-qr'), booked.appointmentNo);
    assert.match((await slip.textContent()) ?? '', new RegExp(booked.appointmentNo));
  });
});
