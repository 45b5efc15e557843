import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

import { publish } from '../../platform/events.ts';
import { notify } from '../notifications/index.ts';
import { createTestContext, type TestContext } from '../../testing/test-app.ts';
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

/** Opens an SSE stream over real HTTP and collects its events until closed. */
async function openStream(path: string, token?: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
  const events: { event: string; data: unknown; at: number }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        if (buffer.includes(': connected')) connected();
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
        }
      }
    } catch {
      // aborted
    }
  })();
  if (res.status === 200) await ready;
  return { status: res.status, type: res.headers.get('content-type'), events, close: async () => (controller.abort(), await pump) };
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
  assert.ok(await waitFor(() => stream.events.length > 0, 1000));
  assert.deepEqual(stream.events.map((e) => e.data), [{ n: 2 }]);
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
    ['own terminal', terminalOp, { type: 'x', terminalId: 't1', data: {} }, true],
    ['other terminal', terminalOp, { type: 'x', terminalId: 't2', data: {} }, false],
    ['public to anonymous', null, { type: 'x', public: true, data: {} }, true],
    ['private to anonymous', null, { type: 'x', enterpriseId: 'e1', data: {} }, false],
  ];
  for (const [name, actor, event, expected] of rows) assert.equal(canSee(actor, event), expected, name);
});
