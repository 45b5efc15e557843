import type { Me } from '@cargo-window/contracts';

import type { Actor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { presentEnterprise, presentUser } from './presenters.ts';

export async function me(deps: Deps, actor: Actor): Promise<Me> {
  const user = await deps.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const enterprise = user.enterprise_id
    ? await deps.db.selectFrom('enterprises').selectAll().where('id', '=', user.enterprise_id).executeTakeFirstOrThrow()
    : null;
  // What this request may do: with a personal access token, the token's scope, not the owner's all.
  return { user: { ...presentUser(user), permissions: actor.permissions }, enterprise: enterprise ? presentEnterprise(enterprise) : null };
}
