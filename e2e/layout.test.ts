import assert from 'node:assert/strict';
import { test } from 'node:test';

import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { callApi, demoDraft, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

/**
 * Layouts and forms users depend on, in zh-CN and English: the booking result on a phone, the
 * phone header's back arrow on a page opened from outside, the appointment lists' filters and
 * header, the vehicle filing form with its errors shown.
 */
const e2e = serverAndBrowser();

type Language = 'zh-CN' | 'en';
const OPERATOR = { username: 'demo_op', password: 'Demo@2026' };

async function apiLogin(): Promise<string> {
  return (await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', OPERATOR)).token;
}

/** A context in `language` (the header's 中文/English toggle keeps it in localStorage), a phone or a 1440×900 desktop. */
async function open(browser: Browser, language: Language, phone = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...(phone ? devices['Pixel 7'] : { viewport: { width: 1440, height: 900 } }),
    baseURL: e2e.server.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript((chosen) => localStorage.setItem('cw.language', chosen), language);
  return { context, page: await context.newPage() };
}

const languages: Language[] = ['zh-CN', 'en'];

for (const [n, language] of languages.entries()) {
  test(`phone (${language}): 预约成功 shows the appointment number and the business number on one line each, within the card`, async (t) => {
    const draft = await demoDraft(e2e.server, await apiLogin(), n);
    const { context, page } = await open(e2e.browser, language, true);
    await withScreenshots(t, () => [page], async () => {
      await signIn(page, OPERATOR.username, OPERATOR.password, `/appointments/${draft.id}/edit`);
      await page.getByTestId('appt-draft').waitFor();
      await page.getByTestId('appt-submit').click();
      await page.locator('[data-testid="appt-result"][data-status="booked"]').waitFor();
      const number = page.getByTestId('appt-result-no');
      assert.match(await number.innerText(), /^\d{18}$/);
      const business = page.getByTestId('appt-result').getByText(draft.businessNo, { exact: true });
      for (const [name, value] of [['appointment number', number], ['business number', business]] as const) {
        // An inline box has one rectangle per line it takes, and stays inside its cell.
        const { lines, overflow } = await value.evaluate((element) => {
          const cell = element.closest('td, th')!.getBoundingClientRect();
          const box = element.getBoundingClientRect();
          return { lines: element.getClientRects().length, overflow: Math.max(box.right - cell.right, cell.left - box.left) };
        });
        assert.equal(lines, 1, `the ${name} takes ${lines} lines`);
        assert.ok(overflow <= 0, `the ${name} sticks out of its cell by ${overflow}px`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page overflows by ${overflow}px`);
    });
    await context.close();
  });
}

test('phone: the header back arrow of a page opened from outside goes to /m, of a page opened in the app goes back', async (t) => {
  const token = await apiLogin();
  const draft = await demoDraft(e2e.server, token, languages.length);
  await callApi(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);
  const { context, page } = await open(e2e.browser, 'zh-CN', true);
  const pages = [page];
  await withScreenshots(t, () => pages, async () => {
    const list = new RegExp(`^${e2e.server.url}/m$`);
    // A deep link, logged in on the way (the login replaces itself with the page asked for).
    await page.goto(`/m/appointments/${draft.id}`);
    await page.waitForURL(/\/m\/login/);
    await page.getByTestId('m-login-username').fill(OPERATOR.username);
    await page.getByTestId('m-login-password').fill(OPERATOR.password);
    await page.getByTestId('m-login-submit').click();
    await page.getByTestId('m-back').click();
    await page.waitForURL(list);
    await page.getByTestId('m-appointments').waitFor();

    // A new tab (about:blank before it) of someone logged in.
    const tab = await context.newPage();
    pages.push(tab);
    await tab.goto(`/m/appointments/${draft.id}`);
    await tab.getByTestId('m-back').click();
    await tab.waitForURL(list);
    await tab.getByTestId('m-appointments').waitFor();

    // Opened from the list: the arrow is the browser's back, to the list's own entry.
    await tab.locator(`[data-testid="m-appt-card"][data-id="${draft.id}"]`).click();
    await tab.waitForURL(new RegExp(`/m/appointments/${draft.id}$`));
    const before = await tab.evaluate(() => window.history.length);
    await tab.getByTestId('m-back').click();
    await tab.waitForURL(list);
    assert.equal(await tab.evaluate(() => window.history.length), before, 'went back, added no entry');
    await tab.goForward();
    await tab.waitForURL(new RegExp(`/m/appointments/${draft.id}$`));
  });
  await context.close();
});

for (const language of languages) {
  test(`desktop (${language}): 交货确认 keeps its actions right of the subtitle; the filters show 全部 and dates in full`, async (t) => {
    const { context, page } = await open(e2e.browser, language);
    await withScreenshots(t, () => [page], async () => {
      await signIn(page, OPERATOR.username, OPERATOR.password);
      for (const path of ['/appointments?confirm=1', '/appointments', '/appointments/query']) {
        await page.goto(`${path}${path.includes('?') ? '&' : '?'}createdFrom=2026-12-01&createdTo=2026-12-31`);
        await page.getByTestId('appt-export').waitFor();

        const header = await page.locator('.cw-page-header').boundingBox();
        const text = await page.locator('.cw-page-header-text').boundingBox();
        const actions = await page.locator('.cw-page-header-extra').boundingBox();
        assert.ok(header && text && actions);
        assert.ok(actions.y < text.y + text.height, `${path}: the actions are beside the title, not under it`);
        assert.ok(Math.abs(actions.x + actions.width - (header.x + header.width)) <= 1, `${path}: the actions are at the right`);
        // Full-width quotes (a Chinese font's) do not belong in English.
        if (language === 'en') assert.doesNotMatch(await page.locator('.cw-page-header-text').innerText(), /[“”]/);

        const flag = await page.getByTestId('appt-filter-flag').evaluate((element) => (element.closest('.ant-select') as HTMLElement).innerText.trim());
        assert.equal(flag, language === 'en' ? 'All' : '全部');

        // Both dates, and each placeholder once cleared, fit their inputs.
        const fits = (input: HTMLInputElement) => {
          const context2d = document.createElement('canvas').getContext('2d')!;
          context2d.font = getComputedStyle(input).font;
          const widest = Math.max(context2d.measureText(input.value).width, context2d.measureText(input.placeholder).width);
          return { widest: Math.ceil(widest), room: input.clientWidth, value: input.value };
        };
        for (const range of ['start', 'end']) {
          const { widest, room, value } = await page.locator(`input[date-range="${range}"]`).evaluate(fits);
          assert.match(value, /^2026-12-\d\d$/);
          assert.ok(widest <= room, `${path}: the ${range} date needs ${widest}px, has ${room}px`);
        }
      }
    });
    await context.close();
  });
}

test('desktop (en): the vehicle filing header keeps Contact person and Contact phone on one line when their errors show', async (t) => {
  const { context, page } = await open(e2e.browser, 'en');
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, OPERATOR.username, OPERATOR.password, '/vehicle-filings/new');
    await page.getByTestId('row-0-plate').fill('京A1');
    await page.getByTestId('filing-contact-name').fill('1');
    await page.getByTestId('filing-contact-phone').fill('123');
    await page.getByTestId('filing-declare').click();
    await page.getByText('Enter an 11-digit mainland mobile number').first().waitFor();
    const [name, phone] = await Promise.all([page.getByTestId('filing-contact-name').boundingBox(), page.getByTestId('filing-contact-phone').boundingBox()]);
    assert.ok(name && phone);
    assert.equal(phone.y, name.y, 'the phone input is level with the name input');
    assert.ok(phone.x > name.x + name.width, 'the phone input is to the right of the name input');
  });
  await context.close();
});

test('desktop: 重置 on a list opened with filters in its address clears the fields and the address', async (t) => {
  const { context, page } = await open(e2e.browser, 'zh-CN');
  await withScreenshots(t, () => [page], async () => {
    // Opened (or reloaded) with a filter in the address.
    await signIn(page, OPERATOR.username, OPERATOR.password, `/appointments/query?plate=${encodeURIComponent('京A12345')}`);
    const plate = page.getByTestId('appt-filter-plate');
    await page.waitForFunction(() => (document.querySelector('[data-testid="appt-filter-plate"]') as HTMLInputElement | null)?.value === '京A12345');
    await page.getByTestId('appt-reset').click();
    await page.waitForURL((url) => !url.searchParams.has('plate'));
    await page.waitForTimeout(300);
    assert.equal(await plate.inputValue(), '', 'the field follows the address');
    // And a search after it sends no stale plate.
    await page.getByTestId('appt-search').click();
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).searchParams.get('plate'), null);
  });
  await context.close();
});

test('desktop: 申报 with only the blank row says so and marks the row\'s cells', async (t) => {
  const { context, page } = await open(e2e.browser, 'zh-CN');
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, OPERATOR.username, OPERATOR.password, '/vehicle-filings/new');
    await page.getByTestId('row-0-plate').waitFor();
    await page.getByTestId('filing-declare').click();
    await page.getByText('请至少录入一辆车').waitFor();
    await page.locator('.ant-form-item-has-error').filter({ has: page.getByTestId('row-0-plate') }).waitFor();
    assert.ok((await page.locator('.ant-form-item-has-error').count()) >= 2, 'the row\'s required cells are marked');
  });
  await context.close();
});
