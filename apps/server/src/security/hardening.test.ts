// The doors around the routes: rate limits on login and registration (per address and per
// account), security headers, CSRF protection of cookie sessions, body limits over a real socket,
// and no password ever written to a log, an answer or the database in clear.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';

import { buildApp } from '../app.ts';
import { nationalTestAccounts, nationalTestCards } from '../modules/identity/national-account/index.ts';
import { standaloneRegistration, uniqueUsername } from '../testing/factories.ts';
import { createTestContext, PLATFORM_ADMIN, type TestContext } from '../testing/test-app.ts';
import { operationsOf, routeTable, urlOf } from './route-table.ts';
import { buildWorld, type World } from './world.ts';

const logLines: string[] = [];
let ctx: TestContext;
let w: World;

before(async () => {
  // Everything the app logs, at its most talkative level, lands here.
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) }) as unknown as FastifyBaseLogger;
  ctx = await createTestContext({ logger });
  w = await buildWorld(ctx);
});
after(async () => {
  await ctx?.close();
});

describe('rate limits on login and registration', () => {
  let limited: TestContext;
  before(async () => {
    limited = await createTestContext({ env: { AUTH_RATE_LIMIT: '3' } });
  });
  after(async () => {
    await limited?.close();
  });

  const from = (ip: string, url: string, body: unknown) =>
    limited.app.inject({ method: 'POST', url, remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  test('login: the fourth attempt a minute from one address is a 429 problem with Retry-After; other addresses are not affected', async () => {
    const wrong = { username: PLATFORM_ADMIN.username, password: 'Wr0ng-password' };
    for (let i = 0; i < 3; i++) assert.equal((await from('10.1.0.1', '/api/v1/auth/login', wrong)).statusCode, 401);
    const refused = await from('10.1.0.1', '/api/v1/auth/login', { username: PLATFORM_ADMIN.username, password: PLATFORM_ADMIN.password });
    assert.equal(refused.statusCode, 429, 'even the right password waits');
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After says how long');
    const sessions = await limited.deps.db.selectFrom('sessions').select('id').execute();
    assert.equal(sessions.length, 0, 'a refused login opens no session');
    assert.equal((await from('10.1.0.2', '/api/v1/auth/login', { username: PLATFORM_ADMIN.username, password: PLATFORM_ADMIN.password })).statusCode, 200);
  });

  test('registration and the national preview have the same budget per address, and a refused registration stores nothing', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await from('10.2.0.1', '/api/v1/auth/register', standaloneRegistration())).statusCode, 201);
    const body = standaloneRegistration();
    const refused = await from('10.2.0.1', '/api/v1/auth/register', body);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    const stored = await limited.deps.db.selectFrom('users').select('id').where('username', '=', body.admin.username).execute();
    assert.equal(stored.length, 0);
    const national = { national: { username: nationalTestAccounts[0].username, password: nationalTestAccounts[0].password } };
    for (let i = 0; i < 3; i++) assert.equal((await from('10.2.0.2', '/api/v1/auth/register/national-preview', national)).statusCode, 200);
    assert.equal((await from('10.2.0.2', '/api/v1/auth/register/national-preview', national)).statusCode, 429);
  });

  test('per account: five wrong passwords from five addresses lock the account, and the delays grow', async () => {
    const body = standaloneRegistration();
    assert.equal((await from('10.3.0.1', '/api/v1/auth/register', body)).statusCode, 201);
    limited.sleeps.length = 0;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await from(`10.3.1.${i}`, '/api/v1/auth/login', { username: body.admin.username, password: `Wrong-${i}-pass` })).json().code);
    assert.deepEqual(codes, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
    assert.ok(limited.sleeps.filter((ms) => ms > 0).length >= 2 && limited.sleeps.at(-1)! > limited.sleeps.find((ms) => ms > 0)!, `growing delays: ${limited.sleeps}`);
    const right = await from('10.3.2.1', '/api/v1/auth/login', { username: body.admin.username, password: body.admin.password });
    assert.equal(right.statusCode, 423, 'locked even for the right password from a fresh address');
    assert.equal(right.json().code, 'ACCOUNT_LOCKED');
  });
});

