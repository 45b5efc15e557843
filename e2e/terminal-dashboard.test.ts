import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { callApi, demoDraft, newPage, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

interface Dashboard {
  hours: { hour: number; booked: { pickup: number; delivery: number }; arrivals: number }[];
  totals: { booked: number; arrivals: number };
}

/** The day's bars as drawn: hour → bookings (pickup + delivery). */
async function bars(page: Page): Promise<Record<number, number>> {
  const drawn = await page.getByTestId('dashboard-bar').evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-hour')), Number(el.getAttribute('data-booked'))] as [number, number]));
  return Object.fromEntries(drawn);
}

const byHour = (dashboard: Dashboard) => Object.fromEntries(dashboard.hours.map((h) => [h.hour, h.booked.pickup + h.booked.delivery]));

test('货站看板: the day in the address draws the API\'s figures, and a booking made meanwhile shows at once in its hour', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const first = await callApi<{ id: string }>(e2e.server, token, 'POST', `/appointments/${(await demoDraft(e2e.server, token, 0)).id}/submit`);
  assert.ok(first.id);
  const { token: operator } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'terminal_op', password: 'Terminal@2026' });
  const terminals = await callApi<{ items: { id: string; code: string; today: string }[] }>(e2e.server, operator, 'GET', '/terminals');
  const terminal = terminals.items.find((x) => x.code === 'PKX-ICT')!;
  const tomorrow = new Date(Date.parse(`${terminal.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const figures = () => callApi<Dashboard>(e2e.server, operator, 'GET', `/terminals/${terminal.id}/dashboard?date=${tomorrow}`);
  const before = await figures();
  assert.ok(before.totals.booked >= 1);

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'terminal_op', 'Terminal@2026', `/terminal/dashboard?date=${tomorrow}`);
    await page.getByTestId('kpi-booked').filter({ hasText: String(before.totals.booked) }).waitFor();
    assert.equal(await page.getByTestId('kpi-arrivals').textContent(), String(before.totals.arrivals));
    assert.deepEqual(await bars(page), byHour(before));

    // A booking for the next slot: the page hears it and draws it without a reload.
    const second = await callApi<{ slot: { start: string } }>(e2e.server, token, 'POST', `/appointments/${(await demoDraft(e2e.server, token, 1)).id}/submit`);
    const after = await figures();
    assert.equal(after.totals.booked, before.totals.booked + 1);
    await page.getByTestId('kpi-booked').filter({ hasText: String(after.totals.booked) }).waitFor();
    const hour = Number(new Date(second.slot.start).toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }));
    await page.locator(`[data-testid="dashboard-bar"][data-hour="${hour}"][data-booked="${byHour(after)[hour]}"]`).waitFor();
    assert.deepEqual(await bars(page), byHour(after));
  });
});
