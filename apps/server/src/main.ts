import './runtime-flags.ts';

import pino from 'pino';

import { ConfigError, loadConfig } from './config.ts';
import { demoTemplateDir } from './demo/template-dir.ts';
import { openDatabase } from './platform/open-database.ts';
import { prepareSpareDataDir } from './platform/prepared-data-dir.ts';

/*
 * The entry point. Its imports are the few a start needs to open the database, so the database
 * opens (its data directory put in place, the embedded engine started, migrations checked) while
 * the rest of the server loads (server.ts: the HTTP app, every module, their dependencies)
 * instead of after it.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  // A new demo database is a copy of the one made at install time (already seeded, see
  // demo/template.ts); the bootstrap and seed in server.ts then find their rows and do nothing.
  const prepared = config.seedDemo && config.platformAdmin.password === null ? await demoTemplateDir(config.platformAdmin.username) : null;
  const [handle, { startServer }] = await Promise.all([
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, buffersMb: config.embeddedBuffersMb, prepared, onPoolError: (error) => log.warn({ err: error }, 'database connection lost') }),
    import('./server.ts'),
  ]);
  // The next fresh start's data directory is made once this server is up (prepared-data-dir.ts).
  await startServer(config, log, handle, { afterListen: prepared ? () => prepareSpareDataDir(prepared) : undefined });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
