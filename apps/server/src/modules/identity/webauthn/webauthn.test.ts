import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { loadConfig } from '../../../config.ts';
import { createTestContext, type TestContext } from '../../../testing/test-app.ts';
import { relyingParty } from './relying-party.ts';
import { softAuthenticator, type SoftAuthenticator } from './soft-authenticator.ts';

const ORIGIN = 'https://cargo.example.test';
const RP_ID = 'cargo.example.test';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext({ env: { WEBAUTHN_ORIGIN: ORIGIN } });
});
after(async () => {
  await ctx.close();
});

type Json = Record<string, any>;

async function registrationOptions(token: string, body: Json = {}): Promise<{ challengeId: string; options: Json }> {
  const res = await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token, body: { name: '法人卡1', kind: 'legal_person', ...body } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Binds a fresh software key to the administrator itself or (userId) one of its operators. */
async function bind(token: string, body: Json = {}, key: SoftAuthenticator = softAuthenticator()): Promise<{ key: SoftAuthenticator; id: string }> {
  const { challengeId, options } = await registrationOptions(token, body);
  const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
    token,
    body: { name: '法人卡1', kind: 'legal_person', ...body, challengeId, response: key.register(options as never, ORIGIN) },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { key, id: res.json().id };
}

async function loginOptions(username?: string): Promise<{ challengeId: string; options: Json }> {
  const res = await ctx.call('POST', '/api/v1/auth/webauthn/login-options', { body: username === undefined ? {} : { username } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function cardLogin(key: SoftAuthenticator, username?: string, flags?: { userVerified?: boolean; counter?: number }) {
  const { challengeId, options } = await loginOptions(username);
  return ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response: key.authenticate(options as never, ORIGIN, flags) } });
}

describe('binding security keys (卡介质)', () => {
  test('the administrator binds a key to itself: UV required, discoverable preferred, public key stored, audited', async () => {
    const e = await ctx.enterprise();
    const { challengeId, options } = await registrationOptions(e.token);
    assert.equal(options.rp.id, RP_ID);
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.equal(options.authenticatorSelection.residentKey, 'preferred');
    assert.deepEqual(options.excludeCredentials, []);
    const stored = await ctx.deps.db.selectFrom('webauthn_challenges').selectAll().where('id', '=', challengeId).executeTakeFirstOrThrow();
    assert.equal(stored.purpose, 'register');
    assert.equal(stored.user_id, e.userId);
    assert.equal(stored.challenge, options.challenge);
    assert.ok(Math.abs(stored.expires_at.getTime() - ctx.clock.now().getTime() - 5 * 60_000) < 1000, 'expires in 5 minutes');

    const key = softAuthenticator();
    const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
      token: e.token,
      body: { challengeId, name: '法人卡1', kind: 'legal_person', response: key.register(options as never, ORIGIN) },
    });
    assert.equal(res.statusCode, 201, res.body);
    const bound = res.json();
    assert.equal(bound.userId, e.userId);
    assert.equal(bound.kind, 'legal_person');
    assert.deepEqual(bound.transports, ['usb']);
    assert.equal(bound.revokedAt, null);

    const row = await ctx.deps.db.selectFrom('security_keys').selectAll().where('id', '=', bound.id).executeTakeFirstOrThrow();
    assert.equal(row.credential_id, key.credentialId);
    assert.match(row.public_key, /^[A-Za-z0-9_-]+$/, 'the public key is stored base64url');
    assert.equal(await ctx.deps.db.selectFrom('webauthn_challenges').select('id').where('id', '=', challengeId).executeTakeFirst(), undefined, 'the challenge is used up');
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', bound.id).where('action', '=', 'security_key.bound').executeTakeFirst();
    assert.ok(audit, 'binding is audited');

    const list = (await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: e.token })).json().items;
    assert.deepEqual(list.map((k: Json) => [k.name, k.username, k.kind]), [['法人卡1', e.username, 'legal_person']]);

    const again = await registrationOptions(e.token, { name: '法人卡2' });
    assert.deepEqual(again.options.excludeCredentials.map((c: Json) => c.id), [key.credentialId], 'the bound key is excluded');
    const sameName = await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token: e.token, body: { name: '法人卡1', kind: 'legal_person' } });
    assert.equal(sameName.statusCode, 400);
    assert.deepEqual(sameName.json().errors.map((x: Json) => [x.field, x.code]), [['name', 'SECURITY_KEY_NAME_TAKEN']]);
  });

  test('a key bound once cannot be bound again, and an answer without user verification is refused', async () => {
    const e = await ctx.enterprise();
    const { key } = await bind(e.token);
    const other = await ctx.enterprise();
    const { challengeId, options } = await registrationOptions(other.token);
    const twice = await ctx.call('POST', '/api/v1/enterprise/security-keys', { token: other.token, body: { challengeId, name: '法人卡1', kind: 'legal_person', response: key.register(options as never, ORIGIN) } });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'SECURITY_KEY_ALREADY_BOUND');

    const noUv = await registrationOptions(other.token);
    const refused = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
      token: other.token,
      body: { challengeId: noUv.challengeId, name: '法人卡1', kind: 'legal_person', response: softAuthenticator().register(noUv.options as never, ORIGIN, { userVerified: false }) },
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'SECURITY_KEY_INVALID');
    const wrongOrigin = await registrationOptions(other.token);
    const phished = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
      token: other.token,
      body: { challengeId: wrongOrigin.challengeId, name: '法人卡1', kind: 'legal_person', response: softAuthenticator().register(wrongOrigin.options as never, 'https://evil.example') },
    });
    assert.equal(phished.json().code, 'SECURITY_KEY_INVALID');
    assert.equal((await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: other.token })).json().items.length, 0);
  });

  test('what the browser reports is the client\'s word: odd transports are dropped, not trusted', async () => {
    const e = await ctx.enterprise();
    for (const [i, transports] of ['NaN', ['usb', 'usb', 'teleport', 7], null].entries()) {
      const { challengeId, options } = await registrationOptions(e.token, { name: `卡${i}` });
      const response = softAuthenticator().register(options as never, ORIGIN) as Json;
      response.response.transports = transports;
      const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', { token: e.token, body: { challengeId, name: `卡${i}`, kind: 'legal_person', response } });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().transports, Array.isArray(transports) ? ['usb'] : []);
    }
  });

  test('unknown, used and expired registration challenges are CHALLENGE_EXPIRED', async () => {
    const e = await ctx.enterprise();
    const key = softAuthenticator();
    const { options } = await registrationOptions(e.token);
    const response = key.register(options as never, ORIGIN);
    for (const challengeId of [randomUUID(), 'not-a-uuid']) {
      const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', { token: e.token, body: { challengeId, name: '法人卡1', kind: 'legal_person', response } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'CHALLENGE_EXPIRED');
    }
    const late = await registrationOptions(e.token);
    ctx.clock.advance(5 * 60_000 + 1000);
    try {
      const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
        token: await ctx.login(e.username, e.password),
        body: { challengeId: late.challengeId, name: '法人卡1', kind: 'legal_person', response: key.register(late.options as never, ORIGIN) },
      });
      assert.equal(res.json().code, 'CHALLENGE_EXPIRED');
    } finally {
      ctx.clock.set(new Date());
    }
  });

  test('the administrator binds to its own operators only; operators and other enterprises cannot', async () => {
    const a = await ctx.enterprise();
    const b = await ctx.enterprise();
    const op = await ctx.operator(a.token, ['query']);
    const otherOp = await ctx.operator(b.token, ['query']);

    const forOperator = await bind(a.token, { userId: op.id, name: '操作员卡1', kind: 'operator' });
    const listed = (await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: a.token })).json().items;
    assert.deepEqual(listed.map((k: Json) => [k.username, k.kind]), [[op.username, 'operator']]);

    // Another enterprise's person, or its key: not found.
    const crossUser = await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token: a.token, body: { userId: otherOp.id, name: 'x', kind: 'operator' } });
    assert.equal(crossUser.statusCode, 404);
    const staff = await ctx.staff('reviewer');
    assert.equal((await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token: a.token, body: { userId: staff.id, name: 'x', kind: 'operator' } })).statusCode, 404);
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/security-keys/${forOperator.id}/revoke`, { token: b.token })).statusCode, 404);
    assert.equal((await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: b.token })).json().items.length, 0);
    // A challenge made for one person does not bind a key to another.
    const forA = await registrationOptions(a.token);
    const swapped = await ctx.call('POST', '/api/v1/enterprise/security-keys', {
      token: a.token,
      body: { challengeId: forA.challengeId, userId: op.id, name: '法人卡9', kind: 'operator', response: softAuthenticator().register(forA.options as never, ORIGIN) },
    });
    assert.equal(swapped.json().code, 'CHALLENGE_EXPIRED');

    // Operators cannot bind, list or revoke; nor can a personal access token of the administrator.
    for (const [method, url] of [['POST', '/api/v1/enterprise/security-keys/registration-options'], ['GET', '/api/v1/enterprise/security-keys'], ['POST', `/api/v1/enterprise/security-keys/${forOperator.id}/revoke`]] as const) {
      const res = await ctx.call(method, url, { token: op.token, body: method === 'POST' ? { name: 'x', kind: 'operator' } : undefined });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    const pat = (await ctx.call('POST', '/api/v1/me/tokens', { token: a.token, body: { name: 'TMS', permissions: ['query'] } })).json().token;
    assert.equal((await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token: pat, body: { name: 'x', kind: 'operator' } })).statusCode, 403);
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/security-keys/${forOperator.id}/revoke`, { token: pat })).statusCode, 403);
  });
});

