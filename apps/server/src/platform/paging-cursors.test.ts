import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeSerialCursor, decodeTimeCursor, encodeCursor } from './paging.ts';

test('time cursors need a real instant and a uuid; serial cursors digits', () => {
  const id = '0b5f6f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  assert.deepEqual(decodeTimeCursor(encodeCursor({ value: '2026-11-25T00:00:00.000Z', id })), { at: new Date('2026-11-25T00:00:00.000Z'), id });
  for (const bad of [{ value: 'not a time', id }, { value: '2026-11-25T00:00:00Z', id: "1' or '1'='1" }]) {
    assert.throws(() => decodeTimeCursor(encodeCursor(bad)), (e: { fieldErrors?: { code: string }[] }) => e.fieldErrors?.[0].code === 'CURSOR_INVALID');
  }
  assert.equal(decodeSerialCursor(encodeCursor({ value: '', id: '42' })), 42);
  assert.throws(() => decodeSerialCursor(encodeCursor({ value: '', id: '4x2' })), (e: { fieldErrors?: { code: string }[] }) => e.fieldErrors?.[0].code === 'CURSOR_INVALID');
  assert.equal(decodeTimeCursor(undefined), null);
});
