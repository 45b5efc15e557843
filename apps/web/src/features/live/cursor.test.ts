import assert from 'node:assert/strict';
import { test } from 'node:test';

import { forgetLiveCursor, liveCursor, liveStreamUrl, rememberLiveCursor } from './cursor.ts';

/** The tab's sessionStorage, as a browser has it. */
function tabStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (n) => [...items.keys()][n] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

test('the stream opens from the last id the tab got, and from its own login once forgotten', () => {
  Object.assign(globalThis, { sessionStorage: tabStorage() });
  try {
    assert.equal(liveStreamUrl('/api/v1'), '/api/v1/events');
    rememberLiveCursor('2026-12-06T08:00:00.123Z');
    rememberLiveCursor(''); // an event without an id keeps the last one
    assert.equal(liveCursor(), '2026-12-06T08:00:00.123Z');
    assert.equal(liveStreamUrl('/api/v1'), '/api/v1/events?after=2026-12-06T08%3A00%3A00.123Z');
    forgetLiveCursor();
    assert.equal(liveStreamUrl('/api/v1'), '/api/v1/events');
  } finally {
    Reflect.deleteProperty(globalThis, 'sessionStorage');
  }
});

test('without storage (disabled, or outside a browser) the stream still opens, from now on', () => {
  rememberLiveCursor('2026-12-06T08:00:00.123Z');
  assert.equal(liveCursor(), null);
  assert.equal(liveStreamUrl('/api/v1'), '/api/v1/events');
  Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, get: () => { throw new Error('SecurityError'); } });
  try {
    rememberLiveCursor('2026-12-06T08:00:00.123Z');
    assert.equal(liveStreamUrl('/api/v1'), '/api/v1/events');
  } finally {
    Reflect.deleteProperty(globalThis, 'sessionStorage');
  }
});
