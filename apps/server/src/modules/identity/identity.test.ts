import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { whileAsked } from '../../testing/busy.ts';
import { createTestContext, PLATFORM_ADMIN, type TestContext } from '../../testing/test-app.ts';
import { standaloneRegistration, uniqueUsername, uniqueUscc } from '../../testing/factories.ts';
import { LOCK_AFTER_FAILURES } from './login.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => {
  await ctx.close();
});

const fields = (res: { json(): { errors?: { field: string; code: string }[] } }) =>
  Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));

describe('authentication is required', () => {
  for (const [method, url] of [
    ['GET', '/api/v1/me'],
    ['GET', '/api/v1/enterprise'],
    ['GET', '/api/v1/enterprise/operators'],
    ['POST', '/api/v1/enterprise/operators'],
    ['PATCH', '/api/v1/enterprise/operators/00000000-0000-0000-0000-000000000000'],
    ['GET', '/api/v1/admin/users'],
    ['POST', '/api/v1/admin/users'],
  ] as const) {
    test(`${method} ${url} answers 401 problem without a session`, async () => {
      const res = await ctx.call(method, url, { body: method === 'GET' ? undefined : {} });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.json().code, 'UNAUTHENTICATED');
    });
  }

  test('a made-up bearer token is 401', async () => {
    const res = await ctx.call('GET', '/api/v1/me', { token: 'cws_nonsense' });
    assert.equal(res.statusCode, 401);
  });
});

describe('standalone registration', () => {
  test('lists every field error at once, in the language asked for', async () => {
    const res = await ctx.call('POST', '/api/v1/auth/register', {
      body: { mode: 'standalone', enterprise: { name: '', uscc: '911100001000064851', contactPhone: '2345' }, admin: { username: 'a', password: 'short' } },
      headers: { 'accept-language': 'en' },
    });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'VALIDATION');
    assert.deepEqual(fields(res), {
      'enterprise.name': 'REQUIRED',
      'enterprise.uscc': 'USCC_INVALID',
      'enterprise.contactName': 'REQUIRED',
      'enterprise.contactPhone': 'MOBILE_INVALID',
      'admin.username': 'USERNAME_INVALID',
      'admin.password': 'PASSWORD_WEAK',
    });
    assert.equal(body.errors.find((e: { field: string }) => e.field === 'enterprise.uscc').message, 'Invalid unified social credit code');
  });

  test('a body that is not JSON is a coded 400, never a 500', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' }, payload: '{"mode":' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'MALFORMED_JSON');
  });

  test('an unknown mode is a field error on mode', async () => {
    const res = await ctx.call('POST', '/api/v1/auth/register', { body: { mode: 'other' } });
    assert.equal(res.statusCode, 400);
    assert.ok(fields(res).mode);
  });

  test('creates the enterprise and its administrator, who can log in at once', async () => {
    const body = standaloneRegistration();
    const res = await ctx.call('POST', '/api/v1/auth/register', { body: { ...body, enterprise: { ...body.enterprise, uscc: body.enterprise.uscc.toLowerCase(), customsCode: '1101960001' } } });
    assert.equal(res.statusCode, 201);
    const created = res.json();
    assert.equal(created.enterprise.uscc, body.enterprise.uscc, 'USCC is stored upper-case');
    assert.equal(created.enterprise.registrationMode, 'standalone');
    assert.equal(created.user.role, 'admin');
    assert.deepEqual(created.user.permissions, ['vehicle_filing', 'appointment', 'delivery_confirmation', 'query']);
    const token = await ctx.login(body.admin.username, body.admin.password);
    const me = await ctx.call('GET', '/api/v1/me', { token });
    assert.equal(me.json().enterprise.id, created.enterprise.id);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.enterprise.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0].action, 'enterprise.registered');
  });

  test('one USCC is one enterprise: a second registration is 409 on the field, and stores nothing', async () => {
    const first = standaloneRegistration();
    assert.equal((await ctx.call('POST', '/api/v1/auth/register', { body: first })).statusCode, 201);
    const second = standaloneRegistration({ uscc: first.enterprise.uscc });
    const res = await ctx.call('POST', '/api/v1/auth/register', { body: second });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'USCC_TAKEN');
    assert.deepEqual(fields(res), { 'enterprise.uscc': 'USCC_TAKEN' });
    const user = await ctx.deps.db.selectFrom('users').select('id').where('username', '=', second.admin.username).executeTakeFirst();
    assert.equal(user, undefined, 'the administrator of a refused registration is not stored');
  });

  test('usernames are unique platform-wide, whatever their case', async () => {
    const first = standaloneRegistration();
    assert.equal((await ctx.call('POST', '/api/v1/auth/register', { body: first })).statusCode, 201);
    const res = await ctx.call('POST', '/api/v1/auth/register', { body: standaloneRegistration({ username: first.admin.username.toUpperCase() }) });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(fields(res), { 'admin.username': 'USERNAME_TAKEN' });
  });

  test('a USCC and a username both taken are both marked at once', async () => {
    const first = standaloneRegistration();
    assert.equal((await ctx.call('POST', '/api/v1/auth/register', { body: first })).statusCode, 201);
    const res = await ctx.call('POST', '/api/v1/auth/register', { body: standaloneRegistration({ uscc: first.enterprise.uscc, username: first.admin.username }) });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'USCC_TAKEN');
    assert.deepEqual(fields(res), { 'enterprise.uscc': 'USCC_TAKEN', 'admin.username': 'USERNAME_TAKEN' });
  });

  test('two registrations racing for one USCC: exactly one wins', async () => {
    const uscc = uniqueUscc();
    const results = await Promise.all([1, 2, 3].map(() => ctx.call('POST', '/api/v1/auth/register', { body: standaloneRegistration({ uscc }) })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409]);
  });
});

