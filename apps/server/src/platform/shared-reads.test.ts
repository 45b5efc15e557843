import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SharedReads } from './shared-reads.ts';

/** Runs that end only when the test says so, each answering the version of the data it read. */
function harness() {
  const reads = new SharedReads<string>();
  const runs: { key: string; version: number; finish: (fail?: Error) => void }[] = [];
  let version = 0;
  const read = (key: string) =>
    reads.read(key, () => {
      const seen = version;
      return new Promise<string>((resolve, reject) => {
        runs.push({ key, version: seen, finish: (fail) => (fail ? reject(fail) : resolve(`${key}@${seen}`)) });
      });
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { reads, runs, read, settle, write: () => (version += 1) };
}

test('a lone read runs at once; identical reads arriving meanwhile share the next run', async () => {
  const { reads, runs, read, settle } = harness();
  const first = read('page 1');
  await settle();
  assert.equal(runs.length, 1);
  const later = [read('page 1'), read('page 1'), read('page 1')];
  await settle();
  assert.equal(runs.length, 1, 'nothing starts beside the run in flight');
  runs[0].finish();
  assert.equal(await first, 'page 1@0');
  await settle();
  assert.equal(runs.length, 2, 'the three waiting reads start one run');
  runs[1].finish();
  assert.deepEqual(await Promise.all(later), ['page 1@0', 'page 1@0', 'page 1@0']);
  await settle();
  assert.equal(runs.length, 2, 'four reads, two runs: nothing starts once all are answered');
  assert.equal(reads.inFlight, 0, 'an idle key holds nothing');
});

test('a read never gets the answer of a run that started before it arrived', async () => {
  const { runs, read, settle, write } = harness();
  const before = read('page 1');
  await settle();
  write();
  // The write committed while the first run was under way: a read asked for after it must see it.
  const after = read('page 1');
  runs[0].finish();
  assert.equal(await before, 'page 1@0');
  await settle();
  runs[1].finish();
  assert.equal(await after, 'page 1@1');
});

test('different keys never share and run side by side', async () => {
  const { runs, read, settle } = harness();
  const a = read('enterprise A');
  const b = read('enterprise B');
  await settle();
  assert.deepEqual(runs.map((r) => r.key), ['enterprise A', 'enterprise B']);
  runs[1].finish();
  runs[0].finish();
  assert.deepEqual(await Promise.all([a, b]), ['enterprise A@0', 'enterprise B@0']);
});

test('a failed run fails only the reads that shared it, and the next read runs anew', async () => {
  const { reads, runs, read, settle } = harness();
  const first = read('page 1');
  await settle();
  const shared = [read('page 1'), read('page 1')];
  runs[0].finish();
  await first;
  await settle();
  runs[1].finish(new Error('database unavailable'));
  for (const result of await Promise.allSettled(shared)) {
    assert.equal(result.status, 'rejected');
    assert.equal((result.reason as Error).message, 'database unavailable');
  }
  await settle();
  assert.equal(reads.inFlight, 0);
  const again = read('page 1');
  await settle();
  runs[2].finish();
  assert.equal(await again, 'page 1@0');
});

test('a run that throws before its promise rejects its reads instead of the caller', async () => {
  const reads = new SharedReads<string>();
  await assert.rejects(reads.read('k', () => {
    throw new Error('bad filter');
  }), /bad filter/);
  assert.equal(reads.inFlight, 0);
});
