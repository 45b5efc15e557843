import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { usccCheckChar } from '@cargo-window/contracts';

import { demoGateDevices } from '../apps/server/src/demo/seed.ts';
import { launchBrowser, login, logout, newPage, pick, startServer, withScreenshots, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The demo terminal books from the next slot on, and its gates open an hour and a half either
  // side, so a truck booked now can be read at the gate now.
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'platform', password: 'Platform@2026' }) });
  const token = (await login.json()).token;
  const terminals = await (await fetch(`${server.url}/api/v1/terminals`, { headers: { authorization: `Bearer ${token}` } })).json();
  const terminal = terminals.items.find((t: { code: string }) => t.code === 'PKX-ICT');
  const patched = await fetch(`${server.url}/api/v1/admin/terminals/${terminal.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ minLeadMinutes: 0, toleranceMinutes: 90 }),
  });
  assert.equal(patched.status, 200, await patched.text());
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const suffix = `${Date.now() % 100000}`.padStart(5, '0');
const uscc = (() => {
  const first17 = `91110115M${suffix}123`.slice(0, 17);
  return first17 + usccCheckChar(first17);
})();
const plate = `京C${suffix}`;

/** The gate officer's simulator: one plate read at a lane, answered lift or deny. */
async function gateRead(page: Page, laneCode: 'IN1' | 'OUT1', readPlate: string): Promise<{ decision: string | null; code: string | null }> {
  const lane = demoGateDevices.find((d) => d.gateCode === laneCode)!;
  await page.goto('/gate/simulator');
  await pick(page, 'sim-lane', `${laneCode} `);
  await page.getByTestId('sim-token').fill(lane.token);
  await page.getByTestId('sim-plate').fill(readPlate);
  const before = await page.getByTestId('sim-result').getAttribute('data-code');
  await page.getByTestId('sim-read').click();
  await page.waitForFunction((previous) => {
    const el = document.querySelector('[data-testid="sim-result"]');
    return el && el.getAttribute('data-decision') && el.getAttribute('data-code') !== previous;
  }, before);
  const result = page.getByTestId('sim-result');
  return { decision: await result.getAttribute('data-decision'), code: await result.getAttribute('data-code') };
}

test('the whole flow: register → permissions → file → approve → book → gate in → 交货确认 → 空车成功 → gate out, with the denials', async (t) => {
  const { context, page } = await newPage(browser, server.url);
  const { context: officerContext, page: officer } = await newPage(browser, server.url);
  await withScreenshots(t, () => [page, officer], async () => {
    // 1. Register the enterprise and give an operator its applications.
    const admin = { username: `flow_admin_${suffix}`, password: 'FlowAdmin2026' };
    await page.goto('/register');
    await page.getByTestId('register-standalone').click();
    await page.getByTestId('enterprise-name').fill('北京全流程货运有限公司');
    await page.getByTestId('enterprise-uscc').fill(uscc);
    await page.getByTestId('enterprise-contact-name').fill('周全');
    await page.getByTestId('enterprise-contact-phone').fill('13700137000');
    await page.getByTestId('admin-username').fill(admin.username);
    await page.getByTestId('admin-password').fill(admin.password);
    await page.getByTestId('admin-confirm-password').fill(admin.password);
    await page.getByTestId('standalone-submit').click();
    await page.getByTestId('register-success').waitFor();
    await login(page, admin.username, admin.password);
    await page.getByTestId('menu-operators').click();
    await page.getByTestId('operator-create').click();
    const operator = { username: `flow_op_${suffix}`, password: 'FlowOper2026' };
    await page.getByTestId('operator-username').fill(operator.username);
    await page.getByTestId('operator-name').fill('吴调度');
    await page.getByTestId('operator-password').fill(operator.password);
    for (const permission of ['vehicle_filing', 'appointment', 'delivery_confirmation']) await page.getByTestId(`permission-${permission}`).locator('visible=true').check();
    await page.getByTestId('operator-confirm').locator('visible=true').click();
    await page.getByTestId(`operator-edit-${operator.username}`).waitFor();
    await logout(page);

    // 2. The operator files the truck.
    await login(page, operator.username, operator.password);
    await page.getByTestId('menu-vehicle-filings').click();
    await page.getByTestId('filing-new').click();
    await page.getByTestId('filing-contact-name').fill('吴调度');
    await page.getByTestId('filing-contact-phone').fill('13700137000');
    await page.getByTestId('row-0-plate').fill(plate);
    await page.getByTestId('row-0-plate-color').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('蓝色', { exact: true }).click();
    await page.getByTestId('row-0-vehicle-type').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('厢式货车', { exact: true }).click();
    await page.getByTestId('row-0-rated-load').fill('6000');
    await page.getByTestId('row-0-driver-name').fill('郑司机');
    await page.getByTestId('row-0-driver-id').fill('11010519491231002X');
    await page.getByTestId('row-0-driver-phone').fill('13600136001');
    await page.getByTestId('filing-declare').click();
    await page.getByTestId('filing-status').filter({ hasText: '已申报' }).waitFor();
    const filingId = page.url().split('/').pop()!;
    await logout(page);

    // 3. The reviewer approves.
    await login(page, 'reviewer', 'Review@2026');
    await page.goto(`/review/vehicle-filings/${filingId}`);
    await page.getByTestId('review-approve').click();
    await page.getByTestId('review-table').waitFor();
    await logout(page);

    // 4. The gate officer: an unbooked truck (filed, approved, no appointment) is denied at the in-gate.
    await login(officer, 'gate_officer', 'Gate@2026');
    assert.deepEqual(await gateRead(officer, 'IN1', plate), { decision: 'deny', code: 'NO_APPOINTMENT' });

    // 5. The operator books a delivery in the first bookable slot.
    await login(page, operator.username, operator.password);
    await page.getByTestId('menu-appointments').click();
    await page.getByTestId('appointment-new').click();
    await pick(page, 'appt-terminal', 'PKX-ICT');
    await page.getByTestId('appt-flag').getByText('交货').click();
    await page.getByTestId('appt-declaration-type').getByText('普通').click();
    await pick(page, 'appt-vehicle', plate);
    await page.getByTestId('awb-0-number').fill('176-12345675');
    await page.getByTestId('awb-0-pieces').fill('12');
    await page.getByTestId('awb-0-weight').fill('860.5');
    // The calendar is laid out by time of day across days: the soonest slot is the smallest start.
    const starts = await page.locator('button.slot-cell:not([disabled])').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-start') ?? ''));
    const soonest = starts.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    await page.locator(`button.slot-cell[data-start="${soonest}"]`).click();
    await page.getByTestId('appt-submit').click();
    const result = page.getByTestId('appt-result');
    await result.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="appt-result"]')?.getAttribute('data-status') === 'booked');
    const appointmentNo = await result.getAttribute('data-appointment-no');
    assert.match(appointmentNo ?? '', /^\d{18}$/);

    // 6. In-gate lifts; out-gate denies until the delivery is confirmed.
    assert.deepEqual(await gateRead(officer, 'IN1', plate), { decision: 'lift', code: 'LIFT_IN' });
    assert.deepEqual(await gateRead(officer, 'OUT1', plate), { decision: 'deny', code: 'NOT_CONFIRMED' });

    // 7. 交货确认 at the top right of the appointment: 空车成功 with the empty-truck declaration.
    await page.getByTestId('menu-appointments').click();
    // The row, not just the plate's text: the in-gate toast (车辆…已入区) shows the plate too, and
    // can be the only match while the list is still refetching.
    await page.locator('[data-testid^="appt-row-"]', { hasText: plate }).first().click();
    await page.getByTestId('appt-status').filter({ hasText: '已入区' }).waitFor();
    await page.getByTestId('appt-confirm').click();
    await page.getByTestId('appt-status').filter({ hasText: '空车成功' }).waitFor();
    const declaration = (await page.getByTestId('declaration-table').textContent()) ?? '';
    assert.ok(declaration.includes('空车') && declaration.includes('北京全流程货运有限公司'), declaration);

    // 8. Out-gate lifts now, and the appointment has left the zone.
    assert.deepEqual(await gateRead(officer, 'OUT1', plate), { decision: 'lift', code: 'LIFT_OUT' });
    await page.reload();
    await page.getByTestId('appt-status').filter({ hasText: '已出区' }).waitFor();
  });
  await Promise.all([context.close(), officerContext.close()]);
});
