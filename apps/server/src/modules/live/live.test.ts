import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

import { publish } from '../../platform/events.ts';
import { hashToken, revokeSessionsOf } from '../../platform/sessions.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { notice as noticeOf, notify } from '../notifications/index.ts';
import { publishStatus } from '../scheduling/index.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
import { heardWithoutMissed, parseCursor } from './missed-notices.ts';
import { canSee } from './visibility.ts';

let ctx: TestContext;
let base: string;

before(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await ctx.close();
});

/** Opens an SSE stream over real HTTP and collects its events (with their `id:`, if any) until closed. */
async function openStream(path: string, token?: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, signal: controller.signal });
  const events: { event: string; data: any; at: number; id?: string }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let endedByServer = false;
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          endedByServer = true;
          return;
        }
        buffer += value;
        if (buffer.includes(': connected')) connected();
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          const id = /^id: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now(), ...(id ? { id } : {}) });
        }
      }
    } catch {
      // aborted
    }
  })();
  if (res.status === 200) await ready;
  return { status: res.status, type: res.headers.get('content-type'), events, ended: () => endedByServer, close: async () => (controller.abort(), await pump) };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

test('the stream needs a login', async () => {
  const stream = await openStream('/api/v1/events');
  assert.equal(stream.status, 401);
  await stream.close();
});

test('a notification made by one request reaches the other user\'s open stream within a second, and no other enterprise\'s', async () => {
  const a = await ctx.enterprise();
  const b = await ctx.enterprise();
  const streamA = await openStream('/api/v1/events', a.token);
  const streamB = await openStream('/api/v1/events', b.token);
  assert.equal(streamA.status, 200);
  assert.match(streamA.type ?? '', /text\/event-stream/);

  const sentAt = Date.now();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await notify(trx as never, { enterpriseId: a.enterpriseId, kind: 'filing.approved', title: '车辆备案审核通过', body: '测试', at: new Date() });
  });
  assert.ok(await waitFor(() => streamA.events.some((e) => e.event.startsWith('notification')), 1000), 'arrived within a second');
  const arrived = streamA.events.find((e) => e.event.startsWith('notification'))!;
  assert.ok(arrived.at - sentAt < 1000);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(streamB.events.filter((e) => e.event.startsWith('notification')).length, 0, 'never on another enterprise\'s stream');
  await Promise.all([streamA.close(), streamB.close()]);
});

test('a live notice comes in the stream\'s language (Accept-Language), with its parameters', async () => {
  const a = await ctx.enterprise();
  const english = await openStream('/api/v1/events', a.token, { 'accept-language': 'en-GB,en;q=0.8' });
  const chinese = await openStream('/api/v1/events', a.token, { 'accept-language': 'zh-CN,zh;q=0.9' });
  await ctx.deps.db.transaction().execute((trx) => notify(trx as never, { enterpriseId: a.enterpriseId, ...noticeOf('filing.approved', { plates: ['京A12345', '京AD12345'] }, { filingId: 'f-1' }), at: new Date() }));
  const heard = (stream: typeof english) => stream.events.find((e) => e.event === 'notification.filing.approved');
  assert.ok(await waitFor(() => Boolean(heard(english) && heard(chinese)), 1000));
  assert.equal(heard(english)!.data.title, 'Vehicle filing approved');
  assert.equal(heard(english)!.data.body, 'The vehicle filing (京A12345, 京AD12345) was approved; the vehicles are now in your fleet.');
  assert.equal(heard(chinese)!.data.title, '车辆备案审核通过');
  assert.deepEqual(heard(english)!.data.data, { filingId: 'f-1', plates: ['京A12345', '京AD12345'] });
  await Promise.all([english.close(), chinese.close()]);
});

test('an event published in a transaction that rolls back never goes out', async () => {
  const a = await ctx.enterprise();
  const stream = await openStream('/api/v1/events', a.token);
  await ctx.deps.db
    .transaction()
    .execute(async (trx) => {
      await publish(trx as never, { type: 'probe', enterpriseId: a.enterpriseId, data: { n: 1 } });
      throw new Error('roll back');
    })
    .catch(() => undefined);
  await ctx.deps.db.transaction().execute(async (trx) => publish(trx as never, { type: 'probe', enterpriseId: a.enterpriseId, data: { n: 2 } }));
  const probes = () => stream.events.filter((e) => e.event === 'probe');
  assert.ok(await waitFor(() => probes().length > 0, 1000));
  assert.deepEqual(probes().map((e) => e.data), [{ n: 2 }]);
  await stream.close();
});

