import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { devices, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

import { afterDialogMotion, callApi, decodeQr, serverAndBrowser, withScreenshots } from './harness.ts';

/**
 * 手机版 end to end at a phone viewport (Pixel 5 emulation: 393×727, touch, mobile UA): a driver's
 * dispatcher logs in on the phone, a booking made elsewhere arrives live (toast + card), the gate
 * lets the truck in, the appointment's QR code decodes to its number, 交货确认 gives 空车成功.
 * And the public capacity board shows what the API says, live, after a booking and a cancel.
 */
const e2e = serverAndBrowser();

const OPERATOR = { username: 'demo_op', password: 'Demo@2026' };
/** The demo lane devices (apps/server/src/demo/seed.ts `demoGateDevices`). */
const IN1_TOKEN = 'cwd_demo_PKX-ICT_IN1_lane_device';
const TERMINAL = 'PKX-ICT';

interface Slot {
  id: string;
  start: string;
  end: string;
  closed: boolean;
  capacity: { pickup: number; delivery: number };
  booked: { pickup: number; delivery: number };
}
interface BoardSlot {
  start: string;
  free: { pickup: number; delivery: number };
}
interface Board {
  terminals: { code: string; insideNow: number; days: { date: string; slots: BoardSlot[] }[] }[];
}

const call = <T>(method: string, pathname: string, token: string | null, body?: unknown): Promise<T> => callApi<T>(e2e.server, token, method, pathname, body);

async function apiLogin(): Promise<string> {
  return (await call<{ token: string }>('POST', '/auth/login', null, OPERATOR)).token;
}

async function terminalId(token: string): Promise<{ id: string; minLeadMinutes: number }> {
  const { items } = await call<{ items: { id: string; code: string; minLeadMinutes: number }[] }>('GET', '/terminals', token);
  const terminal = items.find((t) => t.code === TERMINAL);
  assert.ok(terminal, 'the demo terminal exists');
  return terminal;
}

/** The demo terminal's early/late tolerance at its largest (4 hours), so that `slot`'s window contains now. */
async function widenTolerance(slot: Slot): Promise<void> {
  const admin = (await call<{ token: string }>('POST', '/auth/login', null, { username: 'platform', password: 'Platform@2026' })).token;
  const { items } = await call<{ items: { id: string; code: string }[] }>('GET', '/terminals', admin);
  await call('PATCH', `/admin/terminals/${items.find((t) => t.code === TERMINAL)!.id}`, admin, { toleranceMinutes: 240 });
  assert.ok(Date.parse(slot.start) - 240 * 60_000 <= Date.now(), 'the slot starts within four hours');
}

/** The soonest slots (today if any is still bookable) with a free delivery place, skipping `skip`. */
async function bookableSlots(token: string, count: number, skip: ReadonlySet<string> = new Set()): Promise<Slot[]> {
  const terminal = await terminalId(token);
  const calendar = await call<{ days: { date: string; closed: boolean; slots: Slot[] }[] }>('GET', `/terminals/${terminal.id}/calendar`, token);
  const earliest = Date.now() + (terminal.minLeadMinutes + 2) * 60_000;
  const slots = calendar.days
    .filter((d) => !d.closed)
    .flatMap((d) => d.slots)
    .filter((s) => !s.closed && !skip.has(s.id) && Date.parse(s.start) >= earliest && s.capacity.delivery - s.booked.delivery > 0);
  assert.ok(slots.length >= count, 'enough bookable slots');
  return slots.slice(0, count);
}

async function vehicleId(token: string, plate: string): Promise<string> {
  const { items } = await call<{ items: { id: string; plate: string }[] }>('GET', '/vehicles?status=active&limit=200', token);
  const vehicle = items.find((v) => v.plate === plate);
  assert.ok(vehicle, `${plate} is in the demo fleet`);
  return vehicle.id;
}

/** 暂存 + 提交 of an ordinary delivery: booked at once, with its appointment number. */
async function book(token: string, slot: Slot, plate: string): Promise<{ id: string; appointmentNo: string }> {
  const terminal = await terminalId(token);
  const draft = await call<{ id: string }>('POST', '/appointments', token, {
    terminalId: terminal.id,
    slotId: slot.id,
    flag: 'delivery',
    declarationType: 'ordinary',
    vehicleId: await vehicleId(token, plate),
    awbs: [{ awb: '176-12345675', pieces: 3, weightKg: 120 }],
  });
  const booked = await call<{ id: string; status: string; appointmentNo: string | null }>('POST', `/appointments/${draft.id}/submit`, token);
  assert.equal(booked.status, 'booked');
  assert.ok(booked.appointmentNo);
  return { id: booked.id, appointmentNo: booked.appointmentNo };
}

async function phone(options: { timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ ...devices['Pixel 5'], baseURL: e2e.server.url, locale: 'zh-CN', timezoneId: options.timezoneId ?? 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

async function freeDeliveryOnBoard(page: Page, start: string): Promise<number> {
  const cell = page.locator(`[data-testid="board-slot"][data-start="${start}"]`).first();
  return Number(await cell.getAttribute('data-free-delivery'));
}

function boardSlot(board: Board, start: string): BoardSlot {
  const terminal = board.terminals.find((t) => t.code === TERMINAL)!;
  const slot = terminal.days.flatMap((d) => d.slots).find((s) => s.start === start);
  assert.ok(slot, `the board lists ${start}`);
  return slot;
}

test('phone: log in, a new booking arrives live, QR decodes to the appointment number, 交货确认 → 空车成功', async (t) => {
  const { context, page } = await phone();
  await withScreenshots(t, () => [page], async () => {
    // The login page offers the phone app by QR code.
    await page.goto('/login');
    assert.equal(await decodeQr(page, 'login-app-qr'), `${e2e.server.url}/m`);

    // The phone app sends a stranger to its own login and back.
    await page.goto('/m');
    await page.waitForURL(/\/m\/login/);
    await page.getByTestId('m-login-username').fill(OPERATOR.username);
    await page.getByTestId('m-login-password').fill(OPERATOR.password);
    await page.getByTestId('m-login-submit').click();
    await page.getByTestId('m-tab-appointments').waitFor();
    await page.getByTestId('m-appointments').waitFor();
    // Booked elsewhere (the API, as another session) right after the login: the open phone hears
    // of it at once, or is sent it as the stream opens if it came first.
    const token = await apiLogin();
    const [slot] = await bookableSlots(token, 1);
    const appointment = await book(token, slot, '京A12345');
    const toast = page.getByTestId('live-notification').filter({ hasText: appointment.appointmentNo });
    await toast.first().waitFor({ timeout: 5_000 });
    // The 通知 tab's badge counts it.
    await page.locator('[data-testid="m-tab-notifications"]:not([data-unread="0"])').waitFor({ timeout: 5_000 });
    const card = page.locator(`[data-testid="m-appt-card"][data-id="${appointment.id}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'booked');
    assert.match(await card.innerText(), /京A12345/);
    assert.match(await card.innerText(), /交货/);

    // The in-gate camera reads the plate inside the window: 已入区, and the card follows live. The
    // gate judges at the platform's time, and the slot starts an hour or two from now: the platform
    // administrator widens the terminal's early/late tolerance to four hours first.
    await widenTolerance(slot);
    const gate = await fetch(`${e2e.server.url}/api/v1/gate/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IN1_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '京A12345', readId: randomUUID(), readAt: new Date().toISOString() }),
    });
    const decision = (await gate.json()) as { decision: string; appointmentNo?: string };
    assert.equal(decision.decision, 'lift', JSON.stringify(decision));
    assert.equal(decision.appointmentNo, appointment.appointmentNo);
    await page.locator(`[data-testid="m-appt-card"][data-id="${appointment.id}"][data-status="entered"]`).waitFor();

    // The pass: its QR code is the appointment number, printed under it too.
    await card.click();
    await page.waitForURL(new RegExp(`/m/appointments/${appointment.id}$`));
    await page.getByTestId('appt-qr').locator('img').waitFor();
    assert.equal(await decodeQr(page, 'appt-qr'), appointment.appointmentNo);
    assert.equal((await page.getByTestId('appt-qr-number').innerText()).trim(), appointment.appointmentNo);
    assert.equal(await page.getByTestId('m-status').getAttribute('data-status'), 'entered');

    // 交货确认 → 空车成功.
    const confirm = page.getByTestId('m-confirm');
    assert.equal((await confirm.innerText()).replace(/\s/g, ''), '交货确认');
    await confirm.click();
    await afterDialogMotion(page);
    await page.getByTestId('m-confirm-ok').click();
    await page.getByTestId('m-confirmed').waitFor();
    assert.equal((await page.getByTestId('m-confirmed').innerText()).trim(), '空车成功');
    await page.locator('[data-testid="m-status"][data-status="empty_confirmed"]').waitFor();
    assert.equal(await page.getByTestId('m-confirm').count(), 0);
    const detail = await call<{ status: string; emptyDeclaration: unknown }>('GET', `/appointments/${appointment.id}`, token);
    assert.equal(detail.status, 'empty_confirmed');
    assert.ok(detail.emptyDeclaration);

    // The other tabs: the fleet, the notices (by kind).
    await page.getByTestId('m-tab-vehicles').click();
    await page.locator('[data-testid="m-vehicle"][data-plate="京A12345"]').waitFor();
    await page.locator('[data-testid="m-vehicle"][data-plate="京AD12345"]').waitFor();
    await page.getByTestId('m-tab-notifications').click();
    await page.getByTestId('m-kind-appointment.booked').click();
    await page.getByTestId('m-notifications').getByText(appointment.appointmentNo).first().waitFor();
    await page.getByTestId('m-kind-gate.exited').click();
    await page.getByTestId('m-notifications').waitFor({ state: 'detached' });

    // A pass called off while it is open: its QR code goes at once, and the page says why.
    const [laterSlot] = await bookableSlots(token, 1, new Set([slot.id]));
    const cancelled = await book(token, laterSlot, '京AD12345');
    await page.goto(`/m/appointments/${cancelled.id}`);
    await page.getByTestId('appt-qr').locator('img').waitFor();
    await call('POST', `/appointments/${cancelled.id}/cancel`, token);
    await page.locator('[data-testid="m-no-pass"][data-pass="cancelled"]').waitFor();
    assert.equal(await page.getByTestId('appt-qr').count(), 0, 'no QR code for a cancelled booking');
    assert.match(await page.getByTestId('m-no-pass').innerText(), /该预约已取消，二维码已失效/);
    assert.match(await page.getByTestId('m-pass').locator('..').innerText(), new RegExp(cancelled.appointmentNo), 'its number is still shown');

    // Nothing on the page is wider than the phone.
    for (const path of ['/m', `/m/appointments/${appointment.id}`, '/m/vehicles', '/m/notifications', '/m/me']) {
      await page.goto(path);
      await page.getByTestId('m-tab-appointments').waitFor();
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    }
  });
  await context.close();
});

