// The built web app as the server sends it: compressed copies to browsers that accept them, the
// file itself to those that do not, and index.html for the app's own paths.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import type { FastifyInstance } from 'fastify';

import { buildApp } from './app.ts';
import { createTestContext, type TestContext } from './testing/test-app.ts';

const script = Buffer.from('console.log("提/交货预约查询");\n'.repeat(200));
const page = Buffer.from(`<!doctype html><html lang="zh-CN"><title>机场货运预约</title>${'<p>空车确认</p>'.repeat(100)}</html>`);

let ctx: TestContext;
let app: FastifyInstance;
let web: string;

before(async () => {
  ctx = await createTestContext();
  // A build as apps/web writes it: each file with its Brotli and gzip copies; a small one without.
  web = mkdtempSync(path.join(tmpdir(), 'cw-web-'));
  mkdirSync(path.join(web, 'assets'));
  for (const [name, body] of [['assets/index-abc.js', script], ['index.html', page]] as const) {
    writeFileSync(path.join(web, name), body);
    writeFileSync(path.join(web, `${name}.br`), brotliCompressSync(body));
    writeFileSync(path.join(web, `${name}.gz`), gzipSync(body));
  }
  writeFileSync(path.join(web, 'assets', 'tiny.css'), 'body{margin:0}');
  app = await buildApp(ctx.deps, { webDist: web });
});

after(async () => {
  await app.close();
  await ctx.close();
  rmSync(web, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

test('a browser that accepts Brotli gets the Brotli copy of a script, one that accepts only gzip the gzip copy', async () => {
  const br = await get('/assets/index-abc.js', 'gzip, deflate, br, zstd');
  assert.equal(br.statusCode, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers['content-type']), /javascript/);
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.deepEqual(br.rawPayload, brotliCompressSync(script));
  assert.ok(br.rawPayload.length < script.length / 5);

  const gz = await get('/assets/index-abc.js', 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gz.rawPayload, gzipSync(script));
});

test('a client that accepts no compression gets the file itself', async () => {
  const plain = await get('/assets/index-abc.js');
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(String(plain.headers.vary), /accept-encoding/i);
  assert.deepEqual(plain.rawPayload, script);
});

test('the app\'s own paths get index.html compressed too, with the page headers', async () => {
  for (const url of ['/', '/appointments/new']) {
    const res = await get(url, 'gzip, br');
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-encoding'], 'br', url);
    assert.deepEqual(res.rawPayload, brotliCompressSync(page), url);
    assert.match(String(res.headers.vary), /accept-encoding/i, url);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/, url);
  }
});

test('a file built without compressed copies is sent as it is, even to a browser that accepts them', async () => {
  const res = await get('/assets/tiny.css', 'gzip, br');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body, 'body{margin:0}');
});
