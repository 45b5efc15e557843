import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { inRepo } from '../platform/repo-paths.ts';
import { migrationsHash, templateCacheDir } from '../platform/template-paths.ts';

/**
 * What the demo rows are made by, read from the repository (also by the built server): the seed
 * names the demo data, and the server's modules and the shared contracts write its rows (a
 * notice's text and data, say), so a change to any of them makes a new demo database.
 */
const SOURCES = [inRepo('apps', 'server', 'src', 'demo'), inRepo('apps', 'server', 'src', 'modules'), inRepo('packages', 'contracts', 'src')];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The directory of the demo database (template.ts) for the current migrations, demo data (and the
 * code that writes it) and platform administrator; another administrator name
 * (PLATFORM_ADMIN_USERNAME) has none. Light on purpose: a start looks it up before the database
 * code has loaded.
 */
export async function demoTemplateDir(adminUsername: string, sources: readonly string[] = SOURCES): Promise<string> {
  const files = (await Promise.all(sources.map(sourceFiles))).flat();
  const contents = await Promise.all(files.map((file) => readFile(file)));
  const digest = createHash('sha256');
  files.forEach((file, i) => digest.update(path.relative(inRepo(), file)).update('\0').update(contents[i]).update('\0'));
  const hash = digest.update(adminUsername).digest('hex').slice(0, 12);
  return path.join(templateCacheDir, `pglite-${await migrationsHash()}-demo-${hash}`);
}
