import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nationalTestAccounts, nationalTestCards, nationalTestEnterprise } from './fixtures.ts';
import { NATIONAL_CARD_MAX_PIN_ATTEMPTS, startNationalSimulator, type NationalSimulator } from './simulator.ts';

async function post(url: string, body: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: await res.json() };
}
const postJson = (url: string, body: unknown) => post(url, JSON.stringify(body));

describe('national account simulator (raw HTTP)', () => {
  let sim: NationalSimulator;
  before(async () => {
    sim = await startNationalSimulator();
  });
  after(() => sim.close());

  test('listens on an ephemeral port on 127.0.0.1', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('GET /health', async () => {
    const res = await fetch(`${sim.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('unknown route and wrong method', async () => {
    const missing = await fetch(`${sim.url}/v2/verify`, { method: 'POST', body: '{}' });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'NOT_FOUND' });
    const wrongMethod = await fetch(`${sim.url}/v1/verify`);
    assert.equal(wrongMethod.status, 405);
    assert.deepEqual(await wrongMethod.json(), { error: 'METHOD_NOT_ALLOWED' });
  });

  test('malformed bodies are 400 BAD_REQUEST', async () => {
    for (const body of ['not json', '', '[]', 'null', '"x"', '{}', JSON.stringify({ username: 'ktd_admin' }),
      JSON.stringify({ username: 1, password: 'x' }), JSON.stringify({ cardNo: '8800000000000001', pin: 123456 }),
      JSON.stringify({ username: 'ktd_admin', password: 'Kt@2019ds', cardNo: '8800000000000001', pin: '123456' })]) {
      const res = await post(sim.url, body);
      assert.equal(res.status, 400, body);
      assert.equal(res.body.error, 'BAD_REQUEST', body);
    }
  });

  test('oversized bodies are 413', async () => {
    const res = await postJson(sim.url, { username: 'x'.repeat(20_000), password: 'y' });
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'PAYLOAD_TOO_LARGE');
  });

  test('every fixture account answers its enterprise', async () => {
    for (const a of nationalTestAccounts) {
      const res = await postJson(sim.url, { username: a.username, password: a.password });
      assert.equal(res.status, 200, a.username);
      assert.deepEqual(res.body, { enterprise: nationalTestEnterprise(a.nationalId) });
    }
  });

  test('every unlocked fixture card answers its enterprise', async () => {
    for (const c of nationalTestCards.filter((card) => !card.locked)) {
      const res = await postJson(sim.url, { cardNo: c.cardNo, pin: c.pin });
      assert.equal(res.status, 200, c.cardNo);
      assert.deepEqual(res.body, { enterprise: nationalTestEnterprise(c.nationalId) });
    }
  });

  test('error vocabulary and statuses', async () => {
    const account = nationalTestAccounts[0];
    assert.deepEqual(await postJson(sim.url, { username: 'nobody', password: 'x' }), { status: 404, body: { error: 'ACCOUNT_UNKNOWN' } });
    assert.deepEqual(await postJson(sim.url, { username: account.username, password: `${account.password}!` }), { status: 401, body: { error: 'PASSWORD_WRONG' } });
    assert.deepEqual(await postJson(sim.url, { cardNo: '8899999999999999', pin: '000000' }), { status: 404, body: { error: 'CARD_UNKNOWN' } });
    const locked = nationalTestCards.find((c) => c.locked)!;
    assert.deepEqual(await postJson(sim.url, { cardNo: locked.cardNo, pin: locked.pin }), { status: 423, body: { error: 'CARD_LOCKED' } });
  });

  test(`a card locks after ${NATIONAL_CARD_MAX_PIN_ATTEMPTS} consecutive wrong PINs; a right PIN resets the count`, async () => {
    const own = await startNationalSimulator();
    try {
      const card = nationalTestCards.find((c) => !c.locked)!;
      const wrong = { cardNo: card.cardNo, pin: '000000' };
      const right = { cardNo: card.cardNo, pin: card.pin };
      // Four wrong, one right: the count starts over.
      for (let i = 1; i < NATIONAL_CARD_MAX_PIN_ATTEMPTS; i++) assert.equal((await postJson(own.url, wrong)).body.error, 'PIN_WRONG');
      assert.equal((await postJson(own.url, right)).status, 200);
      for (let i = 1; i <= NATIONAL_CARD_MAX_PIN_ATTEMPTS; i++) {
        assert.deepEqual(await postJson(own.url, wrong), { status: 401, body: { error: 'PIN_WRONG', remainingAttempts: NATIONAL_CARD_MAX_PIN_ATTEMPTS - i } });
      }
      assert.deepEqual(await postJson(own.url, right), { status: 423, body: { error: 'CARD_LOCKED' } });
      assert.deepEqual(await postJson(own.url, wrong), { status: 423, body: { error: 'CARD_LOCKED' } });
      // Lock state is per instance: the shared simulator still accepts the card.
      assert.equal((await postJson(sim.url, right)).status, 200);
    } finally {
      await own.close();
    }
  });

  test('delayMs delays the answer; close() does not wait for it', async () => {
    const slow = await startNationalSimulator({ delayMs: 300 });
    const account = nationalTestAccounts[0];
    const started = Date.now();
    const res = await postJson(slow.url, { username: account.username, password: account.password });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 280);
    const pending = postJson(slow.url, { username: account.username, password: account.password }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const closing = Date.now();
    await slow.close();
    assert.ok(Date.now() - closing < 250, 'close() returned promptly');
    assert.ok((await pending) instanceof Error, 'the pending request was dropped');
  });

  test('close() is idempotent and the port stops answering', async () => {
    const s = await startNationalSimulator();
    await fetch(`${s.url}/health`); // leaves a keep-alive connection open
    await Promise.all([s.close(), s.close()]);
    await assert.rejects(fetch(`${s.url}/health`));
  });
});
