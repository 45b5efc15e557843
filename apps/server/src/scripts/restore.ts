// npm run restore -- FILE: replaces the embedded database by a backup (stop the server first);
// the current database is moved aside, not deleted.
import { loadConfig } from '../config.ts';
import { restoreEmbedded } from '../platform/backup.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- backups/cargo-window-....tar.gz');
  process.exit(2);
}
const config = loadConfig();
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: restore PostgreSQL with pg_restore -d "$DATABASE_URL" cargo-window.dump');
  process.exit(2);
}
const { keptAside } = await restoreEmbedded(config.dataDir, file);
console.log(`restored from ${file}${keptAside ? `; the previous database is kept in ${keptAside}` : ''}`);
