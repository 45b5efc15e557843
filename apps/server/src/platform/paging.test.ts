import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeCursor, encodeCursor, pageOf } from './paging.ts';

test('a cursor round-trips and is opaque', () => {
  const cursor = { value: '2026-11-25T08:00:00.000Z', id: 'a1' };
  const raw = encodeCursor(cursor);
  assert.doesNotMatch(raw, /2026/);
  assert.deepEqual(decodeCursor(raw), cursor);
  assert.equal(decodeCursor(undefined), null);
});

test('a forged cursor is a field error, not a crash', () => {
  for (const raw of ['%%%', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
    assert.throws(() => decodeCursor(raw), (e: { code?: string; fieldErrors?: { field: string; code: string }[] }) => e.code === 'VALIDATION' && e.fieldErrors?.[0].code === 'CURSOR_INVALID');
  }
});

test('pageOf keeps `limit` rows and points at the last one only when more exist', () => {
  const rows = [1, 2, 3].map((n) => ({ at: `t${n}`, id: `id${n}` }));
  const full = pageOf(rows, 2, (r) => ({ value: r.at, id: r.id }), (r) => r.id);
  assert.deepEqual(full.items, ['id1', 'id2']);
  assert.deepEqual(decodeCursor(full.next!), { value: 't2', id: 'id2' });
  const last = pageOf(rows.slice(0, 2), 2, (r) => ({ value: r.at, id: r.id }), (r) => r.id);
  assert.equal(last.next, null);
});