describe('linked registration with the national account service', () => {
  test('unknown account, wrong password, wrong PIN and locked card each have their code', async () => {
    const cases = [
      [{ username: 'nobody_here', password: 'x' }, 'NATIONAL_ACCOUNT_UNKNOWN'],
      [{ username: 'kg_admin', password: 'wrong' }, 'NATIONAL_PASSWORD_WRONG'],
      [{ cardNo: '8800000000009999', pin: '000000' }, 'NATIONAL_CARD_UNKNOWN'],
      [{ cardNo: '8800000000000002', pin: '000000' }, 'NATIONAL_CARD_PIN_WRONG'],
      [{ cardNo: '8800000000000003', pin: '135790' }, 'NATIONAL_CARD_LOCKED'],
    ] as const;
    for (const [national, code] of cases) {
      const res = await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national } });
      assert.equal(res.json().code, code, JSON.stringify(national));
      assert.equal(res.statusCode, 422);
    }
  });

  test('the preview shows the imported data; confirming links it; linking the same enterprise again is refused', async () => {
    const preview = await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national: { username: 'ktd_admin', password: 'Kt@2019ds' } } });
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.json().name, '北京康拓达信息技术有限公司');
    assert.equal(preview.json().alreadyLinked, false);

    const res = await ctx.call('POST', '/api/v1/auth/register', { body: { mode: 'linked', national: { username: 'ktd_admin', password: 'Kt@2019ds' } } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().enterprise.registrationMode, 'linked');
    assert.equal(res.json().enterprise.uscc, '911101157KTD2019XW');
    assert.equal(res.json().user.username, 'ktd_admin');
    await ctx.login('ktd_admin', 'Kt@2019ds');

    // The same national enterprise through its card.
    const again = await ctx.call('POST', '/api/v1/auth/register', {
      body: { mode: 'linked', national: { cardNo: '8800000000000001', pin: '123456' }, admin: { username: uniqueUsername('ktd'), password: 'Another1pass' } },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'NATIONAL_ALREADY_LINKED');
    const seen = await ctx.call('POST', '/api/v1/auth/register/national-preview', { body: { national: { cardNo: '8800000000000001', pin: '123456' } } });
    assert.equal(seen.json().alreadyLinked, true);
  });

  test('a card holder chooses the local administrator account', async () => {
    const missing = await ctx.call('POST', '/api/v1/auth/register', { body: { mode: 'linked', national: { cardNo: '8800000000000002', pin: '246810' } } });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(fields(missing), { 'admin.username': 'REQUIRED' });
    const username = uniqueUsername('card');
    const res = await ctx.call('POST', '/api/v1/auth/register', {
      body: { mode: 'linked', national: { cardNo: '8800000000000002', pin: '246810' }, admin: { username, password: 'CardAdmin1' } },
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().enterprise.name, '北京临空供应链管理有限公司');
    await ctx.login(username, 'CardAdmin1');
  });

  test('the service being down is a coded 503 on the form', async () => {
    const { createNationalAccountClient } = await import('./national-account/index.ts');
    const saved = ctx.deps.national;
    ctx.deps.national = createNationalAccountClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    try {
      const res = await ctx.call('POST', '/api/v1/auth/register', { body: { mode: 'linked', national: { username: 'kg_admin', password: 'Kg#2020hy' } } });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'NATIONAL_SERVICE_UNAVAILABLE');
    } finally {
      ctx.deps.national = saved;
    }
  });
});

