import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/*
 * A new embedded database from a prepared data directory (the demo database made at install
 * time). A PostgreSQL data directory is about a thousand small files, and creating them costs
 * 0.3–1 s on a busy disk — most of a fresh start. So a spare copy waits next to the template: a
 * fresh start moves it into place (one rename), and the next spare is made once that server is
 * up (prepareSpareDataDir), off the start's path. Without a spare (taken by a start a moment ago,
 * or on another file system) the start copies the template itself.
 */

/** The copy a fresh start takes instead of copying `prepared` itself. */
export function spareOf(prepared: string): string {
  return `${prepared}.spare`;
}

/** Makes `dir` (missing or empty) a copy of `prepared`: the spare moved into place, else a fresh copy. */
export async function placePreparedDataDir(prepared: string, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  await rmdir(dir).catch(() => undefined);
  try {
    await rename(spareOf(prepared), dir);
    return;
  } catch (error) {
    // None waiting (ENOENT), or the data directory is on another file system (EXDEV).
    if (!['ENOENT', 'EXDEV'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  await copyIntoPlace(prepared, dir);
}

/** Makes the spare of `prepared` unless one is there already. */
export async function prepareSpareDataDir(prepared: string): Promise<void> {
  const spare = spareOf(prepared);
  if (existsSync(spare) || !existsSync(path.join(prepared, 'PG_VERSION'))) return;
  await removeAbandonedCopies(spare);
  await copyIntoPlace(prepared, spare).catch(async (error: NodeJS.ErrnoException) => {
    // Another server made it at the same moment: theirs is as good.
    if (!existsSync(spare)) throw error;
  });
}

/**
 * Copies next to the target, then renames into place: a copy interrupted halfway leaves no half
 * database that a later start would take for a whole one.
 */
async function copyIntoPlace(from: string, to: string): Promise<void> {
  const staging = `${to}.${process.pid}.copying`;
  await rm(staging, { recursive: true, force: true });
  try {
    await copyDirectory(from, staging);
    await rename(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Copies of processes that died mid-copy (killed, or the machine stopped). */
async function removeAbandonedCopies(target: string): Promise<void> {
  const prefix = `${path.basename(target)}.`;
  for (const name of await readdir(path.dirname(target))) {
    const pid = name.startsWith(prefix) && name.endsWith('.copying') ? Number(name.slice(prefix.length, -'.copying'.length)) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * File by file, two at a time: fs.cp (per-file checks in JS) is several times slower, and more
 * at once would fill the thread pool that module loading and a running server's reads use too.
 */
async function copyDirectory(from: string, to: string): Promise<void> {
  const files: [string, string][] = [];
  const walk = async (source: string, target: string): Promise<void> => {
    await mkdir(target, { recursive: true });
    for (const entry of await readdir(source, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(path.join(source, entry.name), path.join(target, entry.name));
      else files.push([path.join(source, entry.name), path.join(target, entry.name)]);
    }
  };
  await walk(from, to);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [source, target] = files[next++];
      await copyFile(source, target);
    }
  };
  await Promise.all([worker(), worker()]);
}
