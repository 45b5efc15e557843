import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../platform/errors.ts';
import { nationalTestAccounts, nationalTestCards, nationalTestEnterprise } from './fixtures.ts';
import { createNationalAccountClient } from './http-client.ts';
import { NATIONAL_CARD_MAX_PIN_ATTEMPTS, startNationalSimulator, type NationalSimulator } from './simulator.ts';
import type { NationalAccountService, NationalCredentials } from './types.ts';

/** Rejects with an AppError of `code`; returns it for further checks. */
async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AppError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

/** A throwaway server answering every request with `status` and raw `body`. */
async function stubServer(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('national account HTTP client against the simulator', () => {
  let sim: NationalSimulator;
  let client: NationalAccountService;
  before(async () => {
    sim = await startNationalSimulator();
    client = createNationalAccountClient({ baseUrl: sim.url, timeoutMs: 2000 });
  });
  after(() => sim.close());

  test('each fixture account verifies to its enterprise', async () => {
    for (const a of nationalTestAccounts) {
      assert.deepEqual(await client.verify({ username: a.username, password: a.password }), nationalTestEnterprise(a.nationalId), a.username);
    }
  });

  test('each unlocked fixture card verifies to its enterprise', async () => {
    for (const c of nationalTestCards.filter((card) => !card.locked)) {
      assert.deepEqual(await client.verify({ cardNo: c.cardNo, pin: c.pin }), nationalTestEnterprise(c.nationalId), c.cardNo);
    }
  });

  test('an account and a card resolve to the same enterprise', async () => {
    const byAccount = await client.verify({ username: 'ktd_admin', password: 'Kt@2019ds' });
    const byCard = await client.verify({ cardNo: '8800000000000001', pin: '123456' });
    assert.equal(byAccount.nationalId, byCard.nationalId);
    assert.equal(byAccount.uscc, byCard.uscc);
  });

  test('a trailing slash on baseUrl is fine', async () => {
    const slashed = createNationalAccountClient({ baseUrl: `${sim.url}/` });
    const a = nationalTestAccounts[0];
    assert.equal((await slashed.verify({ username: a.username, password: a.password })).nationalId, a.nationalId);
  });

  test('unknown account', async () => {
    await rejectsWith(client.verify({ username: 'no_such_admin', password: 'Whatever1' }), 'NATIONAL_ACCOUNT_UNKNOWN');
  });

  test('wrong password', async () => {
    await rejectsWith(client.verify({ username: 'ktd_admin', password: 'kt@2019ds' }), 'NATIONAL_PASSWORD_WRONG');
  });

  test('unknown card', async () => {
    await rejectsWith(client.verify({ cardNo: '8800000000009999', pin: '123456' }), 'NATIONAL_CARD_UNKNOWN');
  });

  test('wrong PIN carries the remaining attempts', async () => {
    const error = await rejectsWith(client.verify({ cardNo: '8800000000000002', pin: '999999' }), 'NATIONAL_CARD_PIN_WRONG');
    assert.equal(error.extensions?.remainingAttempts, NATIONAL_CARD_MAX_PIN_ATTEMPTS - 1);
    // A right PIN resets the count for the remaining tests.
    await client.verify({ cardNo: '8800000000000002', pin: '246810' });
  });

  test('the fixture locked card', async () => {
    const locked = nationalTestCards.find((c) => c.locked)!;
    await rejectsWith(client.verify({ cardNo: locked.cardNo, pin: locked.pin }), 'NATIONAL_CARD_LOCKED');
  });

  test(`lock after ${NATIONAL_CARD_MAX_PIN_ATTEMPTS} wrong PINs`, async () => {
    const own = await startNationalSimulator();
    try {
      const ownClient = createNationalAccountClient({ baseUrl: own.url });
      const card = nationalTestCards.find((c) => !c.locked)!;
      for (let i = 0; i < NATIONAL_CARD_MAX_PIN_ATTEMPTS; i++) {
        await rejectsWith(ownClient.verify({ cardNo: card.cardNo, pin: '000000' }), 'NATIONAL_CARD_PIN_WRONG');
      }
      await rejectsWith(ownClient.verify({ cardNo: card.cardNo, pin: card.pin }), 'NATIONAL_CARD_LOCKED');
    } finally {
      await own.close();
    }
  });

  test('service down (closed simulator)', async () => {
    const gone = await startNationalSimulator();
    await gone.close();
    const error = await rejectsWith(
      createNationalAccountClient({ baseUrl: gone.url }).verify({ username: 'ktd_admin', password: 'Kt@2019ds' }),
      'NATIONAL_SERVICE_UNAVAILABLE',
    );
    assert.equal(error.extensions?.reason, 'network');
    assert.equal(error.status, 503);
  });

  test('timeout (simulator slower than the client budget)', async () => {
    const slow = await startNationalSimulator({ delayMs: 1000 });
    try {
      const started = Date.now();
      const error = await rejectsWith(
        createNationalAccountClient({ baseUrl: slow.url, timeoutMs: 150 }).verify({ cardNo: '8800000000000001', pin: '123456' }),
        'NATIONAL_SERVICE_UNAVAILABLE',
      );
      assert.equal(error.extensions?.reason, 'timeout');
      assert.ok(Date.now() - started < 900, 'gave up before the simulator answered');
    } finally {
      await slow.close();
    }
  });

  test('a wrong base URL (404 route) is unavailable, not "unknown account"', async () => {
    await rejectsWith(
      createNationalAccountClient({ baseUrl: `${sim.url}/nope` }).verify({ username: 'ktd_admin', password: 'Kt@2019ds' }),
      'NATIONAL_SERVICE_UNAVAILABLE',
    );
  });

  test('bad options are refused at construction', () => {
    assert.throws(() => createNationalAccountClient({ baseUrl: 'not a url' }));
    assert.throws(() => createNationalAccountClient({ baseUrl: sim.url, timeoutMs: 0 }), RangeError);
  });
});

describe('national account HTTP client against a misbehaving service', () => {
  const good = nationalTestEnterprise(nationalTestAccounts[0].nationalId);
  const { customsCode: _omit, ...withoutCustomsCode } = good;
  const cases: [string, number, string][] = [
    ['5xx', 503, JSON.stringify({ error: 'MAINTENANCE' })],
    ['500 with a success-looking body', 500, JSON.stringify({ enterprise: good })],
    ['malformed JSON', 200, '{"enterprise": {'],
    ['empty body', 200, ''],
    ['success without enterprise', 200, JSON.stringify({ ok: true })],
    ['enterprise missing a field', 200, JSON.stringify({ enterprise: withoutCustomsCode })],
    ['enterprise with a wrong type', 200, JSON.stringify({ enterprise: { ...good, contactPhone: 13810012345 } })],
    ['enterprise with an empty name', 200, JSON.stringify({ enterprise: { ...good, name: '' } })],
    ['4xx with an unknown error', 409, JSON.stringify({ error: 'SOMETHING_ELSE' })],
    ['4xx without JSON', 401, 'Unauthorized'],
    ['400 BAD_REQUEST', 400, JSON.stringify({ error: 'BAD_REQUEST' })],
  ];

  for (const [name, status, body] of cases) {
    test(`${name} → NATIONAL_SERVICE_UNAVAILABLE`, async () => {
      const stub = await stubServer(status, body);
      try {
        const credentials: NationalCredentials = { username: 'ktd_admin', password: 'Kt@2019ds' };
        await rejectsWith(createNationalAccountClient({ baseUrl: stub.url }).verify(credentials), 'NATIONAL_SERVICE_UNAVAILABLE');
      } finally {
        await stub.close();
      }
    });
  }

  test('extra upstream fields are dropped and null fields kept', async () => {
    const stub = await stubServer(200, JSON.stringify({ enterprise: { ...good, customsCode: null, address: null, secret: 'x' } }));
    try {
      const enterprise = await createNationalAccountClient({ baseUrl: stub.url }).verify({ cardNo: '1', pin: '2' });
      assert.deepEqual(enterprise, { ...good, customsCode: null, address: null });
    } finally {
      await stub.close();
    }
  });
});
