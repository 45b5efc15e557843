import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { afterDialogMotion, assertValue, login, logout, newPage, pick, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

const suffix = `${Date.now() % 100000}`.padStart(5, '0');

/** The terminal dialog's fields as the user sees them. */
async function terminalForm(page: Page) {
  const [code, name, pickup, delivery, horizon, lead, tolerance] = await Promise.all(
    ['terminal-code', 'terminal-name', 'terminal-capacity-pickup', 'terminal-capacity-delivery', 'terminal-horizon', 'terminal-lead', 'terminal-tolerance'].map((id) => page.getByTestId(id).inputValue()),
  );
  return { code, name, pickup, delivery, horizon, lead, tolerance };
}

const freshTerminal = { code: '', name: '', pickup: '10', delivery: '10', horizon: '3', lead: '60', tolerance: '30' };

test('货站与卡口: 编辑 then 取消 or Esc, and 新增货站 opens empty; the new terminal is created', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'platform', 'Platform@2026', '/');
    await page.getByTestId('menu-admin-terminals').click();

    // Edit the demo terminal, change a setting, leave with Esc.
    await page.getByTestId('terminal-edit-PKX-ICT').click();
    await afterDialogMotion(page);
    await assertValue(page.getByTestId('terminal-code'), 'PKX-ICT');
    await page.getByTestId('terminal-horizon').fill('7');
    await page.keyboard.press('Escape');
    await afterDialogMotion(page);
    await page.getByTestId('terminal-create').click();
    await afterDialogMotion(page);
    assert.equal(await page.locator('.ant-modal-title:visible').textContent(), '新增货站');
    assert.deepEqual(await terminalForm(page), freshTerminal, 'after Esc, 新增货站 shows a fresh page’s defaults');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await afterDialogMotion(page);

    // Again with 取消, then create a terminal for real.
    await page.getByTestId('terminal-edit-PKX-ICT').click();
    await afterDialogMotion(page);
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await afterDialogMotion(page);
    await page.getByTestId('terminal-create').click();
    await afterDialogMotion(page);
    assert.deepEqual(await terminalForm(page), freshTerminal, 'after 取消, 新增货站 shows a fresh page’s defaults');
    const code = `E2E-${suffix}`;
    await page.getByTestId('terminal-code').fill(code);
    await page.getByTestId('terminal-name').fill(`端到端货站${suffix}`);
    await page.getByTestId('terminal-confirm').click();
    await page.getByTestId(`terminal-row-${code}`).waitFor();
    await afterDialogMotion(page);
    assert.equal(await page.locator('.ant-modal:visible').count(), 0, 'the dialog closed');
  });
  await context.close();
});

test('人员账号: a terminal operator is given a terminal picked from a list; the list shows its name; the operator sees the terminal pages', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'platform', 'Platform@2026', '/');
    await page.getByTestId('menu-admin-users').click();
    const operator = { username: `e2e_term_${suffix}`, password: 'E2eTerm2026' };
    await page.getByTestId('staff-create').click();
    await afterDialogMotion(page);
    assert.equal(await page.getByTestId('staff-terminal').count(), 0, 'a reviewer has no terminal to pick');
    await page.getByTestId('staff-username').fill(operator.username);
    await page.getByTestId('staff-name').fill('周货站');
    await page.getByTestId('staff-password').fill(operator.password);
    await pick(page, 'staff-role', '货站操作员', { exact: true });

    // Required for a terminal operator: 确认 without one marks the field.
    await page.getByTestId('staff-confirm').click();
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('staff-terminal') }).waitFor();
    assert.equal(await page.getByText('货站列表接口尚未提供').count(), 0, 'no developer note in the form');
    await pick(page, 'staff-terminal', '大兴机场国际货站（PKX-ICT）', { exact: true });
    await page.getByTestId('staff-confirm').click();

    const row = page.getByTestId(`staff-row-${operator.username}`);
    await row.waitFor();
    await row.getByText('大兴机场国际货站（PKX-ICT）').waitFor();
    assert.equal(await page.getByTestId('staff-table').getByRole('columnheader', { name: '所属货站' }).count(), 1);
    await logout(page);

    await login(page, operator.username, operator.password);
    await page.getByTestId('menu-terminal').click();
    await page.getByTestId('terminal-tab-queue').waitFor();
    await page.getByText('大兴机场国际货站', { exact: false }).first().waitFor();
    assert.equal(await page.getByTestId('menu-admin-users').count(), 0, 'no platform administration for a terminal operator');
  });
  await context.close();
});

test('卡口通道 and 设备: a new lane at the demo terminal, a device whose token shows once and answers reads, then 吊销 refuses it', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'platform', 'Platform@2026', '/');
    await page.getByTestId('menu-admin-terminals').click();
    await page.getByTestId('terminal-gates-PKX-ICT').click();

    const code = `IN${suffix.slice(-2)}`;
    await page.getByTestId('gate-create').click();
    await afterDialogMotion(page);
    await page.getByTestId('gate-code').fill(code);
    await page.getByTestId('gate-name').fill('端到端入区道');
    await page.getByTestId('gate-direction-in').click();
    await page.getByTestId('gate-confirm').click();
    await page.getByText('卡口已创建').waitFor();
    await page.getByTestId(`gate-row-${code}`).waitFor();

    // 设备 → 新增设备: its token is shown once, to copy into the device.
    await page.getByTestId(`gate-devices-${code}`).click();
    await afterDialogMotion(page);
    const deviceName = `${code}-车牌识别相机`;
    await page.getByTestId('device-name').fill(deviceName);
    await page.getByTestId('device-create').click();
    const token = ((await page.getByTestId('device-token').textContent()) ?? '').trim();
    assert.match(token, /^cwd_/);
    await page.getByTestId('device-token-done').click();
    await afterDialogMotion(page);
    const row = page.getByTestId('devices-table').locator('tr').filter({ hasText: deviceName });
    assert.match((await row.textContent()) ?? '', /有效.*从未/);

    // The device reads at its lane with that token.
    const read = async () =>
      fetch(`${e2e.server.url}/api/v1/gate/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ plate: '京A99999', readId: `e2e-${Date.now()}-${Math.random()}`, readAt: new Date().toISOString() }),
      });
    const answered = await read();
    assert.equal(answered.status, 200);
    assert.deepEqual(((await answered.json()) as { decision: string }).decision, 'deny', 'no booking for that plate');

    // 吊销: the token is refused from then on.
    await page.getByTestId(`device-revoke-${deviceName}`).click();
    await page.getByTestId('device-revoke-confirm').click();
    await page.getByText('设备已吊销').waitFor();
    await row.getByText('已吊销').waitFor();
    assert.equal((await read()).status, 401);
  });
  await context.close();
});