describe('login, sessions and lockout', () => {
  test('wrong password and unknown user give the same answer', async () => {
    const e = await ctx.enterprise();
    const wrong = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: 'Wrong1234' } });
    const unknown = await ctx.call('POST', '/api/v1/auth/login', { body: { username: 'no_such_user', password: 'Wrong1234' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().code, 'INVALID_CREDENTIALS');
    assert.equal(unknown.json().code, 'INVALID_CREDENTIALS');
  });

  test('repeated failures slow down, then lock the account for a while, even for the right password', async () => {
    const e = await ctx.enterprise();
    ctx.sleeps.length = 0;
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) {
      const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: 'Wrong1234' } });
      assert.equal(res.json().code, 'INVALID_CREDENTIALS');
    }
    assert.deepEqual(ctx.sleeps, [0, 0, 250, 500]);
    const locking = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: 'Wrong1234' } });
    assert.equal(locking.statusCode, 423);
    assert.equal(locking.json().code, 'ACCOUNT_LOCKED');
    const right = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: e.password } });
    assert.equal(right.json().code, 'ACCOUNT_LOCKED');
    assert.ok(right.json().retryAfterSeconds > 0);
    ctx.clock.advance(16 * 60_000);
    const later = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: e.password } });
    assert.equal(later.statusCode, 200);
    ctx.clock.set(new Date());
  });

  test('the login sets an HttpOnly cookie; cookie requests that change state need the CSRF header', async () => {
    const e = await ctx.enterprise();
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: e.password } });
    const cookie = res.cookies.find((c) => c.name === 'cw_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const headers = { cookie: `cw_session=${cookie.value}` };
    assert.equal((await ctx.call('GET', '/api/v1/me', { headers })).statusCode, 200);
    const body = { username: uniqueUsername('op'), password: 'Operat0r!x', name: '操作员', permissions: [] };
    const forged = await ctx.call('POST', '/api/v1/enterprise/operators', { headers, body });
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().code, 'CSRF_REJECTED');
    const ok = await ctx.call('POST', '/api/v1/enterprise/operators', { headers: { ...headers, 'x-cw-csrf': '1' }, body });
    assert.equal(ok.statusCode, 201);
  });

  test('sessions expire, and logout ends the session', async () => {
    const e = await ctx.enterprise();
    ctx.clock.advance(ctx.deps.config.sessionTtlMs + 1000);
    const expired = await ctx.call('GET', '/api/v1/me', { token: e.token });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().code, 'SESSION_EXPIRED');
    ctx.clock.set(new Date());
    const token = await ctx.login(e.username, e.password);
    assert.equal((await ctx.call('POST', '/api/v1/auth/logout', { token })).statusCode, 200);
    assert.equal((await ctx.call('GET', '/api/v1/me', { token })).statusCode, 401);
  });

  test('a request sent after logout is refused even while that session\'s lookups are under way', async () => {
    // Lookups of one token share a query only if it has not started: one begun before the logout
    // would still find the session alive.
    const e = await ctx.enterprise();
    for (let round = 0; round < 3; round += 1) {
      const token = await ctx.login(e.username, e.password);
      const after = await whileAsked(() => ctx.call('GET', '/api/v1/me', { token }), async () => {
        assert.equal((await ctx.call('POST', '/api/v1/auth/logout', { token })).statusCode, 200);
        return ctx.call('GET', '/api/v1/me', { token });
      });
      assert.equal(after.statusCode, 401, `round ${round}`);
    }
  });

  test('a burst of requests from many sessions at once: each is answered as its own user, and dead sessions are refused', async () => {
    // Lookups of requests that arrive together share a query: a mix-up would show one user another's data.
    const users = await Promise.all(Array.from({ length: 6 }, () => ctx.enterprise()));
    const ended = await ctx.login(users[0].username, users[0].password);
    assert.equal((await ctx.call('POST', '/api/v1/auth/logout', { token: ended })).statusCode, 200);
    const burst = Array.from({ length: 120 }, (_, i) => {
      if (i % 20 === 7) return { token: ended, expect: 'UNAUTHENTICATED' };
      if (i % 20 === 13) return { token: `cws_nonsense_${i}`, expect: 'UNAUTHENTICATED' };
      return { token: users[i % users.length].token, expect: users[i % users.length].enterpriseId };
    });
    const answers = await Promise.all(burst.map((b) => ctx.call('GET', '/api/v1/me', { token: b.token })));
    assert.deepEqual(
      answers.map((res) => (res.statusCode === 200 ? res.json().enterprise.id : res.json().code)),
      burst.map((b) => b.expect),
    );
  });
});

