// Renders the web app's PWA icons (PNG) from apps/web/public/icons/icon.svg with headless Chromium:
// `node --import tsx scripts/make-icons.ts`. The PNGs are committed; run this after changing the SVG.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { launchBrowser, root } from '../e2e/harness.ts';

const dir = path.join(root, 'apps/web/public/icons');
const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');

/** name, size, and the rounding/padding: `any` icons get rounded corners, maskable ones fill the square (safe zone 80 %). */
const outputs = [
  { file: 'icon-192.png', size: 192, radius: 0.22, inset: 0 },
  { file: 'icon-512.png', size: 512, radius: 0.22, inset: 0 },
  { file: 'maskable-512.png', size: 512, radius: 0, inset: 0.1 },
  { file: 'apple-touch-icon.png', size: 180, radius: 0, inset: 0 },
];

const browser = await launchBrowser();
try {
  for (const { file, size, radius, inset } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const pad = Math.round(size * inset);
    const html = `<!doctype html><html><body style="margin:0;background:transparent">
      <div style="width:${size}px;height:${size}px;overflow:hidden;border-radius:${Math.round(size * radius)}px;background:#0b4ea2;display:flex;align-items:center;justify-content:center">
        <div style="width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace('<svg ', `<svg width="${size - 2 * pad}" height="${size - 2 * pad}" `)}</div>
      </div></body></html>`;
    await page.setContent(html);
    await page.screenshot({ path: path.join(dir, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
}
