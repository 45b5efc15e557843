import type pg from 'pg';

import type { Child } from './procs.ts';

/** What every database scenario gets: one bench database, our server and the baseline on it. */
export interface BenchContext {
  quick: boolean;
  dbName: string;
  dbUrl: string;
  pool: pg.Pool;
  ours: Child;
  baseline: Child;
  /** Seconds of measured load per side (ours, baseline) of each measurement. */
  seconds: number;
  /** Seconds of warm-up load before measuring (JIT, connection pools). */
  warmup: number;
  /** Rounds of the gate's alternating load, when given (`--rounds`). */
  rounds: number | null;
  /** `--versus`: the other side is our own server at this commit, not the bare baseline. */
  versus: string | null;
  check(name: string, ok: boolean, detail: string): void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