test('board (no login): free places equal the API after a booking and a cancel, updated live', async (t) => {
  const { context, page } = await phone();
  await withScreenshots(t, () => [page], async () => {
    const token = await apiLogin();
    const [slot] = await bookableSlots(token, 1);

    await page.goto('/board');
    const terminal = page.getByTestId(`board-terminal-${TERMINAL}`);
    await terminal.waitFor();
    await page.locator('[data-testid="board-live"][data-status="open"]').waitFor();
    // On a phone the board shows one day at a time: pick the slot's day.
    const day = slot.start.slice(0, 10);
    const dayTab = page.getByTestId(`board-day-${day}`);
    if (await dayTab.count()) await dayTab.click();

    const before = boardSlot(await call<Board>('GET', '/board', null), slot.start);
    assert.equal(await freeDeliveryOnBoard(page, slot.start), before.free.delivery);
    const apiInside = (await call<Board>('GET', '/board', null)).terminals.find((x) => x.code === TERMINAL)!.insideNow;
    assert.equal(Number(await page.getByTestId(`board-inside-${TERMINAL}`).innerText()), apiInside);

    // A booking takes a delivery place: the open board shows it without a reload.
    const appointment = await book(token, slot, '京AD12345');
    const afterBooking = boardSlot(await call<Board>('GET', '/board', null), slot.start);
    assert.equal(afterBooking.free.delivery, before.free.delivery - 1);
    await page.locator(`[data-testid="board-slot"][data-start="${slot.start}"][data-free-delivery="${afterBooking.free.delivery}"]`).waitFor({ timeout: 5_000 });

    // A cancel gives it back.
    await call('POST', `/appointments/${appointment.id}/cancel`, token);
    const afterCancel = boardSlot(await call<Board>('GET', '/board', null), slot.start);
    assert.equal(afterCancel.free.delivery, before.free.delivery);
    await page.locator(`[data-testid="board-slot"][data-start="${slot.start}"][data-free-delivery="${afterCancel.free.delivery}"]`).waitFor({ timeout: 5_000 });
    assert.equal(await freeDeliveryOnBoard(page, slot.start), afterCancel.free.delivery);

    // Every cell shown equals the API.
    const api = await call<Board>('GET', '/board', null);
    const cells = await page.locator('[data-testid="board-slot"]').evaluateAll((els) =>
      els.map((el) => ({ start: el.getAttribute('data-start')!, pickup: Number(el.getAttribute('data-free-pickup')), delivery: Number(el.getAttribute('data-free-delivery')) })),
    );
    assert.ok(cells.length > 0);
    for (const cell of cells) {
      const s = boardSlot(api, cell.start);
      assert.deepEqual({ pickup: cell.pickup, delivery: cell.delivery }, s.free, cell.start);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `/board overflows by ${overflow}px`);
  });
  await context.close();
});

