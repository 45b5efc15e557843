/**
 * Registers the service worker (public/sw.js) that lets the installed app start offline. Only in a
 * production build: in development Vite serves modules that must never come from a cache.
 */
export function registerServiceWorker(): void {
  // (Typed loosely: the repository-wide typecheck runs without Vite's client types.)
  const production = (import.meta as ImportMeta & { env?: { PROD?: boolean } }).env?.PROD === true;
  if (!production || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('service worker not registered', error);
    });
    // The chunks this first load fetched before the worker was there: it keeps them for offline starts.
    void navigator.serviceWorker.ready.then((registration) => {
      const urls = performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name, window.location.href))
        .filter((url) => url.origin === window.location.origin && url.pathname.startsWith('/assets/'))
        .map((url) => url.pathname);
      registration.active?.postMessage({ type: 'cache-assets', urls });
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
