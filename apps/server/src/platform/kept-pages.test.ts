import assert from 'node:assert/strict';
import { test } from 'node:test';

import { keptOrRead, KeptPages, type ChangedSince } from './kept-pages.ts';

const answer = (text: string) => ({ body: Buffer.from(text), etag: `"${text}"` });

/** A database stand-in on one clock: a read's snapshot is its time, and a write after it changes it. */
function database() {
  let time = 0;
  let reads = 0;
  const writes: number[] = [];
  const asked: string[] = [];
  const changedSince: ChangedSince = async (snapshot) => {
    asked.push(snapshot);
    return writes.some((at) => at > Number(snapshot));
  };
  const read = async () => ({ answer: answer(`answer ${++reads}`), snapshot: String(time++) });
  return { changedSince, read, asked, write: () => writes.push(time++) };
}

test('a kept answer is sent again while nothing changed, read again after a change', async () => {
  const pages = new KeptPages(1024);
  const db = database();
  const get = async (key = 'k') => (await keptOrRead(pages, key, db.changedSince, db.read)).body.toString();
  assert.equal(await get(), 'answer 1');
  assert.deepEqual(db.asked, [], 'nothing kept yet: nothing to ask');
  assert.equal(await get(), 'answer 1');
  db.write();
  assert.equal(await get(), 'answer 2');
  assert.equal(await get(), 'answer 2');
  assert.deepEqual(db.asked, ['0', '0', '2'], 'asked with the snapshot each kept answer was read at');
  assert.equal(await get('other'), 'answer 3', 'keys are kept apart');
});

test('an answer read without a snapshot is not kept', async () => {
  const pages = new KeptPages(1024);
  let reads = 0;
  const read = async () => ({ answer: answer(`empty ${++reads}`), snapshot: null });
  await keptOrRead(pages, 'k', async () => false, read);
  assert.equal((await keptOrRead(pages, 'k', async () => false, read)).body.toString(), 'empty 2');
  assert.equal(pages.size, 0);
});

test('a failed read keeps nothing and drops what was kept for its key', async () => {
  const pages = new KeptPages(1024);
  const db = database();
  await keptOrRead(pages, 'k', db.changedSince, db.read);
  db.write();
  await assert.rejects(keptOrRead(pages, 'k', db.changedSince, async () => Promise.reject(new Error('database gone'))), /database gone/);
  assert.equal(pages.size, 0);
  assert.equal(pages.bytes, 0);
  assert.equal((await keptOrRead(pages, 'k', db.changedSince, db.read)).body.toString(), 'answer 2');
});

test('the kept bytes stay within the budget: the least recently used go first', () => {
  const pages = new KeptPages(10);
  pages.keep('a', { snapshot: '1', answer: answer('aaaa') });
  pages.keep('b', { snapshot: '1', answer: answer('bbbb') });
  assert.ok(pages.get('a'), 'a used: b is now the least recent');
  pages.keep('c', { snapshot: '1', answer: answer('cccc') });
  assert.deepEqual([pages.get('a') && 'a', pages.get('b') && 'b', pages.get('c') && 'c'], ['a', undefined, 'c']);
  assert.equal(pages.bytes, 8);
  pages.keep('a', { snapshot: '2', answer: answer('aaaaaa') });
  assert.equal(pages.bytes, 10, 'a replaced, not added twice');
  assert.equal(pages.get('a')?.snapshot, '2');
  pages.keep('huge', { snapshot: '1', answer: answer('x'.repeat(11)) });
  assert.equal(pages.get('huge'), undefined, 'larger than the whole budget: not kept');
  assert.equal(pages.size, 2);
});
