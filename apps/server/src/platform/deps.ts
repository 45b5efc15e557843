import type { Config } from '../config.ts';
import type { NationalAccountService } from '../modules/identity/national-account/types.ts';
import type { Clock } from './clock.ts';
import type { Db, DatabaseHandle } from './db.ts';

/** What use cases are given: never imported globals, so tests swap any of them. */
export interface Deps {
  db: Db;
  handle: DatabaseHandle;
  clock: Clock;
  config: Config;
  national: NationalAccountService;
  sleep: (ms: number) => Promise<void>;
}
