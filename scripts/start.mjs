// `npm start`: the built server with the built web app; rebuilds either first if its sources changed.
import { spawn, spawnSync } from 'node:child_process';

import { buildServer, serverBuildIsStale, serverEntry } from './build-server.mjs';
import { root, webBuildIsStale } from './lib.mjs';

if (webBuildIsStale()) {
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (serverBuildIsStale()) await buildServer();
const server = spawn(process.execPath, ['--enable-source-maps', serverEntry, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
