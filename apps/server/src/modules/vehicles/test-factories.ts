import type { LightMyRequestResponse } from 'fastify';

import { residentIdCheckChar } from '@cargo-window/contracts';

import type { TestContext } from '../../testing/test-app.ts';

let counter = 0;

/** A valid ordinary plate, different on every call (京A00001, 京A00002, ...). */
export function uniquePlate(prefix = '京A'): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(5, '0')}`;
}

/** A valid resident ID number (born 1990-01-01 in 北京朝阳) with its check character. */
export function residentId(sequence = 123): string {
  const first17 = `11010519900101${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17)!;
}

export function vehicleRow(overrides: Record<string, unknown> = {}) {
  return {
    plate: uniquePlate(),
    plateColor: 'yellow',
    vehicleType: 'van',
    ratedLoadKg: 18000,
    driverName: '李四',
    driverIdNo: residentId(),
    driverPhone: '13912345678',
    ...overrides,
  };
}

export function filingBody(vehicles: Record<string, unknown>[] = [vehicleRow()], header: Record<string, unknown> = {}) {
  return { header: { contactName: '王五', contactPhone: '13800138001', ...header }, vehicles };
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

/** Creates a draft and answers its body. */
export async function createDraft(ctx: TestContext, token: string, vehicles: Record<string, unknown>[] = [vehicleRow()]) {
  const res = await ctx.call('POST', '/api/v1/vehicle-filings', { token, body: filingBody(vehicles) });
  expectStatus(res, 201, 'create filing');
  return res.json();
}

export async function declare(ctx: TestContext, token: string, id: string) {
  const res = await ctx.call('POST', `/api/v1/vehicle-filings/${id}/declare`, { token });
  expectStatus(res, 200, 'declare');
  return res.json();
}

export async function approve(ctx: TestContext, reviewerToken: string, id: string) {
  const res = await ctx.call('POST', `/api/v1/review/vehicle-filings/${id}/approve`, { token: reviewerToken });
  expectStatus(res, 200, 'approve');
  return res.json();
}

/** Files, declares and approves these vehicles: they are in the enterprise's fleet afterwards. */
export async function fleetOf(ctx: TestContext, token: string, reviewerToken: string, vehicles: Record<string, unknown>[] = [vehicleRow()]) {
  const filing = await createDraft(ctx, token, vehicles);
  await declare(ctx, token, filing.id);
  return approve(ctx, reviewerToken, filing.id);
}