test('the public stream carries only public events', async () => {
  const stream = await openStream('/api/v1/events/public');
  const a = await ctx.enterprise();
  await publish(ctx.deps.db, { type: 'private', enterpriseId: a.enterpriseId, data: {} });
  await publish(ctx.deps.db, { type: 'slot.changed', public: true, data: { terminalId: 't' } });
  assert.ok(await waitFor(() => stream.events.length > 0, 1000));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(stream.events.map((e) => e.event), ['slot.changed']);
  await stream.close();
});

test('who sees what', () => {
  const person = { userId: 'u1', username: 'x', name: 'x', enterpriseId: 'e1', terminalId: null, permissions: [], sessionId: 's', ip: null };
  const operator = { ...person, role: 'operator' as const };
  const officer = { ...person, enterpriseId: null, role: 'gate_officer' as const };
  const terminalOp = { ...person, enterpriseId: null, role: 'terminal_operator' as const, terminalId: 't1' };
  const rows: [string, Parameters<typeof canSee>[0], Parameters<typeof canSee>[1], boolean][] = [
    ['own enterprise', operator, { type: 'x', enterpriseId: 'e1', data: {} }, true],
    ['other enterprise', operator, { type: 'x', enterpriseId: 'e2', data: {} }, false],
    ['named user', operator, { type: 'x', userIds: ['u1'], data: {} }, true],
    ['other user of own enterprise', operator, { type: 'x', enterpriseId: 'e1', userIds: ['u2'], data: {} }, false],
    ['gate event to an operator', operator, { type: 'x', terminalId: 't1', data: {} }, false],
    ['gate event to a gate officer', officer, { type: 'x', terminalId: 't1', data: {} }, true],
    ["gate event to a gate officer of the event's terminal", { ...officer, terminalId: 't1' }, { type: 'x', terminalId: 't1', data: {} }, true],
    ['gate event to a gate officer of another terminal', { ...officer, terminalId: 't2' }, { type: 'x', terminalId: 't1', data: {} }, false],
    ['own terminal', terminalOp, { type: 'x', terminalId: 't1', data: {} }, true],
    ['other terminal', terminalOp, { type: 'x', terminalId: 't2', data: {} }, false],
    ['public to anonymous', null, { type: 'x', public: true, data: {} }, true],
    ['private to anonymous', null, { type: 'x', enterpriseId: 'e1', data: {} }, false],
    ['for a permission the operator lacks', operator, { type: 'x', enterpriseId: 'e1', permissions: ['appointment'], data: {} }, false],
    ['for a permission the operator holds', { ...operator, permissions: ['vehicle_filing', 'query'] }, { type: 'x', enterpriseId: 'e1', permissions: ['appointment', 'query'], data: {} }, true],
    ['for a permission, to another enterprise', { ...operator, enterpriseId: 'e2', permissions: ['query'] }, { type: 'x', enterpriseId: 'e1', permissions: ['query'], data: {} }, false],
  ];
  for (const [name, actor, event, expected] of rows) assert.equal(canSee(actor, event), expected, name);
});

test('an appointment\'s status change reaches the enterprise\'s users who read appointments, not an operator who only files vehicles', async () => {
  const a = await ctx.enterprise();
  const filer = await ctx.operator(a.token, ['vehicle_filing']);
  const confirmer = await ctx.operator(a.token, ['delivery_confirmation']);
  const querier = await ctx.operator(a.token, ['query']);
  const streams = await Promise.all([a.token, filer.token, confirmer.token, querier.token].map((token) => openStream('/api/v1/events', token)));
  const appointmentId = '00000000-0000-4000-8000-000000000001';
  await ctx.deps.db.transaction().execute((trx) => publishStatus(trx as never, { id: appointmentId, enterprise_id: a.enterpriseId, status: 'cancelled' }));
  const [admin, filerStream, confirmerStream, querierStream] = streams;
  const heard = (stream: (typeof streams)[number]) => stream.events.filter((e) => e.event === 'appointment.status').map((e) => e.data);
  assert.ok(await waitFor(() => [admin, confirmerStream, querierStream].every((s) => heard(s).length > 0), 1000));
  for (const stream of [admin, confirmerStream, querierStream]) assert.deepEqual(heard(stream), [{ id: appointmentId, status: 'cancelled' }]);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(heard(filerStream), []);
  await Promise.all(streams.map((s) => s.close()));
});

