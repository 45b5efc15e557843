import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { migrationsHash, templateCacheDir } from '../platform/template-paths.ts';

const SEED_SOURCE = new URL('./seed.ts', import.meta.url);

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
