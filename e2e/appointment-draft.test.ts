import assert from 'node:assert/strict';
import { test } from 'node:test';

import { afterDialogMotion, assertValue, callApi, decodeQr, demoDraft, newPage, pick, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

/** 暂存 then 提交: a draft saved earlier is submitted from its 修改 page and shows 预约成功 with its number. */
const e2e = serverAndBrowser();

test('a saved draft submitted from its 修改 page shows 预约成功 with its 18-digit number, and its detail shows that number', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token);
  assert.equal(draft.status, 'draft');

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_admin', 'Demo@2026', `/appointments/${draft.id}/edit`);
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
    await signIn(page, 'demo_op', 'Demo@2026', `/appointments/${draft.id}`);
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

test('变更车辆 then 取消预约 from the detail page: the new plate and driver are the booking\'s, the cancel frees its place', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token, 2);
  const booked = await callApi<{ id: string; plate: string; slot: { id: string; start: string }; terminal: { id: string } }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);
  const fleet = await callApi<{ items: { id: string; plate: string; driverName: string; driverPhone: string }[] }>(e2e.server, token, 'GET', '/vehicles');
  const other = fleet.items.find((v) => v.plate !== booked.plate)!;
  const pickupsBooked = async () => {
    const day = booked.slot.start.slice(0, 10);
    const slots = await callApi<{ items: { id: string; booked: { pickup: number } }[] }>(e2e.server, token, 'GET', `/terminals/${booked.terminal.id}/slots?date=${day}`);
    return slots.items.find((s) => s.id === booked.slot.id)!.booked.pickup;
  };
  const before = await pickupsBooked();

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_admin', 'Demo@2026', `/appointments/${booked.id}`);
    await page.getByTestId('appt-plate').filter({ hasText: booked.plate }).waitFor();

    // Picking another vehicle fills in its driver; confirmed, the page shows the new plate.
    await page.getByTestId('appt-change-vehicle').click();
    await afterDialogMotion(page);
    await pick(page, 'appt-change-vehicle-select', other.plate);
    await assertValue(page.getByTestId('appt-change-driver-name'), other.driverName);
    await assertValue(page.getByTestId('appt-change-driver-phone'), other.driverPhone);
    await page.getByTestId('appt-change-confirm').click();
    await page.getByText('车辆/司机已更换').waitFor();
    await page.getByTestId('appt-plate').filter({ hasText: other.plate }).waitFor();
    await page.getByTestId('history-table').getByText(other.plate, { exact: false }).first().waitFor();

    // 取消预约: the booking is 已取消, its buttons go, and the slot has the place back.
    await page.getByTestId('appt-cancel').click();
    await afterDialogMotion(page);
    await page.getByTestId('appt-cancel-confirm').click();
    await page.getByText('预约已取消').waitFor();
    await page.getByTestId('appt-status').filter({ hasText: '已取消' }).waitFor();
    assert.equal(await page.getByTestId('appt-cancel').count(), 0);
    assert.equal(await page.getByTestId('appt-change-vehicle').count(), 0);
    assert.equal(await pickupsBooked(), before - 1);
    const detail = await callApi<{ status: string; plate: string; history: { action: string }[] }>(e2e.server, token, 'GET', `/appointments/${booked.id}`);
    assert.deepEqual([detail.status, detail.plate], ['cancelled', other.plate]);
    assert.deepEqual(detail.history.map((h) => h.action).slice(-2), ['vehicle_changed', 'cancelled']);
  });
});
