import assert from 'node:assert/strict';
import { test } from 'node:test';

import { namePath } from './errors.ts';

test('a problem field path becomes an antd name path, indexes as numbers', () => {
  assert.deepEqual(namePath('enterprise.uscc'), ['enterprise', 'uscc']);
  assert.deepEqual(namePath('admin.username'), ['admin', 'username']);
  assert.deepEqual(namePath('vehicles.2.plate'), ['vehicles', 2, 'plate']);
  assert.deepEqual(namePath('username'), ['username']);
  assert.deepEqual(namePath(''), []);
});
