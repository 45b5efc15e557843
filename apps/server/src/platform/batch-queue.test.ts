import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BatchQueue, batchedLookups } from './batch-queue.ts';

interface Job {
  name: string;
  key: string;
}

/** A queue whose batches finish only when the test says so. */
function harness(options: { maxBatches: number; maxSize: number; overlapAfterMs?: number }) {
  const batches: string[][] = [];
  const finishers: (() => void)[] = [];
  const queue = new BatchQueue<Job>({
    ...options,
    keysOf: (job) => [job.key],
    run: (batch) => {
      batches.push(batch.map((j) => j.name));
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
  });
  const finish = async (n: number) => {
    finishers[n]();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, batches, finish };
}

test('a lone item runs at once and alone; what queues meanwhile runs together next', async () => {
  const { queue, batches, finish } = harness({ maxBatches: 1, maxSize: 10 });
  queue.add({ name: 'a', key: 'a' });
  assert.deepEqual(batches, [['a']]);
  for (const name of ['b', 'c', 'd']) queue.add({ name, key: name });
  assert.deepEqual(batches, [['a']], 'one batch at a time');
  assert.equal(queue.waiting, 3);
  await finish(0);
  assert.deepEqual(batches, [['a'], ['b', 'c', 'd']]);
  await finish(1);
  assert.equal(queue.running, 0);
});

test('up to maxBatches run at once, each up to maxSize', async () => {
  const { queue, batches, finish } = harness({ maxBatches: 2, maxSize: 2 });
  for (const name of ['a', 'b', 'c', 'd', 'e']) queue.add({ name, key: name });
  assert.deepEqual(batches, [['a'], ['b']]);
  await finish(0);
  assert.deepEqual(batches[2], ['c', 'd']);
  await finish(1);
  assert.deepEqual(batches[3], ['e']);
});

test('with overlapAfterMs, what arrives while a batch runs gathers for one batch, which starts once the first has run that long', async () => {
  // 400 ms: far more than the 15 ms below takes on a loaded machine, so d always comes while the first runs.
  const { queue, batches, finish } = harness({ maxBatches: 2, maxSize: 10, overlapAfterMs: 400 });
  const started = performance.now();
  queue.add({ name: 'a', key: 'a' });
  for (const name of ['b', 'c']) queue.add({ name, key: name });
  assert.deepEqual(batches, [['a']], 'the second slot waits instead of taking b alone');
  await new Promise((resolve) => setTimeout(resolve, 15));
  queue.add({ name: 'd', key: 'd' });
  assert.equal(batches.length, 1);
  // The first batch stalls: the others go beside it once it has run 400 ms, together.
  while (batches.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(performance.now() - started >= 399, 'not before the first had run 400 ms');
  assert.deepEqual(batches[1], ['b', 'c', 'd']);
  await finish(0);
  await finish(1);
  assert.equal(queue.running, 0);
});

test('with overlapAfterMs, a batch that finishes lets the next start at once, and a full batch never waits', async () => {
  const { queue, batches, finish } = harness({ maxBatches: 2, maxSize: 2, overlapAfterMs: 10_000 });
  queue.add({ name: 'a', key: 'a' });
  queue.add({ name: 'b', key: 'b' });
  assert.deepEqual(batches, [['a']]);
  queue.add({ name: 'c', key: 'c' });
  assert.deepEqual(batches, [['a'], ['b', 'c']], 'two waiting fill a batch: it goes beside the first');
  queue.add({ name: 'd', key: 'd' });
  await finish(0);
  assert.equal(batches.length, 2, 'd waits while b and c have just started');
  await finish(1);
  assert.deepEqual(batches[2], ['d'], 'with nothing running, a batch waits for nobody');
  await finish(2);
  assert.equal(queue.running, 0);
});

test('items sharing a key never run at the same time, and keep their order', async () => {
  const { queue, batches, finish } = harness({ maxBatches: 2, maxSize: 10 });
  queue.add({ name: 'truck1-lane1', key: 'truck1' });
  queue.add({ name: 'truck1-lane2', key: 'truck1' });
  queue.add({ name: 'truck2', key: 'truck2' });
  queue.add({ name: 'truck1-lane3', key: 'truck1' });
  // truck1's second read waits for its first; truck2 goes beside it.
  assert.deepEqual(batches, [['truck1-lane1'], ['truck2']]);
  await finish(1);
  assert.equal(batches.length, 2, 'truck1 is still busy in the first batch');
  await finish(0);
  assert.deepEqual(batches[2], ['truck1-lane2'], 'one read of a key per batch');
  await finish(2);
  assert.deepEqual(batches[3], ['truck1-lane3']);
});

test('an item marked alone runs in a batch of its own; one added at the front goes first', async () => {
  const { queue, batches, finish } = harness({ maxBatches: 1, maxSize: 10 });
  queue.add({ name: 'first', key: 'first' });
  queue.add({ name: 'b', key: 'b' });
  queue.add({ name: 'suspect', key: 'suspect' }, { alone: true });
  queue.add({ name: 'c', key: 'c' });
  queue.add({ name: 'again', key: 'again' }, { front: true });
  await finish(0);
  assert.deepEqual(batches[1], ['again', 'b', 'c']);
  await finish(1);
  assert.deepEqual(batches[2], ['suspect']);
});

test('a batch that rejects is reported and the queue goes on', async () => {
  const errors: unknown[] = [];
  const ran: string[][] = [];
  const queue = new BatchQueue<Job>({
    maxBatches: 1,
    maxSize: 10,
    keysOf: (job) => [job.key],
    onError: (error) => errors.push(error),
    run: async (batch) => {
      ran.push(batch.map((j) => j.name));
      if (batch.some((j) => j.name === 'bad')) throw new Error('boom');
    },
  });
  queue.add({ name: 'bad', key: 'k' });
  queue.add({ name: 'next', key: 'k' });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(ran, [['bad'], ['next']]);
  assert.equal((errors[0] as Error).message, 'boom');
});

test('batched lookups: each item gets its own answer, what queues meanwhile goes in one load, a failed load fails its batch', async () => {
  const loads: { on: string; items: readonly number[] }[] = [];
  let fail = false;
  const lookup = batchedLookups({
    maxBatches: 1,
    maxSize: 10,
    load: async (on: { name: string }, items: readonly number[]) => {
      loads.push({ on: on.name, items });
      await new Promise((resolve) => setImmediate(resolve));
      if (fail) throw new Error('database unavailable');
      return items.map((n) => `${on.name}:${n * 10}`);
    },
  });
  const primary = { name: 'primary' };
  const other = { name: 'other' };
  const first = lookup(primary, 1);
  const queued = [lookup(primary, 2), lookup(primary, 3), lookup(other, 4)];
  assert.deepEqual(await Promise.all([first, ...queued]), ['primary:10', 'primary:20', 'primary:30', 'other:40']);
  assert.deepEqual(loads, [{ on: 'primary', items: [1] }, { on: 'other', items: [4] }, { on: 'primary', items: [2, 3] }]);
  fail = true;
  const failed = await Promise.allSettled([lookup(primary, 5), lookup(primary, 6)]);
  assert.deepEqual(failed.map((result) => result.status), ['rejected', 'rejected']);
  fail = false;
  assert.equal(await lookup(primary, 7), 'primary:70', 'the queue goes on');
});
