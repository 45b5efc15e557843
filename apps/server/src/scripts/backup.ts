// npm run backup [-- --out FILE]: a copy of the embedded database (stop the server first).
// For PostgreSQL use pg_dump, as the README says.
import { parseArgs } from 'node:util';

import { loadConfig } from '../config.ts';
import { backupEmbedded } from '../platform/backup.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = loadConfig();
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back PostgreSQL up with pg_dump -Fc "$DATABASE_URL" > cargo-window.dump');
  process.exit(2);
}
const out = values.out ?? `backups/cargo-window-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
const result = await backupEmbedded(config.dataDir, out);
console.log(`backup written: ${result.file} (${Math.round(result.bytes / 1024)} KiB)`);
