import type { Config } from '../config.ts';
import type { NationalAccountService } from '../modules/identity/national-account/types.ts';
import type { Clock } from './clock.ts';
import type { Db, DatabaseHandle } from './db.ts';
import type { EventBus } from './events.ts';

/** What use cases are given: never imported globals, so tests swap any of them. */
export interface Deps {
  db: Db;
  handle: DatabaseHandle;
  clock: Clock;
  config: Config;
  national: NationalAccountService;
  sleep: (ms: number) => Promise<void>;
  /** Live events published by committed transactions, for server-sent events. */
  events: EventBus;
}
