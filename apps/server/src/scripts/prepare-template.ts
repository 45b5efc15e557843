import { ensureTemplate } from '../platform/pglite-template.ts';

const file = await ensureTemplate();
console.log(`embedded database template ready: ${file}`);
