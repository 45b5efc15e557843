import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

const src = fileURLToPath(new URL('../..', import.meta.url));
/** The screens whose strings live in features/appointments/i18n.ts and features/gate/i18n.ts. */
const roots = ['pages/appointments', 'pages/terminal', 'pages/gate', 'pages/admin-terminals', 'features/appointments', 'features/gate'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function lookup(resources: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), resources);
}

const sources = roots.flatMap((root) => files(path.join(src, root))).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

test('every literal t() key of these screens exists in zh-CN and en', () => {
  const missing: string[] = [];
  for (const { file, text } of sources) {
    for (const match of text.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) {
      const key = match[1];
      for (const [language, resources] of [['zh-CN', zhCN], ['en', en]] as const) {
        if (typeof lookup(resources, key) !== 'string') missing.push(`${language} ${key} (${path.relative(src, file)})`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('every templated t() key prefix names a group of strings', () => {
  const missing: string[] = [];
  for (const { file, text } of sources) {
    for (const match of text.matchAll(/\bt\(`([a-zA-Z]+\.[a-zA-Z0-9_.]+)\.\$\{/g)) {
      for (const [language, resources] of [['zh-CN', zhCN], ['en', en]] as const) {
        const node = lookup(resources, match[1]);
        if (!node || typeof node !== 'object') missing.push(`${language} ${match[1]} (${path.relative(src, file)})`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
