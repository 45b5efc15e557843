// Builds the server for `npm start`: its TypeScript sources and the shared contracts bundled into
// apps/server/dist (dependencies stay in node_modules), so that a start loads plain JavaScript
// instead of compiling every module through tsx (docs/performance.md, cold start and memory).
// Run by `npm install` and, when the sources changed since, by `npm start`.
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { newestMtime, root } from './lib.mjs';

export const serverDist = path.join(root, 'apps/server/dist');
export const serverEntry = path.join(serverDist, 'main.mjs');
const sources = ['apps/server/src', 'packages/contracts/src', 'apps/server/package.json', 'packages/contracts/package.json', 'scripts/build-server.mjs'];

/** True when the built server is missing or older than its sources. */
export function serverBuildIsStale() {
  if (!existsSync(serverEntry)) return true;
  return newestMtime(sources.map((p) => path.join(root, p))) > statSync(serverEntry).mtimeMs;
}

/** esbuild's options for a Node process of ours: its TypeScript bundled, packages loaded from node_modules as they are. */
export const nodeBundle = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' };

export async function buildServer() {
  const { build } = await import('esbuild');
  rmSync(serverDist, { recursive: true, force: true });
  await build({
    ...nodeBundle,
    entryPoints: [path.join(root, 'apps/server/src/main.ts')],
    outdir: serverDist,
    outExtension: { '.js': '.mjs' },
    // The entry's `import('./server.ts')` stays a separate chunk: the database opens while it loads.
    splitting: true,
    // The workspace's own packages are TypeScript: bundled with the server.
    plugins: [{
      name: 'workspace-packages',
      setup(b) {
        b.onResolve({ filter: /^@cargo-window\/contracts$/ }, () => ({ path: path.join(root, 'packages/contracts/src/index.ts') }));
      },
    }],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  await buildServer();
  console.log(`server built into ${path.relative(root, serverDist)} in ${Math.round(performance.now() - started)} ms`);
}
