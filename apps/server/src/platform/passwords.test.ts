import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { cheapPasswordHashesForTests, decoyHash, hashPassword, PASSWORD_COST, verifyPassword } from './passwords.ts';

// Runs before cheapPasswordHashesForTests(): this process is a test file of its own.
test('a hash is scrypt with N=2^15, r=8, p=1, a fresh 16-byte salt and a 32-byte key', async () => {
  const stored = await hashPassword('Demo@2026');
  const [scheme, n, r, p, salt, key] = stored.split('$');
  assert.deepEqual([scheme, Number(n), Number(r), Number(p)], ['scrypt', 2 ** 15, 8, 1]);
  assert.equal(PASSWORD_COST, 2 ** 15);
  assert.equal(Buffer.from(salt!, 'base64url').length, 16);
  assert.equal(Buffer.from(key!, 'base64url').length, 32);
  assert.notEqual(await hashPassword('Demo@2026'), stored, 'the same password hashes differently each time');
});

test('the right password verifies; a wrong one, another case, a truncated hash or another scheme does not', async () => {
  const stored = await hashPassword('Kt@2019ds');
  assert.equal(await verifyPassword('Kt@2019ds', stored), true);
  assert.equal(await verifyPassword('kt@2019ds', stored), false);
  assert.equal(await verifyPassword('Kt@2019d', stored), false);
  assert.equal(await verifyPassword('Kt@2019ds', stored.split('$').slice(0, 4).join('$')), false);
  assert.equal(await verifyPassword('Kt@2019ds', stored.replace(/^scrypt/, 'bcrypt')), false);
  assert.equal(await verifyPassword('anything', await decoyHash()), false);
});

test('passwords are compared in NFKC: a full-width password typed by an input method is the same password', async () => {
  const stored = await hashPassword('Pass@2026');
  assert.equal(await verifyPassword('Ｐａｓｓ＠２０２６', stored), true);
});

test('the tests\' cheaper hashes: new hashes carry N=2^10, and hashes made at 2^15 still verify', async () => {
  const strong = await hashPassword('Review@2026');
  cheapPasswordHashesForTests();
  const cheap = await hashPassword('Review@2026');
  assert.equal(Number(cheap.split('$')[1]), 2 ** 10);
  assert.equal(await verifyPassword('Review@2026', cheap), true);
  assert.equal(await verifyPassword('Review@2026', strong), true);
  assert.equal(await verifyPassword('Review@2027', strong), false);
});

test('only the test harness makes hashes cheaper: no module the server runs calls it', () => {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const callers = (readdirSync(src, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .filter((file) => readFileSync(path.join(src, file), 'utf8').includes('cheapPasswordHashesForTests();'))
    .map((file) => file.split(path.sep).join('/'));
  assert.deepEqual(callers, ['testing/test-app.ts']);
});
