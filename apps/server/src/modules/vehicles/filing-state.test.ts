import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { filingStatuses } from '@cargo-window/contracts';

import { filingTransition, type FilingAction } from './filing-state.ts';

describe('filing state machine', () => {
  const table: [status: (typeof filingStatuses)[number], action: FilingAction, expected: string][] = [
    ['draft', 'edit', 'draft'],
    ['draft', 'declare', 'declared'],
    ['draft', 'approve', 'FILING_NOT_REVIEWABLE'],
    ['draft', 'return', 'FILING_NOT_REVIEWABLE'],
    ['declared', 'edit', 'FILING_NOT_EDITABLE'],
    ['declared', 'declare', 'FILING_NOT_DECLARABLE'],
    ['declared', 'approve', 'approved'],
    ['declared', 'return', 'returned'],
    ['returned', 'edit', 'returned'],
    ['returned', 'declare', 'declared'],
    ['returned', 'approve', 'FILING_NOT_REVIEWABLE'],
    ['returned', 'return', 'FILING_NOT_REVIEWABLE'],
    ['approved', 'edit', 'FILING_NOT_EDITABLE'],
    ['approved', 'declare', 'FILING_NOT_DECLARABLE'],
    ['approved', 'approve', 'FILING_NOT_REVIEWABLE'],
    ['approved', 'return', 'FILING_NOT_REVIEWABLE'],
  ];

  for (const [status, action, expected] of table) {
    test(`${status} + ${action} → ${expected}`, () => {
      const result = filingTransition(status, action);
      assert.equal(result.ok ? result.to : result.code, expected);
    });
  }

  test('the table covers every status and action', () => {
    const actions: FilingAction[] = ['edit', 'declare', 'approve', 'return'];
    for (const status of filingStatuses) {
      for (const action of actions) assert.ok(table.some(([s, a]) => s === status && a === action), `${status} + ${action}`);
    }
  });

  test('an unknown status is a programming error, not a refusal', () => {
    assert.throws(() => filingTransition('archived' as never, 'edit'), /unknown filing status/);
  });
});
