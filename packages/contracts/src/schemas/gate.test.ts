import assert from 'node:assert/strict';
import { test } from 'node:test';

import { gateDecisionRequest } from './gate.ts';

test('a plate read must carry a time with its offset, from a clock that is not broken', () => {
  const cases: [string, boolean][] = [
    ['2026-12-02T08:00:00+08:00', true],
    ['2026-12-02T00:00:00Z', true],
    ['2000-01-01T00:00:00Z', true],
    ['1999-12-31T23:59:59Z', false],
    ['0000-02-29T15:35:44.3121166-20:10', false],
    ['2026-12-02T08:00:00', false],
    ['2026-13-02T08:00:00Z', false],
  ];
  for (const [readAt, ok] of cases) {
    const result = gateDecisionRequest.safeParse({ plate: '京A12345', readId: 'r-1', readAt });
    assert.equal(result.success, ok, readAt);
    if (!result.success) assert.deepEqual(result.error.issues.map((i) => [i.path.join('.'), i.message]), [['readAt', 'INVALID_VALUE']], readAt);
  }
});
