import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import type { Download } from 'playwright-core';

import { afterDialogMotion, callApi, demoDraft, downloadedWorkbook, logout, newPage, pick, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

test('车辆备案: two rows typed with Enter, declared, returned with a reason, edited, declared, approved; fleet and notification', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_op', 'Demo@2026', '/');
    await page.getByTestId('menu-vehicle-filings').click();
    await page.getByTestId('filing-new').click();

    await page.getByTestId('filing-contact-name').fill('王联系');
    await page.getByTestId('filing-contact-phone').fill('1380013800');
    await page.getByTestId('filing-remarks').click();
    await page.getByText('请输入11位手机号码').waitFor();
    await page.getByTestId('filing-contact-phone').fill('13800138000');

    // Row 1, then Enter in its last field starts row 2 with the cursor in its plate.
    await page.getByTestId('row-0-plate').fill('粤b8a88z');
    await pick(page, 'row-0-plate-color', '蓝色', { exact: true });
    await pick(page, 'row-0-vehicle-type', '厢式货车', { exact: true });
    await page.getByTestId('row-0-rated-load').fill('8000');
    await page.getByTestId('row-0-driver-name').fill('张司机');
    await page.getByTestId('row-0-driver-id').fill('11010519491231002X');
    await page.getByTestId('row-0-driver-phone').fill('13800138000');
    await page.getByTestId('row-0-permit').press('Enter');
    await page.getByTestId('row-1-plate').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'row-1-plate');
    assert.equal(await page.getByTestId('row-0-plate').inputValue(), '粤B8A88Z', 'plates are normalised as typed');

    await page.keyboard.type('京B1234');
    await page.getByTestId('row-1-rated-load').click();
    await page.getByText('车牌号格式错误').waitFor();
    // Switched to English, the errors shown are said again in English, and back.
    await page.getByTestId('language-en').click();
    await page.getByText('Invalid licence plate').waitFor();
    await page.getByText('车牌号格式错误').waitFor({ state: 'detached' });
    await page.getByTestId('language-zh-CN').click();
    await page.getByText('车牌号格式错误').waitFor();
    await page.getByTestId('row-1-plate').fill('京BD12345');
    await pick(page, 'row-1-plate-color', '绿色', { exact: true });
    await pick(page, 'row-1-vehicle-type', '冷藏车', { exact: true });
    await page.getByTestId('row-1-rated-load').fill('5000');
    await page.getByTestId('row-1-driver-name').fill('李司机');
    await page.getByTestId('row-1-driver-id').fill('11010519491231002X');
    await page.getByTestId('row-1-driver-phone').fill('13900139000');
    await page.getByTestId('filing-declare').click();
    await page.getByTestId('filing-status').filter({ hasText: '已申报' }).waitFor();
    const filingId = page.url().split('/').pop()!;
    await logout(page);

    await signIn(page, 'reviewer', 'Review@2026', '/');
    await page.getByTestId('menu-review').click();
    await page.getByTestId(`review-open-${filingId}`).click();
    await page.getByTestId('review-return').click();
    await page.getByTestId('review-return-reason').fill('第2辆车驾驶员手机号有误，请核对');
    await afterDialogMotion(page);
    await page.getByTestId('review-return-confirm').click();
    await page.getByTestId('review-table').waitFor();
    await logout(page);

    await signIn(page, 'demo_op', 'Demo@2026', '/');
    // The demo fleet's own approval is already unread; the return makes one more, on top.
    await page.getByTestId('notification-count').waitFor();
    assert.equal((await page.getByTestId('notification-count').textContent())?.trim(), '2');
    await page.getByTestId('notification-bell').click();
    assert.match((await page.getByTestId('notification-item').first().textContent()) ?? '', /退回/);
    await page.getByTestId('notification-item').first().click();
    assert.match((await page.getByTestId('filing-return-reason').textContent()) ?? '', /驾驶员手机号有误/);
    await page.getByTestId('filing-edit').click();
    await page.getByTestId('row-1-driver-phone').fill('13900139001');
    await page.getByTestId('filing-declare').click();
    await page.getByTestId('filing-status').filter({ hasText: '已申报' }).waitFor();
    await logout(page);

    await signIn(page, 'reviewer', 'Review@2026', `/review/vehicle-filings/${filingId}`);
    await page.getByTestId('review-approve').click();
    await page.getByTestId('review-table').waitFor();
    await logout(page);

    await signIn(page, 'demo_op', 'Demo@2026', '/');
    await page.getByTestId('menu-vehicles').click();
    await page.getByTestId('fleet-row-粤B8A88Z').waitFor();
    await page.getByTestId('fleet-row-京BD12345').waitFor();
    await page.goto('/notifications');
    await page.getByText('车辆备案审核通过').first().waitFor();
    // In English the notices say the same in English, from what they are about (the plates, the reason).
    await page.getByTestId('language-en').click();
    await page.getByText('Vehicle filing approved').first().waitFor();
    const notices = page.getByTestId('notification-item');
    const returned = notices.filter({ hasText: 'Vehicle filing returned' });
    assert.match((await returned.textContent()) ?? '', /The vehicle filing \(粤B8A88Z, 京BD12345\) was returned: 第2辆车驾驶员手机号有误，请核对/);
    assert.equal(await notices.filter({ hasText: '车辆备案' }).count(), 0, 'no notice left in Chinese');
    await page.getByTestId('language-zh-CN').click();
    await page.getByText('车辆备案被退回').first().waitFor();
    await page.goto(`/vehicle-filings/${filingId}`);
    const history = (await page.getByTestId('filing-history').textContent()) ?? '';
    for (const who of ['demo_op', 'reviewer']) assert.ok(history.includes(who), `history names ${who}`);
  });
  await context.close();
});

