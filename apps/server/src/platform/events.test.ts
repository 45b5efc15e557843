import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import pg from 'pg';

import { createTestDatabase, type TestDatabase } from '../testing/test-db.ts';
import { drainEvents, EVENTS_CHANNEL, sendCommitted, startEventBus, type EventBus, type LiveEvent } from './events.ts';

let database: TestDatabase;
let bus: EventBus;
before(async () => {
  database = await createTestDatabase();
  bus = await startEventBus(database.handle, { connectionString: database.url ?? undefined });
});
after(async () => {
  await bus.close();
  await database.drop();
});

/** Every notification on the channel, as PostgreSQL (or the embedded engine) delivers it. */
async function countNotifications(): Promise<{ payloads: string[]; stop: () => Promise<void> }> {
  const payloads: string[] = [];
  if (database.handle.pglite) {
    const unlisten = await database.handle.pglite.listen(EVENTS_CHANNEL, (payload) => payloads.push(payload));
    return { payloads, stop: () => unlisten() };
  }
  const client = new pg.Client({ connectionString: database.url! });
  await client.connect();
  client.on('notification', (message) => payloads.push(message.payload ?? ''));
  await client.query(`listen ${EVENTS_CHANNEL}`);
  return { payloads, stop: () => client.end() };
}

test('a burst of events reaches every subscriber whole and in order, packed into few notifications', async () => {
  const received: LiveEvent[] = [];
  const unsubscribe = bus.subscribe((event) => received.push(event));
  const raw = await countNotifications();
  const events: LiveEvent[] = Array.from({ length: 600 }, (_, n) => ({
    type: 'gate.read',
    terminalId: 'd2c1a3e0-0000-4000-8000-000000000001',
    data: { n, plate: `京A${String(n).padStart(5, '0')}`, message: '已预约，准予入区'.repeat(n % 7 === 0 ? 40 : 1) },
  }));
  sendCommitted(database.handle.db, events.slice(0, 250));
  sendCommitted(database.handle.db, events.slice(250));
  await drainEvents(database.handle.db);
  for (let waited = 0; received.length < events.length && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  unsubscribe();
  await raw.stop();

  assert.deepEqual(received, events);
  // Each notification is an array of events within PostgreSQL's payload limit (8000 bytes).
  assert.ok(raw.payloads.length > 1 && raw.payloads.length <= events.length / 10, `${raw.payloads.length} notifications for ${events.length} events`);
  for (const payload of raw.payloads) {
    assert.ok(Buffer.byteLength(payload) < 8000);
    assert.ok(Array.isArray(JSON.parse(payload)));
  }
});

test('text holding the separator between notifications, quotes, backslashes and CJK arrives as sent', async () => {
  const received: LiveEvent[] = [];
  const unsubscribe = bus.subscribe((event) => received.push(event));
  const events: LiveEvent[] = ['\u001e', 'a\u001eb', '"引号" \\ 反斜杠', '\u0001\u001f\n\t', '京A12345 已在区内'].map((text, n) => ({ type: 'gate.read', data: { n, text } }));
  sendCommitted(database.handle.db, events);
  await drainEvents(database.handle.db);
  for (let waited = 0; received.length < events.length && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  unsubscribe();
  assert.deepEqual(received, events);
});