describe('operators and application permissions (应用权限)', () => {
  test('only the enterprise administrator manages operators', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['vehicle_filing']);
    assert.equal((await ctx.call('GET', '/api/v1/enterprise/operators', { token: op.token })).statusCode, 403);
    const reviewer = await ctx.staff('reviewer');
    assert.equal((await ctx.call('GET', '/api/v1/enterprise/operators', { token: reviewer.token })).statusCode, 403);
  });

  test('bad operator input lists its field errors', async () => {
    const e = await ctx.enterprise();
    const res = await ctx.call('POST', '/api/v1/enterprise/operators', { token: e.token, body: { username: 'x', password: '123', name: '', permissions: ['fly'] } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(fields(res), { username: 'USERNAME_INVALID', password: 'PASSWORD_WEAK', name: 'NAME_INVALID', 'permissions.0': 'PERMISSION_UNKNOWN' });
  });

  test('another enterprise\'s operator is not found, never editable', async () => {
    const a = await ctx.enterprise();
    const b = await ctx.enterprise();
    const opOfA = await ctx.operator(a.token, []);
    const res = await ctx.call('PATCH', `/api/v1/enterprise/operators/${opOfA.id}`, { token: b.token, body: { permissions: ['query'] } });
    assert.equal(res.statusCode, 404);
    assert.equal((await ctx.call('PATCH', '/api/v1/enterprise/operators/not-a-uuid', { token: b.token, body: {} })).statusCode, 404);
    assert.equal((await ctx.call('PATCH', `/api/v1/enterprise/operators/${a.userId}`, { token: a.token, body: { disabled: true } })).statusCode, 404, 'the administrator is not an operator');
    const listB = await ctx.call('GET', '/api/v1/enterprise/operators', { token: b.token });
    assert.deepEqual(listB.json().items, []);
  });

  test('a duplicate operator username is 409', async () => {
    const e = await ctx.enterprise();
    const res = await ctx.call('POST', '/api/v1/enterprise/operators', { token: e.token, body: { username: e.username, password: 'Operat0r!x', name: '操作员' } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(fields(res), { username: 'USERNAME_TAKEN' });
  });

  test('granting and revoking take effect on the next request, and are audited', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, []);
    let me = await ctx.call('GET', '/api/v1/me', { token: op.token });
    assert.deepEqual(me.json().user.permissions, []);
    assert.equal((await ctx.call('GET', '/api/v1/enterprise', { token: op.token })).statusCode, 200, 'any enterprise user reads its profile');

    const granted = await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: e.token, body: { permissions: ['vehicle_filing', 'query', 'query'] } });
    assert.equal(granted.statusCode, 200);
    assert.deepEqual(granted.json().permissions, ['vehicle_filing', 'query']);
    me = await ctx.call('GET', '/api/v1/me', { token: op.token });
    assert.deepEqual(me.json().user.permissions, ['vehicle_filing', 'query']);

    await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: e.token, body: { permissions: ['query'] } });
    me = await ctx.call('GET', '/api/v1/me', { token: op.token });
    assert.deepEqual(me.json().user.permissions, ['query']);

    const rows = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', op.id).where('action', '=', 'operator.updated').orderBy('id').execute();
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1].before, { permissions: ['vehicle_filing', 'query'], disabled: false });
    assert.equal(rows[1].actor_id, e.userId);
  });

  test('a disabled operator is logged out and cannot log in', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['query']);
    await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: e.token, body: { disabled: true } });
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: op.token })).statusCode, 401);
    const res = await ctx.call('POST', '/api/v1/auth/login', { body: { username: op.username, password: op.password } });
    assert.equal(res.json().code, 'ACCOUNT_DISABLED');
  });
});

