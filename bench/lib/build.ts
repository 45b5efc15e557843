import path from 'node:path';

import { build } from 'esbuild';

import { buildServer, nodeBundle } from '../../scripts/build-server.mjs';
import { root } from './util.ts';

/** Our server as `npm start` runs it, and the baseline built the same way (no tsx in either process). */
export const OURS_SCRIPT = 'apps/server/dist/main.mjs';
export const BASELINE_SCRIPT = 'bench/dist/baseline-server.mjs';

/** Builds both from the current sources: a run measures what is checked out, not an older build. */
export async function buildServers(): Promise<void> {
  await buildServer();
  await build({ ...nodeBundle, entryPoints: [path.join(root, 'bench/baseline-server.ts')], outfile: path.join(root, BASELINE_SCRIPT) });
}
