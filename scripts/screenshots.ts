// Screenshots of the phone app, the public board and the terminal dashboard, for docs/screenshots/.
// `npm run build -w apps/web && node --import tsx scripts/screenshots.ts` — starts the demo server
// (e2e/harness.ts), books a day of appointments with gate reads through the API, and photographs the
// pages at a 360 px phone viewport (and the board on a wall screen, the dashboard on a desktop).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { launchBrowser, root, startServer } from '../e2e/harness.ts';

const out = path.join(root, 'docs/screenshots');
const PASSWORD = 'Demo@2026';
const IN1 = 'cwd_demo_PKX-ICT_IN1_lane_device';
/** The narrowest phone the layout supports. */
const PHONE = { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

interface Slot {
  id: string;
  start: string;
  end: string;
  closed: boolean;
  capacity: { pickup: number; delivery: number };
  booked: { pickup: number; delivery: number };
}

const server = await startServer();
let browser: Browser | null = null;
try {
  const url = server.url;
  const call = async <T>(method: string, pathname: string, token: string | null, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}/api/v1${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${pathname} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const login = async (username: string, password = PASSWORD) => (await call<{ token: string }>('POST', '/auth/login', null, { username, password })).token;
  // The gate judges at the platform's time: a read now.
  const gateRead = async (device: string, plate: string) =>
    call<{ decision: string; code: string }>('POST', '/gate/decisions', device, { plate, readId: randomUUID(), readAt: new Date().toISOString() });

  // ---- data: a day of bookings and visits -------------------------------------------------------
  const op = await login('demo_op');
  const terminal = (await call<{ items: { id: string; code: string; minLeadMinutes: number; today: string }[] }>('GET', '/terminals', op)).items.find((t) => t.code === 'PKX-ICT')!;
  const calendar = await call<{ days: { date: string; closed: boolean; slots: Slot[] }[] }>('GET', `/terminals/${terminal.id}/calendar`, op);
  const vehicles = (await call<{ items: { id: string; plate: string }[] }>('GET', '/vehicles?status=active&limit=200', op)).items;
  const vehicle = (plate: string) => vehicles.find((v) => v.plate === plate)!.id;
  let awbSerial = 1234560;
  const nextAwb = () => {
    awbSerial += 1;
    return `176-${awbSerial}${awbSerial % 7}`;
  };
  const book = async (slot: Slot, plate: string, flag: 'pickup' | 'delivery') => {
    const draft = await call<{ id: string }>('POST', '/appointments', op, {
      terminalId: terminal.id,
      slotId: slot.id,
      flag,
      declarationType: 'ordinary',
      vehicleId: vehicle(plate),
      awbs: [
        { awb: nextAwb(), pieces: 12, weightKg: 860.5 },
        { awb: nextAwb(), pieces: 3, weightKg: 120 },
      ],
    });
    return call<{ id: string; appointmentNo: string; slot: { start: string; end: string } }>('POST', `/appointments/${draft.id}/submit`, op);
  };

  const earliest = Date.now() + (terminal.minLeadMinutes + 2) * 60_000;
  const upcoming = calendar.days.flatMap((d) => d.slots).filter((s) => !s.closed && Date.parse(s.start) >= earliest);
  const tomorrow = calendar.days[1].date;
  const tomorrowSlots = calendar.days[1].slots;
  const at = (hour: number) => tomorrowSlots.find((s) => s.start.slice(11, 13) === String(hour).padStart(2, '0'))!;

  // Tomorrow: a working day at the terminal for the dashboard — bookings 08–17 (the gate judges at
  // the platform's time, so tomorrow's arrivals cannot be played today).
  const plan: Array<[number, string, 'pickup' | 'delivery']> = [
    [8, '京A12345', 'delivery'],
    [8, '京AD12345', 'delivery'],
    [9, '京AD12345', 'pickup'],
    [10, '京A12345', 'delivery'],
    [10, '京AD12345', 'pickup'],
    [11, '京AD12345', 'delivery'],
    [12, '京A12345', 'pickup'],
    [13, '京AD12345', 'delivery'],
    [13, '京A12345', 'delivery'],
    [14, '京A12345', 'delivery'],
    [14, '京AD12345', 'pickup'],
    [15, '京AD12345', 'pickup'],
    [15, '京A12345', 'delivery'],
    [16, '京A12345', 'delivery'],
    [17, '京AD12345', 'pickup'],
    [17, '京A12345', 'pickup'],
  ];
  for (const [hour, plate, flag] of plan) await book(at(hour), plate, flag);

  // The soonest windows: a delivery the truck has just driven in for, and a pickup still to come.
  const free = upcoming.filter((s) => !tomorrowSlots.some((t) => t.id === s.id && Number(s.start.slice(11, 13)) >= 8 && Number(s.start.slice(11, 13)) <= 17));
  const pass = await book(free[0], '京A12345', 'delivery');
  // Its window opens at most four hours early once the terminal's tolerance is widened to that.
  const admin = await login('platform', 'Platform@2026');
  await call('PATCH', `/admin/terminals/${terminal.id}`, admin, { toleranceMinutes: 240 });
  assert.equal((await gateRead(IN1, '京A12345')).decision, 'lift');
  const later = free.find((s) => Date.parse(s.start) >= Date.parse(free[0].end))!;

  // ---- screenshots -----------------------------------------------------------------------------
  mkdirSync(out, { recursive: true });
  browser = await launchBrowser();
  const shoot = async (page: Page, name: string, fullPage = false) => {
    await page.waitForTimeout(400); // fonts, images and transitions settle
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
    console.log(`docs/screenshots/${name}.png`);
  };
  const context = async (options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> => {
    const c = await browser!.newContext({ baseURL: url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    c.setDefaultTimeout(15_000);
    return c;
  };

  // The desktop login page with its 下载APP QR code.
  {
    const c = await context({ viewport: { width: 1280, height: 800 } });
    const page = await c.newPage();
    await page.goto('/login');
    await page.getByTestId('login-app-qr').locator('img').waitFor();
    await shoot(page, 'login-app-qr');
    await c.close();
  }

  // The phone app.
  {
    const c = await context(PHONE);
    const page = await c.newPage();
    await page.goto('/m');
    await page.getByTestId('m-login-submit').waitFor();
    await shoot(page, 'm-login');
    await page.getByTestId('m-login-username').fill('demo_op');
    await page.getByTestId('m-login-password').fill(PASSWORD);
    await page.getByTestId('m-login-submit').click();
    await page.getByTestId('m-appt-card').first().waitFor();
    // A booking made elsewhere arrives while the page is open.
    const second = await book(later, '京AD12345', 'pickup');
    await page.getByTestId('live-notification').first().waitFor();
    await page.locator(`[data-testid="m-appt-card"][data-id="${second.id}"]`).waitFor();
    await shoot(page, 'm-live-notification');
    await page.waitForTimeout(6500); // the toast closes
    await shoot(page, 'm-appointments');

    await page.locator(`[data-testid="m-appt-card"][data-id="${pass.id}"]`).click();
    await page.getByTestId('appt-qr').locator('img').waitFor();
    await shoot(page, 'm-appointment-qr');
    await page.getByTestId('m-confirm').click();
    await page.getByTestId('m-confirm-ok').waitFor();
    await shoot(page, 'm-confirm-dialog');
    await page.getByTestId('m-confirm-ok').click();
    await page.getByTestId('m-confirmed').waitFor();
    await page.locator('[data-testid="m-status"][data-status="empty_confirmed"]').waitFor();
    await shoot(page, 'm-confirmed');

    await page.getByTestId('m-tab-vehicles').click();
    await page.getByTestId('m-vehicle').first().waitFor();
    await shoot(page, 'm-vehicles');
    await page.getByTestId('m-tab-notifications').click();
    await page.getByTestId('m-notifications').waitFor();
    await shoot(page, 'm-notifications');
    await page.getByTestId('m-tab-me').click();
    await page.getByTestId('m-pref-gate.entered').waitFor();
    await page.setViewportSize({ width: 360, height: 1080 });
    await shoot(page, 'm-me');
    await c.close();
  }

  // The public board: on a phone (no login) and on a wall screen.
  {
    const c = await context(PHONE);
    const page = await c.newPage();
    await page.goto('/board');
    await page.getByTestId('board-slot').first().waitFor();
    await page.locator('[data-testid="board-live"][data-status="open"]').waitFor();
    await shoot(page, 'board-phone');
    await c.close();
    const wall = await context({ viewport: { width: 1920, height: 1080 } });
    const big = await wall.newPage();
    await big.goto('/board');
    await big.getByTestId('board-slot').first().waitFor();
    await big.locator('[data-testid="board-live"][data-status="open"]').waitFor();
    await shoot(big, 'board-wall');
    await wall.close();
  }

  // The terminal operator's dashboard for the busy day.
  {
    const c = await context({ viewport: { width: 1366, height: 900 } });
    const page = await c.newPage();
    await page.goto('/login');
    await page.getByTestId('login-username').fill('terminal_op');
    await page.getByTestId('login-password').fill('Terminal@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('menu-terminal-dashboard').click();
    await page.goto(`/terminal/dashboard?date=${tomorrow}`);
    await page.getByTestId('dashboard-chart').waitFor();
    await shoot(page, 'terminal-dashboard');
    await c.close();
  }
} finally {
  await browser?.close();
  await server.stop();
}
