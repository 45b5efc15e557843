// `npm test`: every suite — unit and server tests on the embedded database, the server tests again
// on PostgreSQL, and the browser end-to-end tests — then one closing line `N passed, N failed`.
// REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (set by CI) turn a missing database or browser into a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

import { buildServer, serverBuildIsStale } from './build-server.mjs';
import { findFiles, root } from './lib.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const required = (name) => process.env[name] === '1' || process.env[name] === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function postgresUrl() {
  return new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const unitAndServer = [...findFiles(path.join(root, 'packages'), '.test.ts'), ...findFiles(path.join(root, 'apps/server/src'), '.test.ts'), ...findFiles(path.join(root, 'apps/web/src'), '.test.ts'), ...findFiles(path.join(root, 'scripts'), '.test.mjs')];
const server = findFiles(path.join(root, 'apps/server/src'), '.test.ts');
const e2e = findFiles(path.join(root, 'e2e'), '.test.ts');

const suites = [
  { name: 'unit + server (embedded PGlite)', files: unitAndServer, env: { TEST_DB: 'pglite' } },
  {
    name: 'server (PostgreSQL)',
    files: server,
    env: { TEST_DB: 'postgres' },
    precondition: async () => {
      const url = postgresUrl();
      return (await reachable(url.hostname, url.port || 5432)) ? null : `PostgreSQL not reachable at ${url.host}`;
    },
    requiredBy: 'REQUIRE_POSTGRES',
  },
  {
    name: 'browser end-to-end (Chromium)',
    files: e2e,
    env: { CHROMIUM_PATH: chromium },
    // Two files at a time: one leaves part of the machine idle (the accessibility file alone keeps
    // two cores about 70 % busy; pages wait on the server, on timers and on each other); with three
    // the renderers take both cores and each test runs twice as long. E2E_CONCURRENCY=1 to watch
    // one file alone.
    concurrency: Number(process.env.E2E_CONCURRENCY ?? 2),
    precondition: async () => (existsSync(chromium) ? null : `no browser at ${chromium} (apt-get install -y chromium)`),
    requiredBy: 'REQUIRE_BROWSER',
    before: ['npm', ['run', 'build', '--silent', '-w', 'apps/web']],
  },
];

function run(command, commandArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function countTap(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const get = (key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { pass: get('pass'), fail: get('fail') + get('cancelled'), skipped: get('skipped'), todo: get('todo') };
}

// The end-to-end and reliability tests run the built server, as `npm start` does: build it from the current sources.
if (serverBuildIsStale()) await buildServer();

const totals = { pass: 0, fail: 0, skipped: 0 };
const problems = [];
const dir = mkdtempSync(path.join(tmpdir(), 'cw-test-'));
for (const [index, suite] of suites.entries()) {
  if (only && !suite.name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n=== ${suite.name}: ${suite.files.length} files ===`);
  if (suite.files.length === 0) continue;
  const missing = suite.precondition ? await suite.precondition() : null;
  if (missing) {
    if (required(suite.requiredBy)) {
      problems.push(`${suite.name}: required but ${missing}`);
      totals.fail += 1;
    } else {
      console.log(`SKIPPED ${suite.name}: ${missing}`);
      totals.skipped += suite.files.length;
    }
    continue;
  }
  if (suite.before) {
    const code = await run(suite.before[0], suite.before[1], {});
    if (code !== 0) {
      problems.push(`${suite.name}: preparation failed`);
      totals.fail += 1;
      continue;
    }
  }
  const tap = path.join(dir, `suite-${index}.tap`);
  const code = await run(
    process.execPath,
    [
      '--import', 'tsx', '--test',
      `--test-concurrency=${suite.concurrency ?? 2}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...suite.files.map((f) => path.relative(root, f)),
    ],
    suite.env,
  );
  const counts = countTap(tap);
  totals.pass += counts.pass;
  totals.fail += counts.fail;
  totals.skipped += counts.skipped;
  if (code !== 0 && counts.fail === 0) {
    problems.push(`${suite.name}: test runner exited with ${code}`);
    totals.fail += 1;
  }
  console.log(`--- ${suite.name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped`);
}
for (const problem of problems) console.log(`FAILED ${problem}`);
console.log(`${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail > 0 ? 1 : 0);
