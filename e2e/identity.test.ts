import assert from 'node:assert/strict';
import { test } from 'node:test';

import { usccCheckChar } from '@cargo-window/contracts';

import { login, logout, newPage, serverAndBrowser, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

const suffix = `${Date.now() % 100000}`.padStart(5, '0');
const uscc = (() => {
  const first17 = `911101080${suffix}${'000'}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
})();

test('standalone registration → log in → create an operator → grant permissions → the operator sees only those menus, and follows a change at once', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  const adminTab = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page, adminTab.page], async () => {
    const admin = { username: `e2e_admin_${suffix}`, password: 'E2eAdmin2026' };
    await page.goto('/login');
    await page.getByTestId('register-link').click();
    await page.getByTestId('register-standalone').click();

    // Wrong data first: the form marks the fields in Chinese before anything is sent.
    await page.getByTestId('enterprise-uscc').fill('911100001000064851');
    await page.getByTestId('enterprise-contact-phone').fill('12345');
    await page.getByTestId('enterprise-name').click();
    await page.getByText('统一社会信用代码格式或校验位错误').waitFor();

    await page.getByTestId('enterprise-name').fill('北京端到端物流有限公司');
    await page.getByTestId('enterprise-uscc').fill(uscc);
    await page.getByTestId('enterprise-contact-name').fill('王测试');
    await page.getByTestId('enterprise-contact-phone').fill('13800138000');
    await page.getByTestId('admin-username').fill(admin.username);
    await page.getByTestId('admin-password').fill(admin.password);
    await page.getByTestId('admin-confirm-password').fill(admin.password);
    await page.getByTestId('standalone-submit').click();
    await page.getByTestId('register-success').waitFor();

    await login(page, admin.username, admin.password);
    await page.getByTestId('menu-operators').click();
    await page.getByTestId('operator-create').click();
    const operator = { username: `e2e_op_${suffix}`, password: 'E2eOper2026' };
    await page.getByTestId('operator-username').fill(operator.username);
    await page.getByTestId('operator-name').fill('赵操作');
    await page.getByTestId('operator-password').fill(operator.password);
    await page.getByTestId('operator-confirm').locator('visible=true').click();
    await page.getByTestId(`operator-edit-${operator.username}`).click();
    await page.getByTestId('permission-vehicle_filing').check();
    await page.getByTestId('permission-query').check();
    await page.getByTestId('operator-confirm').locator('visible=true').click();
    await page.getByTestId('operators-table').getByTestId('tag-vehicle_filing').waitFor();
    await logout(page);

    await login(page, operator.username, operator.password);
    await page.getByTestId('menu-vehicle-filings').waitFor();
    assert.equal(await page.getByTestId('menu-vehicles').count(), 1, 'query or vehicle_filing shows the fleet');
    for (const hidden of ['menu-appointments', 'menu-delivery-confirmation', 'menu-operators', 'menu-enterprise', 'menu-review', 'menu-admin-users']) {
      assert.equal(await page.getByTestId(hidden).count(), 0, `${hidden} is hidden from the operator`);
    }
    // A route the operator was not granted answers with the 403 page, not the screen.
    await page.goto('/enterprise/operators');
    await page.getByTestId('forbidden').waitFor();

    // The administrator, in another browser, takes 车辆备案 away and grants 提/交货预约 while the
    // operator's 车辆备案 page is open: without a reload, its menu and its page follow.
    await page.goto('/vehicle-filings');
    await page.getByTestId('menu-vehicle-filings').waitFor();
    await login(adminTab.page, admin.username, admin.password);
    await adminTab.page.getByTestId('menu-operators').click();
    await adminTab.page.getByTestId(`operator-edit-${operator.username}`).click();
    await adminTab.page.getByTestId('permission-vehicle_filing').uncheck();
    await adminTab.page.getByTestId('permission-appointment').check();
    await adminTab.page.getByTestId('operator-confirm').locator('visible=true').click();
    await adminTab.page.getByTestId('operators-table').getByTestId('tag-appointment').waitFor();
    await page.getByTestId('menu-appointments').waitFor({ timeout: 10_000 });
    await page.getByTestId('forbidden').waitFor();
    assert.equal(await page.getByTestId('menu-vehicle-filings').count(), 0, '车辆备案 left the menu');
    assert.match(page.url(), /\/vehicle-filings$/, 'the page was not reloaded or left');
  });
  await context.close();
  await adminTab.context.close();
});

test('linked registration with a national simulator card (卡介质) → 关联注册 → log in', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await page.goto('/register');
    await page.getByTestId('register-national').click();
    await page.getByTestId('national-method-card').click();
    await page.getByTestId('national-card-no').fill('8800000000000002');
    await page.getByTestId('national-pin').fill('000000');
    await page.getByTestId('national-login').click();
    await page.getByText('卡密码错误').waitFor();

    await page.getByTestId('national-pin').fill('246810');
    await page.getByTestId('national-login').click();
    await page.getByTestId('national-preview').waitFor();
    assert.equal(await page.getByTestId('preview-name').inputValue(), '北京临空供应链管理有限公司');
    assert.equal(await page.getByTestId('preview-uscc').inputValue(), '91110115MA01LKGL0L');
    assert.equal(await page.getByTestId('preview-name').getAttribute('readonly'), '');

    const username = `e2e_card_${suffix}`;
    await page.getByTestId('admin-username').fill(username);
    await page.getByTestId('admin-password').fill('CardAdmin2026');
    await page.getByTestId('admin-confirm-password').fill('CardAdmin2026');
    await page.getByTestId('link-confirm').click();
    await page.getByTestId('register-success').waitFor();

    await login(page, username, 'CardAdmin2026');
    await page.getByTestId('menu-enterprise').click();
    await page.getByText('91110115MA01LKGL0L').waitFor();
  });
  await context.close();
});

test('the interface switches to English and back', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await page.goto('/login');
    await page.getByText('账号登录').first().waitFor();
    await page.getByTestId('language-en').click();
    await page.getByTestId('login-submit').getByText(/log in/i).waitFor();
    await page.getByTestId('login-username').fill('demo_admin');
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByText('Wrong username or password').waitFor();
    await page.getByTestId('language-zh-CN').click();
    await page.getByText('账号登录').first().waitFor();
  });
  await context.close();
});
