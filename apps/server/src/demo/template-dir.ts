import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { inRepo } from '../platform/repo-paths.ts';
import { migrationsHash, templateCacheDir } from '../platform/template-paths.ts';

// The seed's source names the demo data: read from the repository, also by the built server.
const SEED_SOURCE = inRepo('apps', 'server', 'src', 'demo', 'seed.ts');

/**
 * The directory of the demo database (template.ts) for the current migrations, demo data and
 * platform administrator; another administrator name (PLATFORM_ADMIN_USERNAME) has none. Light
 * on purpose: a start looks it up before the database code has loaded.
 */
export async function demoTemplateDir(adminUsername: string): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(SEED_SOURCE))
    .update('\0')
    .update(adminUsername)
    .digest('hex')
    .slice(0, 12);
  return path.join(templateCacheDir, `pglite-${await migrationsHash()}-demo-${hash}`);
}
