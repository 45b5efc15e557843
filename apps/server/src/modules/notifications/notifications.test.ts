import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { inTransaction } from '../../platform/transaction.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { notice, notify } from './index.ts';

let ctx: TestContext;
let a: Awaited<ReturnType<TestContext['enterprise']>>;
let b: Awaited<ReturnType<TestContext['enterprise']>>;
let operatorOfA: { token: string; id: string };

before(async () => {
  ctx = await createTestContext();
  [a, b] = await Promise.all([ctx.enterprise(), ctx.enterprise()]);
  operatorOfA = await ctx.operator(a.token, ['query']);
});
after(async () => {
  await ctx.close();
});

const base = '/api/v1/notifications';

function send(input: { enterpriseId?: string; userIds?: string[]; kind?: string; title?: string }) {
  return notify(ctx.deps.db, {
    kind: 'filing.returned',
    title: '车辆备案被退回',
    body: '车辆备案被退回：资料不全',
    data: { filingId: 'f-1' },
    at: ctx.clock.now(),
    ...input,
  });
}

async function list(token: string, query = ''): Promise<{ items: { id: string; kind: string; title: string; readAt: string | null }[]; next: string | null }> {
  const res = await ctx.call('GET', `${base}${query}`, { token });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function unread(token: string): Promise<number> {
  const res = await ctx.call('GET', `${base}/unread-count`, { token });
  assert.equal(res.statusCode, 200);
  return res.json().count;
}

describe('notifications', () => {
  test('401 without a token on every route', async () => {
    for (const [method, path] of [
      ['GET', base],
      ['GET', `${base}/unread-count`],
      ['POST', `${base}/00000000-0000-4000-8000-000000000000/read`],
      ['POST', `${base}/read-all`],
    ] as const) {
      const res = await ctx.call(method, path);
      assert.equal(res.statusCode, 401, `${method} ${path}`);
    }
  });

  test('an enterprise-wide notice reaches each of its users, and only them', async () => {
    const written = await send({ enterpriseId: a.enterpriseId, title: '给A企业' });
    assert.equal(written, 2, 'administrator and operator');
    for (const token of [a.token, operatorOfA.token]) {
      const { items } = await list(token);
      assert.equal(items.filter((n) => n.title === '给A企业').length, 1);
    }
    const theirs = await list(b.token);
    assert.ok(!theirs.items.some((n) => n.title === '给A企业'));
    assert.equal(await unread(b.token), 0);
  });

  test('another user\'s notification cannot be read, marked or counted: 404', async () => {
    await send({ enterpriseId: a.enterpriseId, title: '私有' });
    const [mine] = (await list(a.token, '?unread=true')).items;
    const res = await ctx.call('POST', `${base}/${mine.id}/read`, { token: b.token });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'NOT_FOUND');
    const colleague = await ctx.call('POST', `${base}/${mine.id}/read`, { token: operatorOfA.token });
    assert.equal(colleague.statusCode, 404, 'each copy belongs to one user, even within the enterprise');
    assert.equal((await ctx.call('POST', `${base}/not-a-uuid/read`, { token: a.token })).statusCode, 404);
    const before = await unread(a.token);
    const readAll = await ctx.call('POST', `${base}/read-all`, { token: b.token });
    assert.equal(readAll.statusCode, 200);
    assert.equal(await unread(a.token), before, 'B reading all touched nothing of A');
  });

  test('staff get notices addressed to them by user id', async () => {
    const reviewer = await ctx.staff('reviewer');
    await send({ userIds: [reviewer.id], kind: 'review.assigned', title: '有新的待审核备案' });
    const { items } = await list(reviewer.token);
    assert.deepEqual(items.map((n) => n.title), ['有新的待审核备案']);
    assert.equal(await send({}), 0, 'no recipients, nothing written');
  });

  test('unread and kind filters, newest first, paged', async () => {
    const e = await ctx.enterprise();
    for (let i = 1; i <= 5; i++) {
      ctx.clock.advance(1000);
      await send({ enterpriseId: e.enterpriseId, kind: i % 2 === 0 ? 'filing.approved' : 'filing.returned', title: `第${i}条` });
    }
    const all = await list(e.token);
    assert.deepEqual(all.items.map((n) => n.title), ['第5条', '第4条', '第3条', '第2条', '第1条']);

    const titles: string[] = [];
    let next: string | null = null;
    do {
      const page = await list(e.token, `?limit=2${next ? `&after=${next}` : ''}`);
      assert.ok(page.items.length <= 2);
      titles.push(...page.items.map((n) => n.title));
      next = page.next;
    } while (next);
    assert.deepEqual(titles, ['第5条', '第4条', '第3条', '第2条', '第1条']);

    const approved = await list(e.token, '?kind=filing.approved');
    assert.deepEqual(approved.items.map((n) => n.title), ['第4条', '第2条']);

    assert.equal(await unread(e.token), 5);
    const third = all.items[2];
    const first = await ctx.call('POST', `${base}/${third.id}/read`, { token: e.token });
    const readAt = first.json().readAt;
    assert.ok(readAt);
    ctx.clock.advance(60_000);
    const again = await ctx.call('POST', `${base}/${third.id}/read`, { token: e.token });
    assert.equal(again.json().readAt, readAt, 'the first reading time stays');
    assert.equal(await unread(e.token), 4);
    assert.deepEqual((await list(e.token, '?unread=false')).items.map((n) => n.title), ['第3条']);
    assert.equal((await list(e.token, '?unread=true')).items.length, 4);

    const readAll = await ctx.call('POST', `${base}/read-all`, { token: e.token });
    assert.deepEqual(readAll.json(), { count: 4 });
    assert.equal(await unread(e.token), 0);

    const bad = await ctx.call('GET', `${base}?unread=maybe`, { token: e.token });
    assert.equal(bad.statusCode, 400);
    const badCursor = await ctx.call('GET', `${base}?after=xyz`, { token: e.token });
    assert.equal(badCursor.statusCode, 400);
  });

  test('a notice written in a transaction that fails is not kept', async () => {
    const e = await ctx.enterprise();
    await assert.rejects(
      inTransaction(ctx.deps.db, async (trx) => {
        await notify(trx, { enterpriseId: e.enterpriseId, kind: 'filing.approved', title: '不应出现', body: '', at: ctx.clock.now() });
        throw new Error('the change it reports failed');
      }),
      /failed/,
    );
    assert.equal(await unread(e.token), 0);
  });
});

