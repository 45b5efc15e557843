import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { afterDialogMotion, login, logout, newPage, serverAndBrowser, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

const suffix = `${Date.now() % 100000}`.padStart(5, '0');

/** antd Select: open it by its test id, then click the option by its visible text. */
async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(text, { exact: true }).click();
}

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
    await login(page, 'platform', 'Platform@2026');
    await page.getByTestId('menu-admin-terminals').click();

    // Edit the demo terminal, change a setting, leave with Esc.
    await page.getByTestId('terminal-edit-PKX-ICT').click();
    await afterDialogMotion(page);
    assert.equal(await page.getByTestId('terminal-code').inputValue(), 'PKX-ICT');
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
    await login(page, 'platform', 'Platform@2026');
    await page.getByTestId('menu-admin-users').click();
    const operator = { username: `e2e_term_${suffix}`, password: 'E2eTerm2026' };
    await page.getByTestId('staff-create').click();
    await afterDialogMotion(page);
    assert.equal(await page.getByTestId('staff-terminal').count(), 0, 'a reviewer has no terminal to pick');
    await page.getByTestId('staff-username').fill(operator.username);
    await page.getByTestId('staff-name').fill('周货站');
    await page.getByTestId('staff-password').fill(operator.password);
    await pick(page, 'staff-role', '货站操作员');

    // Required for a terminal operator: 确认 without one marks the field.
    await page.getByTestId('staff-confirm').click();
    await page.locator('.ant-form-item-has-error', { has: page.getByTestId('staff-terminal') }).waitFor();
    assert.equal(await page.getByText('货站列表接口尚未提供').count(), 0, 'no developer note in the form');
    await pick(page, 'staff-terminal', '大兴机场国际货站（PKX-ICT）');
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
