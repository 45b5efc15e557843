import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text the browser downloads; images and fonts here are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

export interface Precompressed {
  file: string;
  bytes: number;
  br: number | null;
  gz: number | null;
}

/**
 * Writes `name.br` and `name.gz` beside every compressible file of `dir` (its subfolders too), each
 * only if it is smaller than the file. The server sends them to browsers that accept them
 * (`@fastify/static`'s `preCompressed`), so the app is compressed once, at build, with the
 * slowest and best settings, and costs no CPU per request.
 */
export async function precompress(dir: string): Promise<Precompressed[]> {
  const files = (await readdir(dir, { recursive: true })).map((name) => path.join(dir, name)).filter((file) => COMPRESSIBLE.has(path.extname(file)));
  return Promise.all(
    files.map(async (file) => {
      const info = await stat(file);
      const done: Precompressed = { file, bytes: info.size, br: null, gz: null };
      if (!info.isFile() || info.size < MIN_BYTES) return done;
      const body = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzipped(body, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < body.length) {
        await writeFile(`${file}.br`, br);
        done.br = br.length;
      }
      if (gz.length < body.length) {
        await writeFile(`${file}.gz`, gz);
        done.gz = gz.length;
      }
      return done;
    }),
  );
}

/** Vite: precompresses the build's output once it is written. */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'cargo-window:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompress(outDir);
    },
  };
}
