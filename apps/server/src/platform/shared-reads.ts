/**
 * Identical reads that arrive together run once, and all of them get its answer (request
 * collapsing). When a gate lifts a truck or an appointment is booked, every browser showing that
 * enterprise's list is told at once and asks again for the same page: one query and one
 * serialization answer them all.
 *
 * It is not a cache: a read joins only a run that has not started yet, never one already under
 * way, so every answer was read after the request arrived, as fresh as running it alone — nothing
 * to invalidate, and a write a user has seen committed is in every list they ask for afterwards.
 * A key has at most one run in flight; the reads that arrive meanwhile wait for it to end and then
 * share the next run. A failed run fails the reads that shared it, and nothing is kept.
 */
export class SharedReads<V> {
  readonly #keys = new Map<string, KeyState<V>>();

  /** The answer of `run` for `key`, run now or shared with the identical reads waiting for it. */
  read(key: string, run: () => Promise<V>): Promise<V> {
    const state = this.#keys.get(key);
    if (state === undefined) {
      const fresh: KeyState<V> = { next: null };
      this.#keys.set(key, fresh);
      return this.#start(key, fresh, run);
    }
    state.next ??= waiting(run);
    return state.next.promise;
  }

  /** Keys with a run in flight. */
  get inFlight(): number {
    return this.#keys.size;
  }

  #start(key: string, state: KeyState<V>, run: () => Promise<V>): Promise<V> {
    const result = Promise.resolve().then(run);
    const done = () => {
      const next = state.next;
      if (next === null) {
        this.#keys.delete(key);
        return;
      }
      state.next = null;
      this.#start(key, state, next.run).then(next.resolve, next.reject);
    };
    result.then(done, done);
    return result;
  }
}

interface KeyState<V> {
  /** The run that waits for the one in flight, with the reads that share it. */
  next: Waiting<V> | null;
}

interface Waiting<V> {
  run: () => Promise<V>;
  promise: Promise<V>;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

function waiting<V>(run: () => Promise<V>): Waiting<V> {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { run, promise, resolve, reject };
}
