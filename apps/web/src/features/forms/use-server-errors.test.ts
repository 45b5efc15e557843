import assert from 'node:assert/strict';
import { test } from 'node:test';

import { changedPaths } from './use-server-errors.ts';

test('changed values give the leaf paths that changed', () => {
  assert.deepEqual(changedPaths({ enterprise: { uscc: '9111' } }), [['enterprise', 'uscc']]);
  assert.deepEqual(changedPaths({ confirmPassword: 'x' }), [['confirmPassword']]);
  assert.deepEqual(changedPaths({ permissions: ['query'] }), [['permissions']]);
  assert.deepEqual(changedPaths({ national: { username: 'a', password: undefined } }), [['national', 'username'], ['national', 'password']]);
  assert.deepEqual(changedPaths({}), []);
});