describe('security headers', () => {
  test('every kind of API answer carries the API\'s security headers and no X-Powered-By', async () => {
    const answers = [
      await ctx.call('GET', '/health'),
      await ctx.call('GET', '/api/v1/me', { token: w.a.token }),
      await ctx.call('GET', '/api/v1/me'),
      await ctx.call('GET', '/api/v1/no-such-route'),
      await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'x' } }),
      await ctx.call('GET', '/api/v1/vehicles/export.xlsx', { token: w.a.token }),
    ];
    for (const res of answers) {
      const h = res.headers;
      const where = `${res.statusCode} ${res.raw.req.url}`;
      // Nothing an API answer carries may run, load or be framed.
      assert.equal(h['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", `CSP on ${where}`);
      assert.equal(h['x-content-type-options'], 'nosniff', where);
      assert.equal(h['x-frame-options'], 'DENY', where);
      assert.match(String(h['strict-transport-security']), /max-age=\d+/, where);
      assert.equal(h['referrer-policy'], 'no-referrer', where);
      assert.equal(h['cross-origin-resource-policy'], 'same-origin', where);
      assert.equal(h['x-powered-by'], undefined, where);
    }
  });

  test('pages carry helmet\'s headers', async () => {
    const web = mkdtempSync(path.join(tmpdir(), 'cw-web-'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>cargo-window</title>');
    writeFileSync(path.join(web, 'app.js'), 'console.log(1)');
    const app = await buildApp(ctx.deps, { webDist: web });
    try {
      for (const url of ['/', '/appointments/new', '/app.js']) {
        const res = await app.inject({ method: 'GET', url });
        const h = res.headers;
        const where = `${res.statusCode} ${url}`;
        assert.equal(res.statusCode, 200, where);
        const csp = String(h['content-security-policy'] ?? '');
        assert.match(csp, /default-src 'self'/, `CSP on ${where}`);
        assert.match(csp, /script-src 'self'/, `CSP script-src on ${where}`);
        assert.match(csp, /object-src 'none'/, `CSP object-src on ${where}`);
        assert.match(csp, /frame-ancestors 'self'/, `CSP frame-ancestors on ${where}`);
        assert.equal(h['x-content-type-options'], 'nosniff', where);
        assert.equal(h['x-frame-options'], 'SAMEORIGIN', where);
        assert.match(String(h['strict-transport-security']), /max-age=\d+/, where);
        assert.equal(h['referrer-policy'], 'no-referrer', where);
        assert.equal(h['cross-origin-opener-policy'], 'same-origin', where);
        assert.equal(h['cross-origin-resource-policy'], 'same-origin', where);
        assert.equal(h['x-dns-prefetch-control'], 'off', where);
        assert.equal(h['x-powered-by'], undefined, where);
      }
    } finally {
      await app.close();
      rmSync(web, { recursive: true, force: true });
    }
  });

  test('the session cookie is HttpOnly and SameSite, and no CORS is granted to another origin', async () => {
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: w.b.username, password: w.b.password } });
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /cw_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//i);
    const preflight = await ctx.app.inject({ method: 'OPTIONS', url: '/api/v1/appointments', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-cw-csrf' } });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-headers'], undefined);
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
  });
});

describe('CSRF protection of cookie sessions', () => {
  let cookie: string;
  before(async () => {
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: w.a.username, password: w.a.password } });
    cookie = `cw_session=${res.cookies.find((c) => c.name === 'cw_session')!.value}`;
  });

  test('every state-changing route refuses a cookie session without the x-cw-csrf header, and changes nothing', async () => {
    const ops = operationsOf((await ctx.call('GET', '/api/v1/openapi.json')).json());
    const failures: string[] = [];
    const before = await ctx.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let checked = 0;
    for (const op of ops) {
      const entry = routeTable[op.key];
      if (!entry || op.method === 'GET' || entry.access.kind === 'public' || entry.access.kind === 'device') continue;
      checked += 1;
      const payload = entry.body ? JSON.stringify(entry.body(w)) : entry.raw ? entry.raw.bytes(w) : undefined;
      const contentType = entry.raw ? entry.raw.contentType : 'application/json';
      // A form on another site can send the cookie, but not a custom header.
      for (const type of [contentType, 'application/x-www-form-urlencoded', 'text/plain']) {
        const res = await ctx.app.inject({ method: op.method as 'POST', url: urlOf(op, entry, w), headers: { cookie, 'content-type': type, origin: 'https://evil.example' }, payload });
        if (res.statusCode !== 403 || res.json().code !== 'CSRF_REJECTED') failures.push(`${op.key} (${type}): ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    assert.ok(checked >= 30, `${checked} state-changing routes`);
    assert.deepEqual(failures, []);
    const afterCount = await ctx.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n), 'no audited change went through');
  });

  test('with the header the same cookie works; reads need no header; a bearer token needs none', async () => {
    const withHeader = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: { cookie, 'x-cw-csrf': '1', 'content-type': 'application/json' }, payload: JSON.stringify({ muted: [] }) });
    assert.equal(withHeader.statusCode, 200, withHeader.body);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode, 200);
    assert.equal((await ctx.call('PUT', '/api/v1/me/notification-preferences', { token: w.a.token, body: { muted: [] } })).statusCode, 200);
  });
});

describe('body limits over a real socket', () => {
  test('a 10 MB chunked body without Content-Length is cut off with 413', async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/vehicle-filings', headers: { authorization: `Bearer ${w.a.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      req.write('{"x":"');
      let sent = 0;
      const pump = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end('"}');
      };
      pump();
    });
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).code, 'PAYLOAD_TOO_LARGE');
  });
});

