/* 货运预约 service worker: starts the app offline and says so when the server cannot be reached.
 *
 * - The app shell (index.html, the built assets it references, icons, manifest, offline page) is
 *   cached at install; the lazy pages the first page load fetched before this worker took over are
 *   sent by the page (`cache-assets`), and later ones are cached as they load.
 * - Pages (navigations): network first, so a new release shows at once; without a network the cached
 *   shell starts the app (which shows its offline strip), and without a cached shell, offline.html.
 * - Built assets (/assets/*, content-hashed): cache first.
 * - The API (/api/*, including the live event streams) is never cached or touched.
 */
const VERSION = 'cw-shell-v1';
const SHELL = '/';
const PRECACHE = ['/', '/offline.html', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/apple-touch-icon.png'];

/** The /assets/… files an index.html loads (its script, its styles, their preloads). */
function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) found.add(match[1]);
  return [...found];
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(VERSION);
      await cache.addAll(PRECACHE);
      const shell = await cache.match(SHELL);
      if (shell) await cache.addAll(assetsOf(await shell.text()));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== VERSION) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** The page tells which built assets it has loaded so far (lazy pages included): keep them too. */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache-assets' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil(
    caches.open(VERSION).then((cache) => Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined))))),
  );
});

async function page(request) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    // Every app path answers the same index.html: keep the newest as the shell.
    const appPath = !/\.[a-z0-9]+$/i.test(new URL(request.url).pathname);
    if (appPath && response.ok && (response.headers.get('content-type') || '').includes('text/html')) await cache.put(SHELL, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL)) || (await cache.match('/offline.html')) || Response.error();
  }
}

async function asset(request) {
  const cache = await caches.open(VERSION);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/health') return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});
