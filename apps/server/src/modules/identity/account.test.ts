import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { hashToken } from '../../platform/sessions.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => {
  await ctx.close();
});

describe('personal access tokens', () => {
  test('created once, stored hashed, scoped to the owner\'s permissions', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['query']);
    const tooWide = await ctx.call('POST', '/api/v1/me/tokens', { token: op.token, body: { name: 'TMS', permissions: ['query', 'appointment'] } });
    assert.equal(tooWide.statusCode, 400);
    assert.deepEqual(tooWide.json().errors.map((x: { code: string; field: string }) => [x.field, x.code]), [['permissions.1', 'PERMISSION_NOT_HELD']]);

    const created = await ctx.call('POST', '/api/v1/me/tokens', { token: op.token, body: { name: 'TMS 对接', permissions: ['query'], expiresInDays: 30 } });
    assert.equal(created.statusCode, 201);
    const { token, id } = created.json();
    assert.match(token, /^cwt_/);
    const stored = await ctx.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(stored.token_hash, hashToken(token));
    assert.ok(!JSON.stringify(stored).includes(token), 'the secret is never stored');

    const listed = (await ctx.call('GET', '/api/v1/me/tokens', { token: op.token })).json().items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].token, undefined, 'listing never shows the secret');

    const me = await ctx.call('GET', '/api/v1/me', { token });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().user.permissions, ['query']);
    const afterUse = (await ctx.call('GET', '/api/v1/me/tokens', { token: op.token })).json().items[0];
    assert.ok(afterUse.lastUsedAt, 'last use is shown');
  });

  test('scope is enforced, also when the owner holds more', async () => {
    const e = await ctx.enterprise();
    const token = (await ctx.call('POST', '/api/v1/me/tokens', { token: e.token, body: { name: 'read only', permissions: ['query'] } })).json().token;
    assert.deepEqual((await ctx.call('GET', '/api/v1/me', { token })).json().user.permissions, ['query'], '/me tells what the token may do');
    assert.equal((await ctx.call('GET', '/api/v1/appointments', { token })).statusCode, 200);
    assert.equal((await ctx.call('GET', '/api/v1/vehicle-filings', { token })).statusCode, 403, 'vehicle_filing is outside the scope');
    assert.equal((await ctx.call('GET', '/api/v1/me/tokens', { token })).statusCode, 200);
    const selfService = await ctx.call('POST', '/api/v1/me/tokens', { token, body: { name: 'another', permissions: [] } });
    assert.equal(selfService.statusCode, 403, 'a token cannot mint tokens');
  });

  test('an administrator\'s token holds none of the administrator\'s own powers: operators and their tokens', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['query']);
    const token = (await ctx.call('POST', '/api/v1/me/tokens', { token: e.token, body: { name: 'TMS', permissions: ['query', 'appointment'] } })).json().token;
    const refused: [string, string, unknown?][] = [
      ['GET', '/api/v1/enterprise/operators'],
      ['POST', '/api/v1/enterprise/operators', { username: `tok_op_${Date.now()}`, password: 'Secret@2026x', name: '张三', permissions: ['appointment'] }],
      ['PATCH', `/api/v1/enterprise/operators/${op.id}`, { permissions: ['query', 'appointment', 'vehicle_filing', 'delivery_confirmation'] }],
      ['PATCH', `/api/v1/enterprise/operators/${op.id}`, { disabled: true }],
      ['GET', `/api/v1/enterprise/operators/${op.id}/tokens`],
    ];
    for (const [method, url, body] of refused) {
      const res = await ctx.call(method, url, { token, body });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().code, 'FORBIDDEN');
    }
    const operators = await ctx.deps.db.selectFrom('users').select(['permissions', 'disabled']).where('enterprise_id', '=', e.enterpriseId).where('role', '=', 'operator').execute();
    assert.deepEqual(operators, [{ permissions: ['query'], disabled: false }], 'nothing was changed or created');
    assert.equal((await ctx.call('GET', '/api/v1/appointments', { token })).statusCode, 200, 'its scope still works');
    assert.equal((await ctx.call('GET', '/api/v1/enterprise', { token })).statusCode, 200, 'and the profile every user of the enterprise reads');
    assert.equal((await ctx.call('GET', '/api/v1/enterprise/operators', { token: e.token })).statusCode, 200, 'the administrator\'s session keeps them');
  });

  test('expired and revoked tokens are 401', async () => {
    const e = await ctx.enterprise();
    const first = (await ctx.call('POST', '/api/v1/me/tokens', { token: e.token, body: { name: 'short', permissions: ['query'], expiresInDays: 1 } })).json();
    ctx.clock.advance(2 * 86_400_000);
    const expired = await ctx.call('GET', '/api/v1/me', { token: first.token });
    ctx.clock.set(new Date());
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().code, 'SESSION_EXPIRED');

    const fresh = await ctx.enterprise();
    const second = (await ctx.call('POST', '/api/v1/me/tokens', { token: fresh.token, body: { name: 'revoke me', permissions: ['query'] } })).json();
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: second.token })).statusCode, 200);
    assert.equal((await ctx.call('POST', `/api/v1/me/tokens/${second.id}/revoke`, { token: fresh.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: second.token })).statusCode, 401);
  });

  test('the administrator makes and revokes tokens for its own operators only', async () => {
    const a = await ctx.enterprise();
    const b = await ctx.enterprise();
    const op = await ctx.operator(a.token, ['appointment']);
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/operators/${op.id}/tokens`, { token: b.token, body: { name: 'x', permissions: [] } })).statusCode, 404);
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/operators/${op.id}/tokens`, { token: op.token, body: { name: 'x', permissions: [] } })).statusCode, 403);
    const made = await ctx.call('POST', `/api/v1/enterprise/operators/${op.id}/tokens`, { token: a.token, body: { name: '货站系统', permissions: ['appointment'] } });
    assert.equal(made.statusCode, 201);
    const me = (await ctx.call('GET', '/api/v1/me', { token: made.json().token })).json();
    assert.equal(me.user.id, op.id, 'the token acts as the operator');
    assert.equal((await ctx.call('POST', `/api/v1/me/tokens/${made.json().id}/revoke`, { token: b.token })).statusCode, 404);
    assert.equal((await ctx.call('POST', `/api/v1/me/tokens/${made.json().id}/revoke`, { token: a.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', `/api/v1/enterprise/operators/${op.id}/tokens`, { token: a.token })).json().items[0].revokedAt !== null, true);
  });
});

