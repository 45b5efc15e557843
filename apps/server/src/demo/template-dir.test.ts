import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { demoTemplateDir } from './template-dir.ts';

test('the demo database is made anew when the code that writes its rows changes, not for a test or another file', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cw-demo-src-'));
  try {
    const modules = path.join(root, 'modules');
    mkdirSync(path.join(modules, 'notifications'), { recursive: true });
    const notify = path.join(modules, 'notifications', 'notify.ts');
    writeFileSync(notify, "export const title = '备案审核通过';\n");
    const dir = () => demoTemplateDir('platform', [modules]);
    const first = await dir();
    assert.equal(await dir(), first, 'the same sources, the same database');

    writeFileSync(path.join(modules, 'notifications', 'notify.test.ts'), 'test');
    writeFileSync(path.join(modules, 'README.md'), 'notes');
    assert.equal(await dir(), first, 'tests and other files do not count');

    writeFileSync(notify, "export const title = '车辆备案审核通过';\n");
    const changed = await dir();
    assert.notEqual(changed, first, 'a module that writes the rows changed');
    assert.notEqual(await demoTemplateDir('admin2', [modules]), changed, 'another platform administrator');
    assert.match(changed, /pglite-[0-9a-f]+-demo-[0-9a-f]{12}$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