test('an operator\'s open streams follow a change of their permissions: told so, and hearing by the new ones', async () => {
  const a = await ctx.enterprise();
  const op = await ctx.operator(a.token, ['vehicle_filing', 'query']);
  const created = await ctx.call('POST', '/api/v1/me/tokens', { token: op.token, body: { name: 'TMS', permissions: ['query'] } });
  assert.equal(created.statusCode, 201, created.body);
  const bySession = await openStream('/api/v1/events', op.token);
  const byToken = await openStream('/api/v1/events', created.json().token);
  const admin = await openStream('/api/v1/events', a.token);
  let n = 0;
  /** Publishes an appointment's change and answers which of the streams heard it. */
  const whoHears = async () => {
    const id = `00000000-0000-4000-8000-00000000000${++n}`;
    await inTransaction(ctx.deps.db, (trx) => publishStatus(trx, { id, enterprise_id: a.enterpriseId, status: 'cancelled' }));
    assert.ok(await waitFor(() => admin.events.some((e) => e.data.id === id), 1000));
    await new Promise((r) => setTimeout(r, 150));
    return { session: bySession.events.some((e) => e.data.id === id), token: byToken.events.some((e) => e.data.id === id) };
  };
  const grant = async (permissions: string[]) => {
    const changed = await ctx.call('PATCH', `/api/v1/enterprise/operators/${op.id}`, { token: a.token, body: { permissions } });
    assert.equal(changed.statusCode, 200, changed.body);
  };
  const told = (stream: typeof admin) => stream.events.filter((e) => e.event === 'user.permissions').map((e) => e.data.permissions);
  assert.deepEqual(await whoHears(), { session: true, token: true });

  await grant(['vehicle_filing']);
  assert.ok(await waitFor(() => told(bySession).length === 1, 1000));
  assert.deepEqual(told(bySession), [['vehicle_filing']]);
  assert.deepEqual(await whoHears(), { session: false, token: false });

  await grant(['vehicle_filing', 'appointment']);
  assert.ok(await waitFor(() => told(bySession).length === 2, 1000));
  assert.deepEqual(told(bySession)[1], ['vehicle_filing', 'appointment']);
  assert.deepEqual(await whoHears(), { session: true, token: false }, 'the token stays within its scope (query)');

  await grant(['appointment', 'vehicle_filing']);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(told(bySession).length, 2, 'the same permissions in another order are no change');
  assert.deepEqual(told(admin), [], 'nobody else is told');
  await Promise.all([bySession.close(), byToken.close(), admin.close()]);
});

/** A notice for every user of the enterprise, made at the test clock's time, which then moves on a second. */
async function notice(enterpriseId: string, title: string): Promise<Date> {
  const at = ctx.clock.now();
  await ctx.deps.db.transaction().execute(async (trx) => {
    await notify(trx as never, { enterpriseId, kind: 'filing.approved', title, body: `${title} 的正文`, at });
  });
  ctx.clock.advance(1000);
  return at;
}

const notices = <E extends { event: string }>(stream: { events: E[] }): E[] => stream.events.filter((e) => e.event.startsWith('notification.'));
const cursorOf = (stream: { events: { event: string; id?: string }[] }) => stream.events.find((e) => e.event === 'live.cursor');