describe('platform staff', () => {
  test('only the platform administrator creates staff', async () => {
    const e = await ctx.enterprise();
    const body = { username: uniqueUsername('rev'), password: 'Review3r!x', name: '审核员', role: 'reviewer' };
    assert.equal((await ctx.call('POST', '/api/v1/admin/users', { token: e.token, body })).statusCode, 403);
  });

  test('a terminal operator needs an existing terminal', async () => {
    const token = await ctx.platformToken();
    const body = { username: uniqueUsername('tos'), password: 'Termina1!x', name: '货站员', role: 'terminal_operator' };
    const res = await ctx.call('POST', '/api/v1/admin/users', { token, body });
    assert.deepEqual(fields(res), { terminalId: 'REQUIRED' });
    const bad = await ctx.call('POST', '/api/v1/admin/users', { token, body: { ...body, terminalId: '00000000-0000-4000-8000-000000000000' } });
    assert.deepEqual(fields(bad), { terminalId: 'TERMINAL_UNKNOWN' });
    const role = await ctx.call('POST', '/api/v1/admin/users', { token, body: { ...body, role: 'platform_admin' } });
    assert.deepEqual(fields(role), { role: 'INVALID_VALUE' });
  });

  test('creates a reviewer who logs in with that role', async () => {
    const token = await ctx.platformToken();
    const username = uniqueUsername('rev');
    const res = await ctx.call('POST', '/api/v1/admin/users', { token, body: { username, password: 'Review3r!x', name: '审核员', role: 'reviewer' } });
    assert.equal(res.statusCode, 201);
    const me = await ctx.call('GET', '/api/v1/me', { token: await ctx.login(username, 'Review3r!x') });
    assert.equal(me.json().user.role, 'reviewer');
    assert.equal(me.json().enterprise, null);
    const list = await ctx.call('GET', '/api/v1/admin/users', { token });
    assert.ok(list.json().items.some((u: { username: string }) => u.username === PLATFORM_ADMIN.username));
  });
});

describe('health and documentation', () => {
  test('health reports the database', async () => {
    for (const url of ['/health', '/api/v1/health']) {
      const res = await ctx.call('GET', url);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().database.up, true);
    }
  });

  test('unknown API routes are a coded 404 problem', async () => {
    const res = await ctx.call('GET', '/api/v1/nothing-here');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ROUTE_NOT_FOUND');
  });

  test('the OpenAPI document describes the identity routes', async () => {
    const doc = (await ctx.call('GET', '/api/v1/openapi.json')).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/enterprise/operators', '/api/v1/enterprise/operators/{id}', '/api/v1/admin/users']) {
      assert.ok(doc.paths[path], path);
    }
  });
});
