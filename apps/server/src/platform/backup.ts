import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { openPglite } from './db.ts';

/** Where the embedded database lives inside DATA_DIR. */
export function embeddedDir(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

/**
 * Writes a compressed copy of the embedded database. Run it with the server stopped: the embedded
 * database belongs to one process at a time.
 */
export async function backupEmbedded(dataDir: string, outFile: string): Promise<{ file: string; bytes: number }> {
  const dir = embeddedDir(dataDir);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) throw new Error(`no embedded database in ${dir}`);
  const client = await openPglite({ dataDir: dir });
  try {
    const dump = await client.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
    await writeFile(outFile, bytes);
    return { file: path.resolve(outFile), bytes: bytes.length };
  } finally {
    await client.close();
  }
}

/** Replaces the embedded database by a backup; the current one is kept aside, never deleted. */
export async function restoreEmbedded(dataDir: string, backupFile: string, now = new Date()): Promise<{ keptAside: string | null }> {
  const dir = embeddedDir(dataDir);
  const backup = new Blob([await readFile(backupFile)]);
  let keptAside: string | null = null;
  if (existsSync(dir)) {
    keptAside = `${dir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    await rename(dir, keptAside);
  }
  await mkdir(dir, { recursive: true });
  const client = await openPglite({ dataDir: dir, loadDataDir: backup });
  try {
    await client.query('select 1');
  } finally {
    await client.close();
  }
  return { keptAside };
}