test('notices carry their time as the stream id; a stream reopened with Last-Event-ID first gets the unread ones made since, marked missed', async () => {
  const a = await ctx.enterprise();
  const b = await ctx.enterprise();
  ctx.clock.advance(120_000); // the login is two minutes old: a stream without a cursor starts now
  const first = await openStream('/api/v1/events', a.token);
  assert.ok(await waitFor(() => cursorOf(first) !== undefined, 1000), 'the catch-up ends with the stream cursor');
  assert.equal(notices(first).length, 0, 'nothing from before the stream is sent without a cursor');
  ctx.clock.advance(1000);
  const heardAt = await notice(a.enterpriseId, '在线时的通知');
  assert.ok(await waitFor(() => notices(first).length === 1, 1000));
  assert.equal(notices(first)[0]!.id, heardAt.toISOString(), 'the notice\'s id is its time');
  assert.equal(notices(first)[0]!.data.at, heardAt.toISOString());
  await first.close();

  // While the page was away: two notices, one of them read meanwhile elsewhere, and one for another enterprise.
  await notice(a.enterpriseId, '离线时的通知一');
  await notice(a.enterpriseId, '离线时已读的通知');
  await notice(b.enterpriseId, '别家的通知');
  await notice(a.enterpriseId, '离线时的通知二');
  await ctx.deps.db.updateTable('notifications').set({ read_at: ctx.clock.now() }).where('title', '=', '离线时已读的通知').execute();

  const again = await openStream('/api/v1/events', a.token, { 'last-event-id': heardAt.toISOString() });
  assert.ok(await waitFor(() => cursorOf(again) !== undefined, 1000));
  assert.deepEqual(notices(again).map((e) => [e.data.title, e.data.missed]), [['离线时的通知一', true], ['离线时的通知二', true]]);
  const ids = again.events.map((e) => e.id).filter((id): id is string => id !== undefined);
  assert.deepEqual(ids, [...ids].sort(), 'ids only move forward');
  assert.equal(ids.at(-1), cursorOf(again)!.id, 'the cursor is the last id');
  // Live notices still come, once each.
  await notice(a.enterpriseId, '重连后的通知');
  assert.ok(await waitFor(() => notices(again).length === 3, 1000));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(notices(again).length, 3);

  // Reopened from the last cursor: nothing missed since, nothing sent twice.
  const third = await openStream('/api/v1/events', a.token, { 'last-event-id': notices(again).at(-1)!.id! });
  assert.ok(await waitFor(() => cursorOf(third) !== undefined, 1000));
  assert.equal(notices(third).length, 0);
  await Promise.all([again.close(), third.close()]);
});

test('a page opening a stream of its own passes the last id as ?after=; an unreadable one is ignored', async () => {
  const a = await ctx.enterprise();
  ctx.clock.advance(120_000);
  const from = await notice(a.enterpriseId, '上次看到的通知');
  await notice(a.enterpriseId, '之后的通知');

  const after = await openStream(`/api/v1/events?after=${encodeURIComponent(from.toISOString())}`, a.token);
  assert.ok(await waitFor(() => cursorOf(after) !== undefined, 1000));
  assert.deepEqual(notices(after).map((e) => e.data.title), ['之后的通知']);

  for (const bad of ['yesterday', '2026-13-45T99:00:00Z', 'x'.repeat(500)]) {
    const stream = await openStream(`/api/v1/events?after=${encodeURIComponent(bad)}`, a.token);
    assert.equal(stream.status, 200, bad);
    assert.ok(await waitFor(() => cursorOf(stream) !== undefined, 1000), bad);
    assert.equal(notices(stream).length, 0, bad);
    await stream.close();
  }
  await after.close();
});

test('a stream opened within a minute of the login gets the notices made since the login; later, a stream without a cursor gets none', async () => {
  const a = await ctx.enterprise(); // logs in at the clock's time
  ctx.clock.advance(1000);
  await notice(a.enterpriseId, '登录前后到达的通知');
  const fresh = await openStream('/api/v1/events', a.token);
  assert.ok(await waitFor(() => cursorOf(fresh) !== undefined, 1000));
  assert.deepEqual(notices(fresh).map((e) => e.data.title), ['登录前后到达的通知']);
  await fresh.close();

  ctx.clock.advance(61_000);
  const later = await openStream('/api/v1/events', a.token);
  assert.ok(await waitFor(() => cursorOf(later) !== undefined, 1000));
  assert.equal(notices(later).length, 0);
  await later.close();
});

test('of many missed notices only the latest five of the last fifteen minutes are sent again, oldest first', async () => {
  const a = await ctx.enterprise();
  ctx.clock.advance(120_000);
  const from = ctx.clock.now();
  ctx.clock.advance(1000);
  await notice(a.enterpriseId, '二十分钟前的通知');
  ctx.clock.advance(5 * 60_000);
  for (let n = 1; n <= 7; n += 1) await notice(a.enterpriseId, `通知${n}`);
  ctx.clock.advance(14 * 60_000);
  const stream = await openStream('/api/v1/events', a.token, { 'last-event-id': from.toISOString() });
  assert.ok(await waitFor(() => cursorOf(stream) !== undefined, 1000));
  assert.deepEqual(notices(stream).map((e) => e.data.title), ['通知3', '通知4', '通知5', '通知6', '通知7']);
  await stream.close();
});