describe('notification preferences', () => {
  test('a muted kind is not delivered to that person, others of the enterprise still get it', async () => {
    const e = await ctx.enterprise();
    const op = await ctx.operator(e.token, ['query']);
    const bad = await ctx.call('PUT', '/api/v1/me/notification-preferences', { token: op.token, body: { muted: ['nonsense'] } });
    assert.equal(bad.statusCode, 400);
    const set = await ctx.call('PUT', '/api/v1/me/notification-preferences', { token: op.token, body: { muted: ['filing.approved'] } });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json().muted, ['filing.approved']);
    assert.deepEqual((await ctx.call('GET', '/api/v1/me/notification-preferences', { token: op.token })).json().muted, ['filing.approved']);

    await ctx.deps.db.transaction().execute((trx) => notify(trx as never, { enterpriseId: e.enterpriseId, kind: 'filing.approved', title: 't', body: 'b', at: new Date() }));
    await ctx.deps.db.transaction().execute((trx) => notify(trx as never, { enterpriseId: e.enterpriseId, kind: 'filing.returned', title: 't', body: 'b', at: new Date() }));
    const opKinds = (await ctx.call('GET', '/api/v1/notifications', { token: op.token })).json().items.map((n: { kind: string }) => n.kind);
    const adminKinds = (await ctx.call('GET', '/api/v1/notifications', { token: e.token })).json().items.map((n: { kind: string }) => n.kind);
    assert.deepEqual(opKinds, ['filing.returned']);
    assert.deepEqual(adminKinds.sort(), ['filing.approved', 'filing.returned']);
  });
});

describe('notices in the asker\'s language', () => {
  test('English when Accept-Language asks for it, from the notice\'s parameters; zh-CN as stored otherwise', async () => {
    const e = await ctx.enterprise();
    await inTransaction(ctx.deps.db, (trx) => notify(trx, { enterpriseId: e.enterpriseId, ...notice('filing.returned', { plates: ['京A12345'], reason: '行驶证不清晰' }, { filingId: 'f-2' }), at: ctx.clock.now() }));
    // Written before the parameters were kept: only the stored text.
    await inTransaction(ctx.deps.db, (trx) => notify(trx, { enterpriseId: e.enterpriseId, kind: 'gate.entered', title: '车辆京A12345已入区', body: 'IN1 2026/12/7 09:53:42', data: { appointmentId: 'a-1' }, at: ctx.clock.now() }));
    const ask = async (language?: string) => {
      const res = await ctx.call('GET', base, { token: e.token, headers: language ? { 'accept-language': language } : {} });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items as { id: string; kind: string; title: string; body: string; data: Record<string, unknown> }[];
    };
    const byKind = (items: { kind: string; title: string; body: string }[]) => Object.fromEntries(items.map((n) => [n.kind, [n.title, n.body]]));
    assert.deepEqual(byKind(await ask('en-US,en;q=0.9')), {
      'filing.returned': ['Vehicle filing returned', 'The vehicle filing (京A12345) was returned: 行驶证不清晰'],
      'gate.entered': ['车辆京A12345已入区', 'IN1 2026/12/7 09:53:42'],
    });
    const stored = { 'filing.returned': ['车辆备案被退回', '车辆备案（京A12345）被退回：行驶证不清晰'], 'gate.entered': ['车辆京A12345已入区', 'IN1 2026/12/7 09:53:42'] };
    assert.deepEqual(byKind(await ask('zh-CN')), stored);
    assert.deepEqual(byKind(await ask()), stored);
    const [returned] = (await ask('en')).filter((n) => n.kind === 'filing.returned');
    assert.deepEqual(returned.data, { filingId: 'f-2', plates: ['京A12345'], reason: '行驶证不清晰' }, 'the parameters, beside the ids');

    const read = await ctx.call('POST', `${base}/${returned.id}/read`, { token: e.token, headers: { 'accept-language': 'en' } });
    assert.equal(read.json().title, 'Vehicle filing returned', 'marking it read answers it in the same language');
  });
});
