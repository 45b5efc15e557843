import assert from 'node:assert/strict';
import { test } from 'node:test';

import { callApi, demoDraft, login, newPage, serverAndBrowser, withScreenshots } from './harness.ts';

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