describe('sessions', () => {
  test('a person sees its sessions and ends one; others\' are not found', async () => {
    const e = await ctx.enterprise();
    const second = await ctx.login(e.username, e.password);
    const sessions = (await ctx.call('GET', '/api/v1/me/sessions', { token: e.token })).json().items;
    assert.equal(sessions.length, 2);
    assert.equal(sessions.filter((s: { current: boolean }) => s.current).length, 1);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    const stranger = await ctx.enterprise();
    assert.equal((await ctx.call('POST', `/api/v1/me/sessions/${other.id}/revoke`, { token: stranger.token })).statusCode, 404);
    assert.equal((await ctx.call('POST', `/api/v1/me/sessions/${other.id}/revoke`, { token: e.token })).statusCode, 200);
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: second })).statusCode, 401);
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: e.token })).statusCode, 200);
  });
});

describe('修改密码', () => {
  test('given the current password: the new one logs in, the old one no longer; the other sessions end, this one and the tokens stay', async () => {
    const e = await ctx.enterprise();
    const elsewhere = await ctx.login(e.username, e.password);
    const token = (await ctx.call('POST', '/api/v1/me/tokens', { token: e.token, body: { name: 'TMS', permissions: ['query'] } })).json().token;
    const stranger = await ctx.enterprise();
    const strangerElsewhere = await ctx.login(stranger.username, stranger.password);
    const change = (body: unknown, as = e.token) => ctx.call('POST', '/api/v1/me/password', { token: as, body });

    const wrong = await change({ currentPassword: 'not-it-2026', newPassword: 'NewSecret2026' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json().errors.map((f: { field: string; code: string }) => [f.field, f.code]), [['currentPassword', 'PASSWORD_WRONG']]);
    const weak = await change({ currentPassword: e.password, newPassword: 'short' });
    assert.deepEqual(weak.json().errors.map((f: { field: string; code: string }) => [f.field, f.code]), [['newPassword', 'PASSWORD_WEAK']]);
    const same = await change({ currentPassword: e.password, newPassword: e.password });
    assert.deepEqual(same.json().errors.map((f: { field: string; code: string }) => [f.field, f.code]), [['newPassword', 'PASSWORD_UNCHANGED']]);
    assert.equal((await change({ currentPassword: e.password, newPassword: 'NewSecret2026' }, token)).statusCode, 403, 'not with an access token');
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: elsewhere })).statusCode, 200, 'nothing changed by the refusals');

    const done = await change({ currentPassword: e.password, newPassword: 'NewSecret2026' });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { endedSessions: 1 });
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: elsewhere })).statusCode, 401, 'the other session ended');
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: e.token })).statusCode, 200, 'this one stays');
    assert.equal((await ctx.call('GET', '/api/v1/me', { token })).statusCode, 200, 'the access token stays');
    assert.equal((await ctx.call('GET', '/api/v1/me', { token: strangerElsewhere })).statusCode, 200, 'nobody else\'s');
    assert.equal((await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: e.password } })).statusCode, 401);
    assert.equal((await ctx.call('POST', '/api/v1/auth/login', { body: { username: e.username, password: 'NewSecret2026' } })).statusCode, 200);
    const audits = await ctx.deps.db.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'user.password_changed').where('entity_id', '=', e.userId).execute();
    assert.deepEqual(audits, [{ actor_id: e.userId, after: { endedSessions: 1 } }]);
  });
});