test('a notice both read as missed and heard live while the stream opens goes out once', () => {
  const missed = { type: 'notification.filing.approved', userIds: ['u'], data: { kind: 'filing.approved', title: 't', body: 'b', at: '2026-12-06T08:00:00.000Z', missed: true } };
  const same = { ...missed, data: { kind: 'filing.approved', title: 't', body: 'b', at: '2026-12-06T08:00:00.000Z' } };
  const other = { ...same, data: { ...same.data, at: '2026-12-06T08:00:01.000Z' } };
  const gate = { type: 'gate.read', terminalId: 't', data: { at: '2026-12-06T08:00:00.000Z' } };
  assert.deepEqual(heardWithoutMissed([same, other, gate], [missed]), [other, gate]);
  assert.deepEqual(heardWithoutMissed([same, gate], []), [same, gate]);
});

test('stream cursors: only an instant as the server writes it', () => {
  assert.equal(parseCursor('2026-12-06T08:00:00.123Z')?.toISOString(), '2026-12-06T08:00:00.123Z');
  assert.equal(parseCursor('2026-12-06T08:00:00Z')?.toISOString(), '2026-12-06T08:00:00.000Z');
  for (const bad of [undefined, '', '2026-12-06', '2026-12-06T08:00:00+08:00', '2026-02-30T08:00:00.000Z x', 'NaN', ['2026-12-06T08:00:00Z'], '2026-12-06T25:00:00Z']) {
    assert.equal(parseCursor(bad), null, JSON.stringify(bad));
  }
});

test('a stream ends with its session: at logout only that session\'s, when a person\'s sessions all end every one of theirs', async () => {
  const a = await ctx.enterprise();
  const other = (await ctx.call('POST', '/api/v1/auth/login', { body: { username: a.username, password: a.password } })).json().token as string;
  const first = await openStream('/api/v1/events', a.token);
  const second = await openStream('/api/v1/events', other);
  const b = await ctx.enterprise();
  const bystander = await openStream('/api/v1/events', b.token);

  assert.equal((await ctx.call('POST', '/api/v1/auth/logout', { token: a.token })).statusCode, 200);
  assert.ok(await waitFor(() => first.ended(), 1000), 'the logged-out session\'s stream ends');
  assert.equal(first.events.at(-1)?.event, 'session.ended', 'saying why, as its last message');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(second.ended(), false, 'the same person\'s other session stays');
  assert.equal((await openStream('/api/v1/events', a.token)).status, 401, 'and the browser\'s retry is refused');

  await inTransaction(ctx.deps.db, (trx) => revokeSessionsOf(trx, ctx.clock.now(), a.userId));
  assert.ok(await waitFor(() => second.ended(), 1000), 'every session of the person ends');
  assert.equal(second.events.at(-1)?.event, 'session.ended');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(bystander.ended(), false, 'nobody else\'s');
  assert.ok(!bystander.events.some((e) => e.event === 'session.ended'));
  await Promise.all([first.close(), second.close(), bystander.close()]);
});

test('a stream ends when its session expires, and when the token that opened it is revoked', async () => {
  const a = await ctx.enterprise();
  // The session runs out a moment after the stream opens.
  await ctx.deps.db.updateTable('sessions').set({ expires_at: new Date(ctx.clock.now().getTime() + 400) }).where('token_hash', '=', hashToken(a.token)).execute();
  const expiring = await openStream('/api/v1/events', a.token);
  assert.equal(expiring.status, 200);
  assert.ok(await waitFor(() => expiring.ended(), 2000), 'the stream ends at the expiry');
  assert.equal(expiring.events.at(-1)?.event, 'session.ended');

  const b = await ctx.enterprise();
  const created = await ctx.call('POST', '/api/v1/me/tokens', { token: b.token, body: { name: 'TMS', permissions: ['query'] } });
  assert.equal(created.statusCode, 201, created.body);
  const { token, id } = created.json();
  const byToken = await openStream('/api/v1/events', token);
  const bySession = await openStream('/api/v1/events', b.token);
  assert.equal(byToken.status, 200);
  assert.equal((await ctx.call('POST', `/api/v1/me/tokens/${id}/revoke`, { token: b.token })).statusCode, 200);
  assert.ok(await waitFor(() => byToken.ended(), 1000), 'the revoked token\'s stream ends');
  assert.equal(byToken.events.at(-1)?.event, 'session.ended');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(bySession.ended(), false, 'the person\'s session goes on');
  await Promise.all([expiring.close(), byToken.close(), bySession.close()]);
});
