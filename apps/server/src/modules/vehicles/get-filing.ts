import type { VehicleFiling } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { filingDetail, loadFilingForReview, loadOwnFiling } from './load-filing.ts';

export async function getFiling(deps: Deps, actor: Actor, id: string): Promise<VehicleFiling> {
  return filingDetail(deps.db, await loadOwnFiling(deps.db, actor, id));
}

export async function getFilingForReview(deps: Deps, _actor: Actor, id: string): Promise<VehicleFiling> {
  return filingDetail(deps.db, await loadFilingForReview(deps.db, id));
}