describe('passwords are never logged, echoed or stored in clear', () => {
  test('register, log in (right and wrong), operators, staff, national linking: no password in the logs, answers or tables', async () => {
    const secrets: string[] = [];
    const answers: string[] = [];
    const keep = (res: { body: string }) => answers.push(res.body);

    const registration = standaloneRegistration();
    registration.admin.password = 'Reg1ster-Secret-p4ss';
    secrets.push(registration.admin.password);
    keep(await ctx.call('POST', '/api/v1/auth/register', { body: registration }));
    keep(await ctx.call('POST', '/api/v1/auth/login', { body: { username: registration.admin.username, password: registration.admin.password } }));
    secrets.push('Wr0ng-Secret-guess');
    keep(await ctx.call('POST', '/api/v1/auth/login', { body: { username: registration.admin.username, password: 'Wr0ng-Secret-guess' } }));
    secrets.push('weakSecret');
    keep(await ctx.call('POST', '/api/v1/auth/register', { body: { ...standaloneRegistration(), admin: { username: uniqueUsername('weak'), password: 'weakSecret' } } }));
    secrets.push('Oper4tor-Secret-pass');
    const op = await ctx.call('POST', '/api/v1/enterprise/operators', { token: w.a.token, body: { username: uniqueUsername('logop'), password: 'Oper4tor-Secret-pass', name: '操作员', permissions: [] } });
    keep(op);
    secrets.push('Reset-Secret-pass9');
    keep(await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.json().id}`, { token: w.a.token, body: { password: 'Reset-Secret-pass9' } }));
    secrets.push('Staff-Secret-pass7');
    keep(await ctx.call('POST', '/api/v1/admin/users', { token: w.staff.platform, body: { username: uniqueUsername('logstaff'), password: 'Staff-Secret-pass7', name: '平台人员', role: 'gate_officer' } }));
    const account = nationalTestAccounts[1];
    const card = nationalTestCards[1];
    secrets.push(account.password, `pin-${card.pin}`, 'Linked-Admin-p4ss');
    keep(await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national: { username: account.username, password: account.password } } }));
    keep(await ctx.call('POST', '/api/v1/auth/register', { body: { mode: 'linked', national: { username: account.username, password: account.password }, admin: { username: uniqueUsername('linked'), password: 'Linked-Admin-p4ss' } } }));
    keep(await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national: { cardNo: card.cardNo, pin: `pin-${card.pin}` } } }));
    keep(await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national: { username: account.username, password: 'Nat-Wrong-Secret' } } }));
    secrets.push('Nat-Wrong-Secret');

    const logs = logLines.join('');
    assert.ok(logs.includes('/api/v1/auth/login') && logs.includes('/api/v1/auth/register'), 'the capture saw the requests');
    for (const secret of secrets) {
      assert.ok(!logs.includes(secret), `the logs hold the password ${secret}`);
      for (const body of answers) assert.ok(!body.includes(secret), `an answer echoes the password ${secret}: ${body.slice(0, 200)}`);
    }
    // Session and device tokens are credentials too.
    for (const token of [w.a.token, w.deviceToken]) assert.ok(!logs.includes(token), 'the logs hold a bearer token');

    // Every row of every table, as text.
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(ctx.deps.db);
    for (const { table_name } of tables.rows) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(ctx.deps.db);
      const text = rows.map((r) => r.row).join('\n');
      for (const secret of [...secrets, w.a.token, w.deviceToken]) assert.ok(!text.includes(secret), `table ${table_name} holds ${secret} in clear`);
    }
  });
});