/** Writes vehicles under a downloaded template's own header row, as a user fills it in Excel. */
async function filledTemplate(template: Download, lines: (string | number)[][]): Promise<string> {
  const book = await downloadedWorkbook(template);
  const sheet = book.worksheets[0];
  lines.forEach((line, index) => {
    sheet.getRow(index + 2).values = line;
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'cw-import-'));
  const file = path.join(dir, 'vehicles.xlsx');
  await book.xlsx.writeFile(file);
  return file;
}

test('导入 in English: the template downloads in English, its good rows fill the body, its bad cell is listed by row in English', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_op', 'Demo@2026', '/');
    await page.getByTestId('language-en').click();
    await page.getByTestId('menu-vehicle-filings').click();
    await page.getByTestId('filing-new').click();

    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('filing-template').click()]);
    assert.equal(template.suggestedFilename(), 'Vehicle filing template.xlsx');
    const file = await filledTemplate(template, [
      ['沪A12345', 'Yellow', 'Box van', 18000, '赵司机', '11010519491231002X', '13912345678'],
      ['沪A1234', 'Yellow', 'Flatbed truck', 9000, '钱司机', '11010519491231002X', '13912345679'],
      ['沪D54321', 'Blue', 'Refrigerated truck', 4500, '孙司机', '11010519491231002X', '13912345670'],
    ]);
    await page.getByTestId('filing-import-input').setInputFiles(file);

    const result = page.getByTestId('import-result');
    await result.getByText('2 vehicle(s) added to the body').waitFor();
    const errors = await page.getByTestId('import-errors').locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    assert.deepEqual(errors, [['3', 'Plate', 'Invalid licence plate']], 'the bad plate, by its spreadsheet row, in English');
    assert.equal(await page.getByTestId('row-0-plate').inputValue(), '沪A12345');
    assert.equal(await page.getByTestId('row-1-plate').inputValue(), '沪D54321');
    assert.match((await page.getByTestId('row-1-plate-color').textContent()) ?? '', /Blue/);
    assert.match((await page.getByTestId('row-1-vehicle-type').textContent()) ?? '', /Refrigerated truck/);
  });
  await context.close();
});

test('注销 from the fleet: refused while the vehicle has an open booking, done once it is cancelled; the vehicle moves to 已注销车辆', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token);
  const booked = await callApi<{ id: string; plate: string }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);

  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'demo_admin', 'Demo@2026', '/');
    await page.getByTestId('menu-vehicles').click();
    const cancel = async () => {
      await page.getByTestId(`fleet-cancel-${booked.plate}`).click();
      await afterDialogMotion(page);
      await page.getByTestId('fleet-cancel-reason').fill('车辆报废');
      await page.getByTestId('fleet-cancel-confirm').click();
    };
    await cancel();
    await page.getByText('该车辆还有未完成的预约，请先取消预约或待车辆出区后再注销').waitFor();
    await page.keyboard.press('Escape');
    await afterDialogMotion(page);
    await page.getByTestId(`fleet-row-${booked.plate}`).waitFor();

    await callApi(e2e.server, token, 'POST', `/appointments/${booked.id}/cancel`);
    await cancel();
    await page.getByText(`车辆 ${booked.plate} 已注销`).waitFor();
    await page.getByTestId(`fleet-row-${booked.plate}`).waitFor({ state: 'detached' });
    await page.goto('/vehicles?status=cancelled');
    await page.getByTestId(`fleet-row-${booked.plate}`).waitFor();
    assert.equal(await page.getByTestId(`fleet-cancel-${booked.plate}`).count(), 0, 'nothing more to do with a removed vehicle');
  });
  await context.close();
});
