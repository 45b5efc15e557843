import assert from 'node:assert/strict';

import type { TestContext } from '../../../testing/test-app.ts';
import { relyingParty } from './relying-party.ts';
import { softAuthenticator } from './soft-authenticator.ts';

/**
 * Ready-made 卡介质 requests for tests that call every route with "a valid body" (the security
 * matrix and fuzzer): a challenge is single-use, so each `…Body()` hands out the next unused
 * ceremony, and the last one again once they run out (then the answer is CHALLENGE_EXPIRED).
 */
export interface WebauthnFixtures {
  /** A key bound to the person and never used by these bodies: the revoke route's target. */
  spareKeyId: string;
  /** `POST /enterprise/security-keys` for the person (its `userId` named, so another enterprise gets 404 before the challenge is touched). */
  bindBody(): Record<string, unknown>;
  /** `POST /auth/webauthn/login` with a discoverable key of the person. */
  loginBody(): Record<string, unknown>;
}

/** The origin `app.inject` requests come from (Host `localhost:80`) when no WEBAUTHN_ORIGIN is configured. */
export function injectOrigin(ctx: TestContext): string {
  return relyingParty(ctx.deps.config, { protocol: 'http', host: 'localhost:80', hostname: 'localhost' }).origin;
}

export async function webauthnFixtures(ctx: TestContext, admin: { token: string; userId: string }, count = 10): Promise<WebauthnFixtures> {
  const origin = injectOrigin(ctx);
  let serial = 0;
  const name = () => `测试卡${process.pid % 1000}-${++serial}`;

  const registration = async (key = softAuthenticator()) => {
    const body = { userId: admin.userId, name: name(), kind: 'legal_person' as const };
    const res = await ctx.call('POST', '/api/v1/enterprise/security-keys/registration-options', { token: admin.token, body });
    assert.equal(res.statusCode, 200, res.body);
    const { challengeId, options } = res.json();
    return { ...body, challengeId, response: key.register(options, origin) };
  };
  const bind = async (body: Record<string, unknown>) => {
    const res = await ctx.call('POST', '/api/v1/enterprise/security-keys', { token: admin.token, body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  const spareKeyId = await bind(await registration());
  const loginKey = softAuthenticator();
  await bind(await registration(loginKey));

  const binds: Record<string, unknown>[] = [];
  const logins: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    binds.push(await registration());
    const res = await ctx.call('POST', '/api/v1/auth/webauthn/login-options', { body: {} });
    assert.equal(res.statusCode, 200, res.body);
    const { challengeId, options } = res.json();
    logins.push({ challengeId, response: loginKey.authenticate(options, origin) });
  }
  const take = (queue: Record<string, unknown>[]) => {
    let last: Record<string, unknown> | null = null;
    return () => {
      last = queue.shift() ?? last;
      return structuredClone(last!);
    };
  };
  return { spareKeyId, bindBody: take(binds), loginBody: take(logins) };
}
