import assert from 'node:assert/strict';
import { test } from 'node:test';

import { afterDialogMotion, callApi, demoDraft, newPage, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

interface Submitted {
  id: string;
  businessNo: string;
  plate: string;
  status: string;
  slot: { id: string; start: string };
}

/** 作业 bookings of the demo enterprise, one for each of its two vehicles, tomorrow from midday, submitted: they wait for the terminal. */
async function operationalBookings(token: string): Promise<Submitted[]> {
  const items: Submitted[] = [];
  for (const n of [0, 1]) {
    const draft = await demoDraft(e2e.server, token, n, { declarationType: 'operational', vehicle: n });
    items.push(await callApi<Submitted>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`));
  }
  return items;
}

test('货站运营: 作业 bookings wait in the queue; one accepted is booked, one returned with its reason frees its place; a slot\'s capacity cannot go under what is booked', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const items = await operationalBookings(token);
  assert.deepEqual(items.map((x) => x.status), ['submitted', 'submitted'], '作业 waits for the terminal');
  const [accepted, returned] = items;

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'terminal_op', 'Terminal@2026', '/terminal');
    await page.getByTestId('terminal-tab-queue').click();

    // 接受: the row leaves the queue and the enterprise's booking is 预约成功 with its number.
    await page.getByTestId(`queue-accept-${accepted.businessNo}`).click();
    await page.getByText('已接受，预约成功').waitFor();
    await page.getByTestId(`queue-accept-${accepted.businessNo}`).waitFor({ state: 'detached' });
    const booked = await callApi<{ status: string; appointmentNo: string | null }>(e2e.server, token, 'GET', `/appointments/${accepted.id}`);
    assert.equal(booked.status, 'booked');
    assert.match(booked.appointmentNo ?? '', /^\d{18}$/);

    // 退回 asks for a reason first; the enterprise is told it.
    await page.getByTestId(`queue-reject-${returned.businessNo}`).click();
    await afterDialogMotion(page);
    await page.getByTestId('queue-reject-confirm').click();
    await page.getByText('必填').waitFor();
    const reason = '运单未到港，请改约';
    await page.getByTestId('queue-reject-reason').fill(reason);
    await page.getByTestId('queue-reject-confirm').click();
    await page.getByText('已退回，名额已释放').waitFor();
    await page.getByTestId(`queue-reject-${returned.businessNo}`).waitFor({ state: 'detached' });
    const rejected = await callApi<{ status: string; history: { action: string; actor: string; detail: { reason?: string } | null }[] }>(e2e.server, token, 'GET', `/appointments/${returned.id}`);
    assert.equal(rejected.status, 'rejected');
    assert.deepEqual(
      rejected.history.filter((h) => h.action === 'rejected').map((h) => [h.actor, h.detail?.reason]),
      [['terminal_op', reason]],
    );
    const notices = await callApi<{ items: { kind: string; body: string }[] }>(e2e.server, token, 'GET', '/notifications?limit=20');
    assert.ok(notices.items.some((n) => n.kind === 'appointment.rejected' && n.body.includes(reason)), 'the enterprise is told the reason');

    // Tomorrow's slot of the accepted booking holds one pickup, the returned one's none.
    await page.getByTestId('terminal-date').click();
    // The slot's own date: its start is written on the terminal's clock.
    await page.getByTestId('terminal-date').fill(accepted.slot.start.slice(0, 10));
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: '时段容量' }).click();
    const pickupUsage = async (start: string) => {
      const row = page.getByTestId(`terminal-slot-${start}`);
      await row.waitFor();
      return row.locator('.cw-usage-text').first().textContent();
    };
    assert.match((await pickupUsage(accepted.slot.start)) ?? '', /^1 \/ \d+$/);
    assert.match((await pickupUsage(returned.slot.start)) ?? '', /^0 \/ \d+$/, 'the returned booking\'s place is free again');

    // 调整容量: under the one booked is refused and says so; 5 is kept.
    await page.getByTestId(`terminal-edit-slot-${accepted.slot.start}`).click();
    await afterDialogMotion(page);
    await page.getByTestId('capacity-pickup').fill('0');
    await page.getByTestId('capacity-confirm').click();
    assert.equal(await page.getByTestId('capacity-error').textContent(), '容量不能低于已预约数：提货已约 1，交货已约 0');
    await page.getByTestId('capacity-pickup').fill('5');
    await page.getByTestId('capacity-confirm').click();
    await page.getByText('容量已更新').waitFor();
    await page.waitForFunction((start) => document.querySelector(`[data-testid="terminal-slot-${start}"] .cw-usage-text`)?.textContent === '1 / 5', accepted.slot.start);
  });
});
