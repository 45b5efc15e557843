import { isDatabaseUnavailable, isRetryable } from './pg-errors.ts';

/**
 * Runs queued work in batches, the way a database groups commits: a batch starts as soon as fewer
 * than `maxBatches` are running and takes whatever has queued meanwhile (up to `maxSize`). A lone
 * item on a quiet system goes at once, alone; under load the batches grow by themselves, with no
 * timer.
 *
 * Items that share a key never run at the same time: an item whose key is in a running batch, or
 * already in the batch being formed, waits for a later one. An item marked `alone` runs in a batch
 * of its own (used to find which item of a failed batch is at fault).
 */
export interface BatchQueueOptions<T> {
  run: (batch: T[]) => Promise<void>;
  keysOf: (item: T) => readonly string[];
  maxBatches: number;
  maxSize: number;
  /**
   * A batch beside a running one starts only once that one has run this long, or when a full
   * batch waits: work that arrives together then goes in one larger batch, which costs the
   * database less per item than two small ones, while a stalled batch (a lock wait, a slow disk)
   * still holds nobody up for longer than this. Without it, a batch starts whenever one of the
   * `maxBatches` is free.
   */
  overlapAfterMs?: number;
  /** A batch's `run` rejected: the queue goes on; the items are `run`'s to answer. */
  onError?: (error: unknown) => void;
}

interface Entry<T> {
  item: T;
  keys: readonly string[];
  alone: boolean;
}

export class BatchQueue<T> {
  readonly #options: BatchQueueOptions<T>;
  readonly #waiting: Entry<T>[] = [];
  readonly #busy = new Set<string>();
  /** The running batches, with when each started (`overlapAfterMs`). */
  readonly #running = new Set<{ at: number }>();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: BatchQueueOptions<T>) {
    this.#options = options;
  }

  /** Queues an item; `front` puts it before those waiting (an item tried again keeps its turn). */
  add(item: T, options: { front?: boolean; alone?: boolean } = {}): void {
    const entry = { item, keys: this.#options.keysOf(item), alone: options.alone ?? false };
    if (options.front) this.#waiting.unshift(entry);
    else this.#waiting.push(entry);
    this.#pump();
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running.size;
  }

  #pump(): void {
    while (this.#running.size < this.#options.maxBatches && !(this.#running.size > 0 && this.#mustWait())) {
      const batch = this.#take();
      if (batch.length === 0) break;
      const keys = batch.flatMap((e) => e.keys);
      for (const key of keys) this.#busy.add(key);
      const running = { at: performance.now() };
      this.#running.add(running);
      void this.#options
        .run(batch.map((e) => e.item))
        .catch((error: unknown) => this.#options.onError?.(error))
        .finally(() => {
          this.#running.delete(running);
          for (const key of keys) this.#busy.delete(key);
          // The youngest running batch may have changed: a waiting batch's time is reckoned anew.
          this.#disarm();
          this.#pump();
        });
    }
    // Nothing left to wait for: a pending timer would only keep the process awake.
    if (this.#waiting.length === 0) this.#disarm();
  }

  #disarm(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /**
   * Whether a batch beside the running ones must wait (`overlapAfterMs`); if so, a timer pumps
   * again. A timer already armed stays until a batch finishes, so reads arriving under load arm
   * no timer of their own.
   */
  #mustWait(): boolean {
    const after = this.#options.overlapAfterMs;
    if (after === undefined || this.#waiting.length >= this.#options.maxSize) return false;
    let youngest = 0;
    for (const batch of this.#running) youngest = Math.max(youngest, batch.at);
    const left = youngest + after - performance.now();
    if (left <= 0) return false;
    if (!this.#timer && this.#waiting.length > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#pump();
      }, Math.ceil(left));
    }
    return true;
  }

  /** The next batch, in queue order, skipping what must wait; removed from the queue. */
  #take(): Entry<T>[] {
    const batch: Entry<T>[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < this.#waiting.length && batch.length < this.#options.maxSize; ) {
      const entry = this.#waiting[i];
      const blocked = entry.keys.some((k) => this.#busy.has(k) || taken.has(k)) || (entry.alone && batch.length > 0);
      if (blocked) {
        i++;
        continue;
      }
      this.#waiting.splice(i, 1);
      batch.push(entry);
      if (entry.alone) break;
      for (const key of entry.keys) taken.add(key);
    }
    return batch;
  }
}

/**
 * What becomes of the unanswered items of a batch of database work that failed (nothing of its
 * failed statement was written): a deadlock or serialization loss runs them again as they were;
 * a lone item, or a database that is away, fails them all at once (the callers answer 503 and try
 * again); otherwise each runs again alone, so that the one at fault fails by itself.
 */
export function recoverFailedBatch<T>(error: unknown, batchSize: number, open: readonly T[], on: { retry(item: T): void; alone(item: T): void; fail(item: T, error: unknown): void }): void {
  if (isRetryable(error)) open.forEach((item) => on.retry(item));
  else if (batchSize === 1 || isDatabaseUnavailable(error)) open.forEach((item) => on.fail(item, error));
  else open.forEach((item) => on.alone(item));
}

interface PendingLookup<I, R> {
  item: I;
  resolve: (answer: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads that many callers make at once, answered in batches: `load` answers a batch's items, in
 * their order, with one statement. Each database (`on`) gets a queue of its own; items share no
 * keys, so a batch takes whatever has queued (see BatchQueue). A failed `load` fails its batch.
 */
export function batchedLookups<O extends object, I, R>(options: { maxBatches: number; maxSize: number; load: (on: O, items: readonly I[]) => Promise<readonly R[]> }): (on: O, item: I) => Promise<R> {
  const queues = new WeakMap<O, BatchQueue<PendingLookup<I, R>>>();
  const run = async (on: O, batch: readonly PendingLookup<I, R>[]) => {
    try {
      const answers = await options.load(on, batch.map((pending) => pending.item));
      batch.forEach((pending, i) => pending.resolve(answers[i]));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  };
  return (on, item) => {
    let queue = queues.get(on);
    if (!queue) {
      queue = new BatchQueue<PendingLookup<I, R>>({ run: (batch) => run(on, batch), keysOf: () => [], maxBatches: options.maxBatches, maxSize: options.maxSize });
      queues.set(on, queue);
    }
    const waiting = queue;
    return new Promise((resolve, reject) => waiting.add({ item, resolve, reject }));
  };
}
