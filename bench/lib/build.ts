import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** Another commit's server, built in a worktree of its own: the other side of a `--versus` run. */
export interface VersusBuild {
  /** The commit's short hash, for the report. */
  commit: string;
  /** The temporary worktree it is built in. */
  dir: string;
  script: string;
  remove(): void;
}

/**
 * Checks `rev` out into a temporary worktree sharing this checkout's node_modules and builds its
 * server there, so that two versions of our server can be measured side by side in one run.
 */
export function buildVersus(rev: string): VersusBuild {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short', `${rev}^{commit}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-versus-'));
  git('worktree', 'add', '--detach', dir, commit);
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', dir);
    } catch {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    for (const modules of ['node_modules', 'apps/server/node_modules', 'packages/contracts/node_modules']) {
      if (existsSync(path.join(root, modules)) && existsSync(path.dirname(path.join(dir, modules)))) symlinkSync(path.join(root, modules), path.join(dir, modules));
    }
    execFileSync(process.execPath, ['--input-type=module', '-e', `await (await import(${JSON.stringify(pathToFileURL(path.join(dir, 'scripts/build-server.mjs')).href)})).buildServer()`], { cwd: dir, stdio: 'inherit' });
  } catch (error) {
    remove();
    throw error;
  }
  return { commit, dir, script: path.join(dir, OURS_SCRIPT), remove };
}
