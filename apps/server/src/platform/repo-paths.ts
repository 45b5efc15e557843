import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: the nearest directory above this module that holds `db/migrations`.
 * Found rather than counted, so that it is the same from the sources (run through tsx) and from
 * the built server (`apps/server/dist`, one bundle whose modules all share one URL).
 */
function findRoot(from: string): string {
  for (let dir = from; ; ) {
    if (existsSync(path.join(dir, 'db', 'migrations'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no db/migrations above ${from}`);
    dir = up;
  }
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the repository. */
export const inRepo = (...parts: string[]): string => path.join(repoRoot, ...parts);
