import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { precompress } from './precompress.ts';

test('each compressible file gets a smaller .br and .gz that decompress to it; small, binary and incompressible files none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-precompress-'));
  try {
    const script = Buffer.from('export const 预约 = () => console.log("提/交货预约查询");\n'.repeat(400));
    const page = Buffer.from(`<!doctype html><html lang="zh-CN"><body>${'<p>空车确认</p>'.repeat(300)}</body></html>`);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), script);
    writeFileSync(path.join(dir, 'index.html'), page);
    writeFileSync(path.join(dir, 'assets', 'small.css'), 'body{margin:0}');
    writeFileSync(path.join(dir, 'icon.png'), randomBytes(8192));
    writeFileSync(path.join(dir, 'assets', 'noise.js'), randomBytes(8192));

    const results = await precompress(dir);

    for (const [name, original] of [['assets/index-abc.js', script], ['index.html', page]] as const) {
      const file = path.join(dir, name);
      const br = readFileSync(`${file}.br`);
      const gz = readFileSync(`${file}.gz`);
      assert.ok(br.length < original.length / 5, `${name}.br is much smaller`);
      assert.ok(gz.length < original.length / 5, `${name}.gz is much smaller`);
      assert.deepEqual(brotliDecompressSync(br), original);
      assert.deepEqual(gunzipSync(gz), original);
      assert.deepEqual(results.find((r) => r.file === file), { file, bytes: original.length, br: br.length, gz: gz.length });
    }
    for (const name of ['assets/small.css', 'icon.png', 'assets/noise.js']) {
      assert.equal(existsSync(path.join(dir, `${name}.br`)), false, `no ${name}.br`);
      assert.equal(existsSync(path.join(dir, `${name}.gz`)), false, `no ${name}.gz`);
    }

    // Run again over its own output: the compressed copies are not compressed again.
    await precompress(dir);
    assert.equal(existsSync(path.join(dir, 'index.html.br.br')), false);
    assert.equal(existsSync(path.join(dir, 'index.html.gz.gz')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
