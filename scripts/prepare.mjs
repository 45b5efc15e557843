// Runs after `npm install`: builds the web app, the server and the migrated embedded-database template, so
// that `npm start` serves at once and a new embedded database does not wait for initdb.
import { spawnSync } from 'node:child_process';

import { buildServer } from './build-server.mjs';
import { root, webBuildIsStale } from './lib.mjs';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (webBuildIsStale()) run('npm', ['run', 'build', '--silent', '-w', 'apps/web']);
await buildServer();
console.log('server built: apps/server/dist');
run(process.execPath, ['--import', 'tsx', 'apps/server/src/scripts/prepare-template.ts']);
