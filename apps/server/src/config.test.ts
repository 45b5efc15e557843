import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConfigError, loadConfig } from './config.ts';

test('demo mode when no DATABASE_URL: embedded database, demo data seeded', () => {
  const config = loadConfig({});
  assert.equal(config.demoMode, true);
  assert.equal(config.seedDemo, true);
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, './data');
});

test('production mode requires a strong platform administrator password', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://db/cw' }), (e: Error) => e instanceof ConfigError && /PLATFORM_ADMIN_PASSWORD: required/.test(e.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://db/cw', PLATFORM_ADMIN_PASSWORD: 'short1' }), /too weak/);
  const config = loadConfig({ DATABASE_URL: 'postgres://db/cw', PLATFORM_ADMIN_PASSWORD: 'a-long-passw0rd-here' });
  assert.equal(config.demoMode, false);
  assert.equal(config.seedDemo, false);
});

test('every bad value is reported at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe' }),
    (e: Error) => ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SEED_DEMO'].every((name) => e.message.includes(name)),
  );
});

test('empty variables count as unset', () => {
  assert.equal(loadConfig({ DATABASE_URL: '', PORT: '' }).demoMode, true);
});

test('the embedded database buffer pool: 32 MB unless set, a whole number of MB from 1 to 1024', () => {
  assert.equal(loadConfig({}).embeddedBuffersMb, 32);
  assert.equal(loadConfig({ EMBEDDED_DB_BUFFERS_MB: '128' }).embeddedBuffersMb, 128);
  for (const bad of ['0', '2048', '1.5', 'lots']) assert.throws(() => loadConfig({ EMBEDDED_DB_BUFFERS_MB: bad }), /EMBEDDED_DB_BUFFERS_MB/);
});
