import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { demoGateDevices } from '../apps/server/src/demo/seed.ts';
import { afterDialogMotion, assertValue, callApi, demoDraft, newPage, pick, serverAndBrowser, signIn, withScreenshots } from './harness.ts';

const e2e = serverAndBrowser();

/** What a lane's plate reader sends: one read, answered lift or deny. */
async function laneRead(laneCode: 'IN1' | 'OUT1', plate: string): Promise<{ decision: string; code: string }> {
  const device = demoGateDevices.find((d) => d.gateCode === laneCode)!;
  return callApi(e2e.server, device.token, 'POST', '/gate/decisions', { plate, readId: randomUUID(), readAt: new Date().toISOString() });
}

test('卡口监控: a lane\'s reads arrive live; 手动抬杆 takes the denied plate, lifts with a reason, lets the booked truck in and is audited', async (t) => {
  const { token } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'demo_admin', password: 'Demo@2026' });
  const draft = await demoDraft(e2e.server, token);
  // Booked for tomorrow: the in-gate's rule denies it today (outside its window); the officer may let it in.
  const booked = await callApi<{ id: string; plate: string; status: string }>(e2e.server, token, 'POST', `/appointments/${draft.id}/submit`);
  assert.equal(booked.status, 'booked');

  const { page } = await newPage(e2e.browser, e2e.server.url);
  await withScreenshots(t, () => [page], async () => {
    await signIn(page, 'gate_officer', 'Gate@2026', '/gate');
    await page.locator('[data-testid="gate-live"][data-status="open"]').waitFor();
    await pick(page, 'gate-lane-select', 'IN1');
    const insideBefore = Number(await page.getByTestId('gate-inside-count').textContent());

    // The reader denies the truck: the row arrives on the open page, and the big board shows it.
    const denied = await laneRead('IN1', booked.plate);
    assert.equal(denied.decision, 'deny');
    const deniedRow = page.locator(`[data-testid="gate-feed-row"][data-plate="${booked.plate}"][data-decision="deny"]`);
    await deniedRow.first().waitFor();
    assert.equal(await page.getByTestId('gate-latest').getAttribute('data-decision'), 'deny');

    // 手动抬杆 offers the plate just denied; a reason under four characters is refused on the form.
    await page.getByTestId('gate-override').click();
    await afterDialogMotion(page);
    await assertValue(page.getByTestId('gate-override-plate'), booked.plate);
    await page.getByTestId('gate-override-reason').fill('看过');
    await page.getByTestId('gate-override-confirm').click();
    await page.getByText('请填写原因（至少4个字）').waitFor();
    const reason = '车牌污损，已人工核对预约单';
    await page.getByTestId('gate-override-reason').fill(reason);
    await page.getByTestId('gate-override-confirm').click();
    await page.getByText(`${booked.plate} 已人工抬杆`).waitFor();

    const lifted = page.locator(`[data-testid="gate-feed-row"][data-plate="${booked.plate}"][data-code="MANUAL_OVERRIDE"]`);
    await lifted.waitFor();
    assert.equal(await lifted.getAttribute('data-decision'), 'lift');
    assert.match((await lifted.textContent()) ?? '', new RegExp(`人工：gate_officer · ${reason}`));
    await page.locator(`[data-testid="gate-inside-row"][data-plate="${booked.plate}"]`).waitFor();
    assert.equal(Number(await page.getByTestId('gate-inside-count').textContent()), insideBefore + 1);

    // The appointment went in with the officer's reason in its history, and the lift is in the audit trail.
    const detail = await callApi<{ status: string; history: { action: string; actor: string; detail: { reason?: string } | null }[] }>(e2e.server, token, 'GET', `/appointments/${booked.id}`);
    assert.equal(detail.status, 'entered');
    const entry = detail.history.find((h) => h.action === 'gate_in_override');
    assert.equal(entry?.actor, 'gate_officer');
    assert.equal(entry?.detail?.reason, reason);
    const { token: platform } = await callApi<{ token: string }>(e2e.server, null, 'POST', '/auth/login', { username: 'platform', password: 'Platform@2026' });
    const audit = await callApi<{ items: { actorUsername: string; after: { plate: string; reason: string; appointmentId: string } }[] }>(e2e.server, platform, 'GET', '/admin/audit?action=gate.override');
    assert.deepEqual(
      audit.items.map((x) => [x.actorUsername, x.after.plate, x.after.reason, x.after.appointmentId]),
      [['gate_officer', booked.plate, reason, booked.id]],
    );

    // Read again at the in-gate, the truck is inside already.
    const again = await laneRead('IN1', booked.plate);
    assert.deepEqual([again.decision, again.code], ['deny', 'ALREADY_INSIDE']);
  });
});
