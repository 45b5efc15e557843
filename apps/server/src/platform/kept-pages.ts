/**
 * Answers of list reads kept after they were sent, each with the database snapshot it was read at,
 * and sent again only after the database has said that nothing they show was written by a
 * transaction that snapshot did not see (`ChangedSince`). It is a cache that is validated on every
 * use, not one that expires: each answer is as fresh as running the read again, and a write a user
 * has seen committed is in every list they ask for afterwards, from any instance of the server.
 *
 * Why: the enterprise's list is read again and again while it has not changed — the web asks for it
 * on every visit and every announced change of another page, operators keep it open, several users
 * of an enterprise read the same page. Asking the database "written since?" reads an index entry or
 * two; reading the page reads its 50 rows and their slots, and turning them into JSON costs more
 * than both (docs/performance.md, lists).
 *
 * The kept answers are bounded by their bytes; the least recently used go first.
 */
export class KeptPages {
  /** In order of use, the least recent first (a Map keeps insertion order). */
  readonly #pages = new Map<string, KeptPage>();
  #bytes = 0;

  constructor(readonly budgetBytes: number) {}

  /** The answer kept for `key`, if any, now the most recently used. */
  get(key: string): KeptPage | undefined {
    const page = this.#pages.get(key);
    if (page === undefined) return undefined;
    this.#pages.delete(key);
    this.#pages.set(key, page);
    return page;
  }

  /** Keeps `page` for `key` (replacing what was kept), then drops the least recently used past the budget. */
  keep(key: string, page: KeptPage): void {
    this.drop(key);
    if (page.answer.body.length > this.budgetBytes) return;
    this.#pages.set(key, page);
    this.#bytes += page.answer.body.length;
    for (const [oldest, kept] of this.#pages) {
      if (this.#bytes <= this.budgetBytes) break;
      this.#pages.delete(oldest);
      this.#bytes -= kept.answer.body.length;
    }
  }

  drop(key: string): void {
    const kept = this.#pages.get(key);
    if (kept === undefined) return;
    this.#pages.delete(key);
    this.#bytes -= kept.answer.body.length;
  }

  get size(): number {
    return this.#pages.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** An answer as sent: its bytes and their entity tag. */
export interface EncodedAnswer {
  body: Buffer;
  etag: string;
}

export interface KeptPage {
  /** The snapshot (`pg_current_snapshot()`, as text) the answer was read at. */
  snapshot: string;
  answer: EncodedAnswer;
}

/**
 * Whether anything a kept answer shows was written by a transaction its snapshot did not see —
 * whatever the order in which transactions took their ids or committed.
 */
export type ChangedSince = (snapshot: string) => Promise<boolean>;

/**
 * The answer for `key`: the kept one if nothing on it changed since its snapshot, else `read`'s,
 * kept with the snapshot it was read at (none: not kept). A failed read keeps nothing and drops what
 * was kept.
 */
export async function keptOrRead(pages: KeptPages, key: string, changedSince: ChangedSince, read: () => Promise<{ answer: EncodedAnswer; snapshot: string | null }>): Promise<EncodedAnswer> {
  const kept = pages.get(key);
  if (kept !== undefined && !(await changedSince(kept.snapshot))) return kept.answer;
  pages.drop(key);
  const { answer, snapshot } = await read();
  if (snapshot !== null) pages.keep(key, { snapshot, answer });
  return answer;
}
