import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Download, Page } from 'playwright-core';

import { afterDialogMotion, downloadedWorkbook, logout, newPage, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

interface AuditPage {
  items: { id: number; action: string; actorUsername: string | null; entityType: string; entityId: string; after: unknown }[];
  next: string | null;
}

/** The first row of a downloaded sheet. */
async function sheetHeaders(download: Download): Promise<unknown[]> {
  const book = await downloadedWorkbook(download);
  return (book.worksheets[0].getRow(1).values as unknown[]).slice(1);
}

/** Waits until a filter field shows a value: the fields follow the address a render after it changes. */
async function fieldShows(page: Page, testId: string, value: string): Promise<void> {
  await page.waitForFunction(([id, wanted]) => document.querySelector<HTMLInputElement>(`input[data-testid="${id}"]`)?.value === wanted, [testId, value] as const);
}

test('审计日志: the platform administrator filters by action, sees the API’s rows, opens one’s after JSON and exports; an enterprise administrator gets 403', async (t) => {
  const { context, page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'platform', 'Platform@2026', '/');
    await page.getByTestId('menu-admin-audit').click();
    await page.getByTestId('audit-row').first().waitFor();

    // The demo data's filing went through 暂存, 申报 and 审核通过: a prefix finds all three.
    const action = 'vehicle_filing.';
    const answer = await page.request.get(`/api/v1/admin/audit?action=${encodeURIComponent(action)}&limit=100`);
    assert.equal(answer.status(), 200);
    const expected = (await answer.json()) as AuditPage;
    assert.ok(expected.items.length >= 3, `the demo data has filing entries: ${JSON.stringify(expected.items.map((x) => x.action))}`);
    assert.ok(expected.items.every((x) => x.action.startsWith(action)));

    await page.getByTestId('audit-filter-action').fill(action);
    await page.getByTestId('audit-search').click();
    await page.waitForURL(/[?&]action=vehicle_filing\./);
    const rows = page.getByTestId('audit-row');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-row"]').length === n, expected.items.length);
    const shown = await rows.evaluateAll((els) => els.map((el) => ({ id: Number(el.getAttribute('data-id')), action: el.getAttribute('data-action') })));
    assert.deepEqual(
      shown,
      expected.items.map((x) => ({ id: x.id, action: x.action })),
      'the page shows the API’s rows for the same filter, newest first',
    );
    await page.getByTestId('audit-table').getByText(`${action}approved`, { exact: true }).waitFor();

    // The approval's 详情: its after, pretty-printed, is the API's.
    const approved = expected.items.find((x) => x.action === 'vehicle_filing.approved')!;
    await page.getByTestId(`audit-detail-${approved.id}`).click();
    await afterDialogMotion(page);
    assert.equal(await page.getByTestId('audit-drawer-action').textContent(), 'vehicle_filing.approved');
    assert.equal(await page.getByTestId('audit-drawer-actor').textContent(), approved.actorUsername);
    assert.deepEqual(JSON.parse((await page.getByTestId('audit-after').textContent())!), approved.after);
    assert.match((await page.getByTestId('audit-after').textContent())!, /\n {2}"/, 'the JSON is indented');
    await page.keyboard.press('Escape');
    await afterDialogMotion(page);

    // 导出 Excel downloads the sheet with the same filter, in the page's language.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    assert.equal(download.suggestedFilename(), '审计日志.xlsx');
    assert.match(download.url(), /\/admin\/audit\/export\.xlsx\?action=vehicle_filing\./);
    assert.deepEqual(await sheetHeaders(download), ['时间', '操作人', 'IP', '操作', '对象类型', '对象编号', '变更前', '变更后']);
    await page.getByTestId('language-en').click();
    // The English strings load on the first switch; the button's link follows once the page shows them.
    await page.getByTestId('audit-export').getByText('Export Excel').waitFor();
    const [english] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    assert.equal(english.suggestedFilename(), 'Audit log.xlsx');
    assert.deepEqual(await sheetHeaders(english), ['Time', 'Actor', 'IP', 'Action', 'Object type', 'Object ID', 'Before', 'After']);
    await page.getByTestId('language-zh-CN').click();

    // The filter lives in the address: a reload keeps it.
    await page.reload();
    await page.getByTestId('audit-row').first().waitFor();
    assert.equal(await page.getByTestId('audit-filter-action').inputValue(), action);
    assert.equal(await rows.count(), expected.items.length);

    // 只看该对象的记录: the filing's whole trail; the fields follow the address.
    await page.getByTestId(`audit-detail-${approved.id}`).click();
    await afterDialogMotion(page);
    await page.getByTestId('audit-same-entity').click();
    await page.waitForURL((url) => url.searchParams.get('entityId') === approved.entityId && !url.searchParams.has('action'));
    await afterDialogMotion(page);
    await fieldShows(page, 'audit-filter-entity-id', approved.entityId);
    await fieldShows(page, 'audit-filter-action', '');
    await page.getByTestId(`audit-detail-${approved.id}`).waitFor();

    // 重置 shows everything again.
    await page.getByTestId('audit-reset').click();
    await page.waitForURL((url) => url.pathname === '/admin/audit' && url.search === '');
    await fieldShows(page, 'audit-filter-entity-id', '');
    await logout(page);

    // An enterprise administrator has no such entry, and the address answers 403.
    await signIn(page, 'demo_admin', 'Demo@2026', '/');
    await page.getByTestId('menu-enterprise').waitFor();
    assert.equal(await page.getByTestId('menu-admin-audit').count(), 0, '审计日志 is hidden from the enterprise administrator');
    await page.goto('/admin/audit');
    await page.getByTestId('forbidden').waitFor();
    assert.equal(await page.getByTestId('audit-table').count(), 0);
  });
  await context.close();
});