test('PWA: the manifest installs /m, and the service worker starts the app offline', async (t) => {
  const { context, page } = await phone();
  await withScreenshots(t, () => [page], async () => {
    const manifest = (await (await fetch(`${e2e.server.url}/manifest.webmanifest`)).json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    assert.equal(manifest.name, '空港电子货运');
    assert.equal(manifest.short_name, '货运预约');
    assert.equal(manifest.start_url, '/m');
    assert.equal(manifest.display, 'standalone');
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size);
      assert.ok(icon, `a ${size} icon`);
      const png = await fetch(`${e2e.server.url}${icon.src}`);
      assert.equal(png.headers.get('content-type'), 'image/png');
      const { width, height } = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
      assert.equal(`${width}x${height}`, size);
    }

    await page.goto('/m/login');
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest');
    await page.getByTestId('m-login-submit').waitFor();
    // The worker takes over and keeps the shell and the chunks this page loaded.
    await page.waitForFunction(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const cache = await caches.open((await caches.keys())[0] ?? 'none');
      const urls = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return urls.includes('/') && urls.some((u) => u.includes('MobileRoutes'));
    }, undefined, { timeout: 15_000, polling: 250 });
    // The worker is activated, and a navigation online went through it (workerStart is set only
    // when a worker handled the request): the offline reload below meets a worker that answers.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated', undefined, { timeout: 15_000 });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('m-login-submit').waitFor();
    const [workerStart] = await page.evaluate(() => performance.getEntriesByType('navigation').map((e) => (e as PerformanceNavigationTiming).workerStart));
    assert.ok(workerStart > 0, `the online reload went through the service worker (workerStart ${workerStart})`);

    // Offline: the app still starts from the cache and says it is offline.
    await context.setOffline(true);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('m-login-submit').waitFor();
    await page.getByTestId('offline-banner').waitFor();
    // A page never opened before starts from the cached shell too (no browser error page).
    await page.goto('/m/vehicles', { waitUntil: 'domcontentloaded' });
    await page.getByTestId('offline-banner').waitFor();
    // Back online, the strip goes with the next answer.
    await context.setOffline(false);
    await page.goto('/m/login', { waitUntil: 'domcontentloaded' });
    await page.getByTestId('m-login-submit').waitFor();
    assert.equal(await page.getByTestId('offline-banner').count(), 0);
  });
  await context.close();
});
