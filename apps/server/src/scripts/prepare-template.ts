import { ensureDemoTemplate } from '../demo/template.ts';
import { ensureTemplate } from '../platform/pglite-template.ts';
import { prepareSpareDataDir } from '../platform/prepared-data-dir.ts';

const file = await ensureTemplate();
console.log(`embedded database template ready: ${file}`);
// What a fresh demo start (`npm start`, no DATABASE_URL) starts from instead of seeding: the demo
// database, and a spare copy of it to move into place (platform/prepared-data-dir.ts).
const demo = await ensureDemoTemplate();
await prepareSpareDataDir(demo);
console.log(`demo database template ready: ${demo}`);
