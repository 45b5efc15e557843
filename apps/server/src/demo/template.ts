import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { loadConfig } from '../config.ts';
import { systemClock } from '../platform/clock.ts';
import { openPglite, pgliteHandle } from '../platform/db.ts';
import type { Deps } from '../platform/deps.ts';
import { startEventBus } from '../platform/events.ts';
import { migrate } from '../platform/migrate.ts';
import { ensureTemplate, templateCacheDir } from '../platform/pglite-template.ts';
import { createNationalAccountClient } from '../modules/identity/national-account/index.ts';
import { DEMO_PLATFORM_ADMIN_PASSWORD, prepareDatabase } from './seed.ts';
import { demoTemplateDir } from './template-dir.ts';

/*
 * The demo database of a fresh `npm start`, made at install time: migrated, with the platform
 * administrator and the demo data already in it. Seeding it at every first start hashed six
 * passwords (scrypt, ~0.1 s of CPU each) and ran the filing workflow; a new data directory now
 * starts as a copy of this one (platform/prepared-data-dir.ts), and the seed at start finds its
 * rows. The hashes are the ordinary ones — the demo passwords are public.
 */

/** Makes the demo template once (from the migrated template) and reuses it while its inputs are unchanged. */
export async function ensureDemoTemplate(): Promise<string> {
  // The default demo configuration, whatever the installing shell's environment says.
  const config = loadConfig({});
  const dir = await demoTemplateDir(config.platformAdmin.username);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;

  const building = `${dir}.${process.pid}.building`;
  await rm(building, { recursive: true, force: true });
  const handle = pgliteHandle(await openPglite({ dataDir: building, loadDataDir: new Blob([await readFile(await ensureTemplate())]) }));
  let seeded = false;
  try {
    await migrate(handle);
    const events = await startEventBus(handle);
    const deps: Deps = {
      events,
      db: handle.db,
      handle,
      clock: systemClock,
      config,
      // The demo data is a standalone enterprise and platform staff: the national service is never asked.
      national: createNationalAccountClient({ baseUrl: 'http://127.0.0.1:9' }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    await prepareDatabase(deps, { username: config.platformAdmin.username, password: DEMO_PLATFORM_ADMIN_PASSWORD }, true);
    await events.close();
    seeded = true;
  } finally {
    // A clean shutdown (checkpoint): a copy starts without recovery.
    await handle.close();
    if (!seeded) await rm(building, { recursive: true, force: true });
  }
  await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
    // Another process made the same template first.
    if (!existsSync(path.join(dir, 'PG_VERSION'))) throw error;
    await rm(building, { recursive: true, force: true });
  });
  await removeStaleDemoTemplates(dir);
  return dir;
}

/** Demo templates (and their spares) of earlier migrations or demo data are never used again (each is ~40 MB). */
async function removeStaleDemoTemplates(current: string): Promise<void> {
  for (const name of await readdir(templateCacheDir)) {
    const template = /^(pglite-[0-9a-f]+-demo-[0-9a-f]+)(\.|$)/.exec(name)?.[1];
    if (template && path.join(templateCacheDir, template) !== current) {
      await rm(path.join(templateCacheDir, name), { recursive: true, force: true });
    }
  }
}
