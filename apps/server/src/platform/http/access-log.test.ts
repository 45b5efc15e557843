import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';

import { createTestContext, PLATFORM_ADMIN, type TestContext } from '../../testing/test-app.ts';
import { AccessLog } from './access-log.ts';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
  responseTime?: number;
  remoteAddress?: string;
}

/** The app with its log at `level`, every line parsed. */
async function logged(level: string): Promise<{ ctx: TestContext; lines: Line[] }> {
  const lines: Line[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) }) as unknown as FastifyBaseLogger;
  return { ctx: await createTestContext({ logger }), lines };
}

let info: { ctx: TestContext; lines: Line[] };
let warn: { ctx: TestContext; lines: Line[] };
before(async () => {
  info = await logged('info');
  warn = await logged('warn');
});
after(async () => {
  await info?.ctx.close();
  await warn?.ctx.close();
});

test('each answered request writes one access line: method, path, status, time taken and address, under its request id', async () => {
  info.lines.length = 0;
  const ok = await info.ctx.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.9.0.7' });
  assert.equal(ok.statusCode, 200);
  const refused = await info.ctx.call('POST', '/api/v1/auth/login', { body: { username: PLATFORM_ADMIN.username } });
  assert.equal(refused.statusCode, 400);

  const access = info.lines.filter((line) => line.url !== undefined);
  assert.equal(access.length, 2, `one line per request, not one on arrival and one when answered: ${JSON.stringify(info.lines)}`);
  const [health, login] = access;
  assert.deepEqual(
    { level: health.level, msg: health.msg, method: health.method, url: health.url, statusCode: health.statusCode, remoteAddress: health.remoteAddress },
    { level: 30, msg: 'request completed', method: 'GET', url: '/health', statusCode: 200, remoteAddress: '10.9.0.7' },
  );
  assert.ok(typeof health.responseTime === 'number' && health.responseTime >= 0, 'the time taken, in ms');
  assert.match(health.reqId ?? '', /^[0-9a-f-]{36}$/, 'under the request id');
  assert.notEqual(login.reqId, health.reqId);
  assert.deepEqual({ method: login.method, url: login.url, statusCode: login.statusCode }, { method: 'POST', url: '/api/v1/auth/login', statusCode: 400 }, 'a refused request is logged with its status');
  assert.ok(!info.lines.some((line) => line.msg === 'incoming request'), 'no line on arrival');
});

test('above the info level no access line is written', async () => {
  warn.lines.length = 0;
  assert.equal((await warn.ctx.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.equal((await warn.ctx.call('POST', '/api/v1/auth/login', { body: {} })).statusCode, 400);
  assert.deepEqual(warn.lines, []);
});

test('a response that failed on the way out is logged as an error, with its cause', () => {
  const lines: (Line & { err?: { message: string } })[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const request = { method: 'GET', url: '/api/v1/appointments/export.xlsx', ip: '10.9.0.8' } as FastifyRequest;
  const reply = { statusCode: 200, elapsedTime: 12.345, log } as unknown as FastifyReply;
  new AccessLog().requestCompleted(new Error('socket hang up'), request, reply);
  assert.equal(lines.length, 1);
  assert.deepEqual(
    { level: lines[0].level, msg: lines[0].msg, url: lines[0].url, statusCode: lines[0].statusCode, responseTime: lines[0].responseTime, cause: lines[0].err?.message },
    { level: 50, msg: 'request errored', url: '/api/v1/appointments/export.xlsx', statusCode: 200, responseTime: 12.35, cause: 'socket hang up' },
  );
});
