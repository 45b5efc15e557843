import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { acceptedCoding, codedTag, compressedBody } from './content-coding.ts';
import { entityTagOf } from './entity-tags.ts';

test('the coding follows Accept-Encoding: Brotli first, weights honoured, q=0 refuses', () => {
  const cases: [string | string[] | undefined, 'br' | 'gzip' | null][] = [
    // What Chromium, Firefox and Safari send.
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, br;q=0.4', 'gzip'],
    ['gzip;q=0.4, br;q=0.5', 'br'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['*;q=0', null],
    ['gzip;q=0, br;q=0', null],
    ['identity', null],
    ['deflate', null],
    ['', null],
    [undefined, null],
    [['deflate', 'gzip'], 'gzip'],
  ];
  for (const [header, coding] of cases) assert.equal(acceptedCoding(header), coding, JSON.stringify(header));
});

test('a coded representation has its own tag, derived from the tag of the bytes', () => {
  const tag = entityTagOf(Buffer.from('{"items":[]}'));
  assert.equal(codedTag(tag, 'br'), `${tag.slice(0, -1)}-br"`);
  assert.notEqual(codedTag(tag, 'br'), codedTag(tag, 'gzip'));
  assert.match(codedTag(tag, 'gzip'), /^"[\w-]+"$/);
});

test('an answer is compressed once per coding, and decompresses to its bytes', async () => {
  const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ plate: `京A${10000 + i}`, status: 'booked', terminal: { name: '大兴机场国际货站' } })) }));
  const answer = { body, etag: entityTagOf(body) };
  const br = compressedBody(answer, 'br');
  assert.equal(compressedBody(answer, 'br'), br, 'the same promise: made once');
  assert.deepEqual(brotliDecompressSync(await br), body);
  assert.deepEqual(gunzipSync(await compressedBody(answer, 'gzip')), body);
  assert.ok((await br).length < body.length / 5);
  const other = { body: Buffer.from(body), etag: answer.etag };
  assert.notEqual(compressedBody(other, 'br'), br, 'each answer its own');
});