describe('card login (卡介质登录)', () => {
  test('with a username or a discoverable credential: a session like a password login, counter and last use updated', async () => {
    const e = await ctx.enterprise();
    const { key, id } = await bind(e.token);

    const { challengeId, options } = await loginOptions(e.username.toUpperCase());
    assert.equal(options.userVerification, 'required');
    assert.deepEqual(options.allowCredentials.map((c: Json) => c.id), [key.credentialId]);
    assert.equal(options.rpId, RP_ID);
    const res = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response: key.authenticate(options as never, ORIGIN) }, headers: { 'user-agent': 'card-test' } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.user.id, e.userId);
    assert.match(String(res.headers['set-cookie']), /cw_session=.*HttpOnly/i);
    const me = await ctx.call('GET', '/api/v1/me', { token: body.token });
    assert.equal(me.json().user.username, e.username);

    const row = await ctx.deps.db.selectFrom('security_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(row.counter), 1);
    assert.ok(row.last_used_at);
    const audits = await ctx.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.created').where('actor_id', '=', e.userId).execute();
    const byCard = audits.map((a) => (typeof a.after === 'string' ? JSON.parse(a.after) : a.after)).filter((a) => a?.method === 'security_key');
    assert.equal(byCard.length, 1, 'the card login is audited as session.created with method security_key');
    assert.equal(byCard[0].userAgent, 'card-test');

    // Discoverable: no username, the credential names the person.
    const discoverable = await loginOptions();
    assert.deepEqual(discoverable.options.allowCredentials, []);
    const second = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId: discoverable.challengeId, response: key.authenticate(discoverable.options as never, ORIGIN) } });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().user.id, e.userId);
    const listed = (await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: e.token })).json().items[0];
    assert.ok(listed.lastUsedAt);
  });

  test('a challenge is single-use; unknown and expired challenges are CHALLENGE_EXPIRED', async () => {
    const e = await ctx.enterprise();
    const { key } = await bind(e.token);
    const { challengeId, options } = await loginOptions(e.username);
    const response = key.authenticate(options as never, ORIGIN);
    assert.equal((await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response } })).statusCode, 200);
    const replay = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response } });
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.json().code, 'CHALLENGE_EXPIRED');

    for (const unknown of [randomUUID(), 'x']) {
      const res = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId: unknown, response } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'CHALLENGE_EXPIRED');
    }

    const late = await loginOptions(e.username);
    ctx.clock.advance(5 * 60_000 + 1000);
    try {
      const res = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId: late.challengeId, response: key.authenticate(late.options as never, ORIGIN) } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'CHALLENGE_EXPIRED');
    } finally {
      ctx.clock.set(new Date());
    }

    // A failed answer uses the challenge up too.
    const failed = await loginOptions(e.username);
    const bad = key.authenticate(failed.options as never, 'https://evil.example');
    assert.equal((await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId: failed.challengeId, response: bad } })).json().code, 'SECURITY_KEY_INVALID');
    const retry = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId: failed.challengeId, response: key.authenticate(failed.options as never, ORIGIN) } });
    assert.equal(retry.json().code, 'CHALLENGE_EXPIRED');
  });

  test('failed verification is SECURITY_KEY_INVALID: wrong origin, no user verification, forged signature, cloned counter', async () => {
    const e = await ctx.enterprise();
    const { key } = await bind(e.token);
    const wrongOrigin = await cardLoginWith(key, e.username, 'https://evil.example');
    assert.equal(wrongOrigin.statusCode, 401);
    assert.equal(wrongOrigin.json().code, 'SECURITY_KEY_INVALID');

    const noUv = await cardLogin(key, e.username, { userVerified: false });
    assert.equal(noUv.json().code, 'SECURITY_KEY_INVALID');

    const { challengeId, options } = await loginOptions(e.username);
    const forged = key.authenticate(options as never, ORIGIN) as Json;
    const imposter = softAuthenticator();
    forged.response.signature = (imposter.authenticate(options as never, ORIGIN) as Json).response.signature;
    const res = await ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response: forged } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'SECURITY_KEY_INVALID');

    assert.equal((await cardLogin(key, e.username)).statusCode, 200);
    const cloned = await cardLogin(key, e.username, { counter: 1 });
    assert.equal(cloned.json().code, 'SECURITY_KEY_INVALID', 'a counter that went backwards means a cloned key');
  });

  test('revoked and unknown keys are SECURITY_KEY_UNKNOWN; revoking is audited', async () => {
    const e = await ctx.enterprise();
    const { key, id } = await bind(e.token);
    assert.equal((await cardLogin(key)).statusCode, 200);

    const revoked = await ctx.call('POST', `/api/v1/enterprise/security-keys/${id}/revoke`, { token: e.token });
    assert.equal(revoked.statusCode, 200);
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/security-keys/${id}/revoke`, { token: e.token })).statusCode, 200, 'revoking twice is harmless');
    const audits = await ctx.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'security_key.revoked').execute();
    assert.equal(audits.length, 1);
    assert.ok((await ctx.call('GET', '/api/v1/enterprise/security-keys', { token: e.token })).json().items[0].revokedAt);

    const discoverable = await cardLogin(key);
    assert.equal(discoverable.statusCode, 401);
    assert.equal(discoverable.json().code, 'SECURITY_KEY_UNKNOWN');
    const byName = await ctx.call('POST', '/api/v1/auth/webauthn/login-options', { body: { username: e.username } });
    assert.equal(byName.statusCode, 401, 'a person whose keys are all revoked has none to offer');
    assert.equal(byName.json().code, 'SECURITY_KEY_UNKNOWN');
    assert.equal((await ctx.call('POST', '/api/v1/auth/webauthn/login-options', { body: { username: 'nobody_here' } })).json().code, 'SECURITY_KEY_UNKNOWN');

    const stranger = await cardLogin(softAuthenticator());
    assert.equal(stranger.statusCode, 401);
    assert.equal(stranger.json().code, 'SECURITY_KEY_UNKNOWN');
    assert.equal((await ctx.call('POST', `/api/v1/enterprise/security-keys/${randomUUID()}/revoke`, { token: e.token })).statusCode, 404);
  });

  test('a key answers only for its own person; a disabled operator is refused', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['query']);
    const { key } = await bind(e.token, { userId: op.id, name: '操作员卡1', kind: 'operator' });
    await bind(e.token);

    const asAdmin = await cardLogin(key, e.username);
    assert.equal(asAdmin.statusCode, 401);
    assert.equal(asAdmin.json().code, 'SECURITY_KEY_UNKNOWN');
    const asOperator = await cardLogin(key, op.username);
    assert.equal(asOperator.statusCode, 200);
    assert.equal(asOperator.json().user.id, op.id);

    assert.equal((await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: e.token, body: { disabled: true } })).statusCode, 200);
    const disabled = await cardLogin(key, op.username);
    assert.equal(disabled.statusCode, 403);
    assert.equal(disabled.json().code, 'ACCOUNT_DISABLED');
  });

  test('the relying party comes from the configuration, else from the request\'s Host and protocol', () => {
    const request = { protocol: 'http' as const, host: 'localhost:5173', hostname: 'localhost' };
    assert.deepEqual(relyingParty(loadConfig({}), request), { id: 'localhost', origin: 'http://localhost:5173', name: '空港电子货运平台' });
    assert.deepEqual(relyingParty(loadConfig({ WEBAUTHN_ORIGIN: 'https://cargo.example.cn/' }), request), { id: 'cargo.example.cn', origin: 'https://cargo.example.cn', name: '空港电子货运平台' });
    assert.equal(relyingParty(loadConfig({ WEBAUTHN_ORIGIN: 'https://www.cargo.example.cn', WEBAUTHN_RP_ID: 'cargo.example.cn' }), request).id, 'cargo.example.cn');
    assert.throws(() => loadConfig({ WEBAUTHN_ORIGIN: 'https://cargo.example.cn/login' }), /WEBAUTHN_ORIGIN/);
  });
});

describe('login options are rate-limited like the password login', () => {
  let limited: TestContext;
  before(async () => {
    limited = await createTestContext({ env: { AUTH_RATE_LIMIT: '2' } });
  });
  after(async () => {
    await limited.close();
  });

  test('the third request in a minute is 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.call('POST', '/api/v1/auth/webauthn/login-options', { body: {} })).statusCode);
    assert.deepEqual(codes, [200, 200, 429]);
  });
});

async function cardLoginWith(key: SoftAuthenticator, username: string, origin: string) {
  const { challengeId, options } = await loginOptions(username);
  return ctx.call('POST', '/api/v1/auth/webauthn/login', { body: { challengeId, response: key.authenticate(options as never, origin) } });
}
