import type { TestContext } from './test-app.ts';

/**
 * A lane's reads for tests: `read(token, plate, at)` asks `POST /gate/decisions` at `at` — the gate
 * rule judges at the server's time, so the test's clock is set to `at` while reads are under way,
 * then back (the sessions of the test's people run by the clock) — sent with the device's own
 * time, `at` unless told. Reads sent together share one `at`.
 */
export function gateReads(ctx: TestContext) {
  let inFlight = 0;
  let clockBefore = new Date();
  let counter = 0;
  return async function read(token: string, plate: string, at: Date, readId = `r-${++counter}-${Date.now()}`, deviceTime = at) {
    if (inFlight++ === 0) clockBefore = ctx.clock.now();
    ctx.clock.set(at);
    try {
      return await ctx.call('POST', '/api/v1/gate/decisions', { token, body: { plate, readId, readAt: deviceTime.toISOString() } });
    } finally {
      if (--inFlight === 0) ctx.clock.set(clockBefore);
    }
  };
}
