import assert from 'node:assert/strict';
import { test } from 'node:test';

import { entityTagOf, noneMatchNames } from './entity-tags.ts';

test('the tag is a quoted digest of the bytes: equal bytes, equal tags', () => {
  const tag = entityTagOf(Buffer.from('{"items":[]}'));
  assert.match(tag, /^"[A-Za-z0-9_-]{27}"$/);
  assert.equal(entityTagOf(Buffer.from('{"items":[]}')), tag);
  assert.notEqual(entityTagOf(Buffer.from('{"items":[1]}')), tag);
});

test('If-None-Match names a tag: alone, in a list, weak, or *', () => {
  const tag = '"abc"';
  assert.equal(noneMatchNames(undefined, tag), false);
  assert.equal(noneMatchNames('"abc"', tag), true);
  assert.equal(noneMatchNames('"x", "abc"', tag), true);
  assert.equal(noneMatchNames('"x",W/"abc"', tag), true, 'weak comparison');
  assert.equal(noneMatchNames(' * ', tag), true);
  assert.equal(noneMatchNames('"abcd"', tag), false);
  assert.equal(noneMatchNames('abc', tag), false, 'an unquoted tag is no tag');
  assert.equal(noneMatchNames('"x", "y"', tag), false);
  assert.equal(noneMatchNames('', tag), false);
});
