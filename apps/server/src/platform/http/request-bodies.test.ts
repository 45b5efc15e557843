import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createTestContext, type TestContext } from '../../testing/test-app.ts';

/** Bodies that are not what a route takes: each answer a coded problem in the asker's language. */
let ctx: TestContext;
let admin: string;
before(async () => {
  ctx = await createTestContext();
  admin = await ctx.platformToken();
});
after(async () => {
  await ctx.close();
});

const send = (payload: string, contentType: string | null, language = 'zh-CN') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/admin/terminals',
    headers: { authorization: `Bearer ${admin}`, 'accept-language': language, ...(contentType ? { 'content-type': contentType } : {}) },
    payload,
  });

const fieldsOf = (res: { json(): { errors?: { field: string; code: string }[] } }) => Object.fromEntries((res.json().errors ?? []).map((e) => [e.field, e.code]));

test('broken or empty JSON: a coded 400 whose every word is in the asker\'s language', async () => {
  for (const payload of ['{"code":', '']) {
    const zh = await send(payload, 'application/json');
    assert.equal(zh.statusCode, 400, zh.body);
    assert.equal(zh.json().code, 'MALFORMED_JSON');
    assert.equal(zh.json().title, '请求体不是有效的 JSON');
    assert.equal(zh.json().detail, undefined, 'no framework text in English');
    const en = await send(payload, 'application/json', 'en');
    assert.equal(en.json().title, 'The request body is not valid JSON');
  }
});

test('a body that is not an object names the body; wrong types are INVALID_TYPE, missing fields REQUIRED', async () => {
  for (const payload of ['[]', 'null', '"text"']) {
    const res = await send(payload, 'application/json');
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(fieldsOf(res), { body: 'INVALID_TYPE' }, payload);
  }
  const res = await send(JSON.stringify({ code: 'T9', name: '货站', timeZone: 'Asia/Shanghai', capacity: { pickup: 'ten', delivery: 1 }, hours: 'always' }), 'application/json');
  assert.deepEqual(fieldsOf(res), { slotMinutes: 'REQUIRED', 'capacity.pickup': 'INVALID_TYPE', hours: 'INVALID_TYPE' });
  const wrongLength = await send(JSON.stringify({ code: 'T9', name: '货站', timeZone: 'Asia/Shanghai', slotMinutes: 45, capacity: { pickup: 1, delivery: 1 } }), 'application/json');
  assert.deepEqual(fieldsOf(wrongLength), { slotMinutes: 'INVALID_VALUE' });
});

test('JSON sent as text/plain is refused as a media type, like a form', async () => {
  for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded']) {
    const res = await send(JSON.stringify({ code: 'T9' }), type);
    assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
    assert.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  }
});
