import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { i18nReady } from './i18n/index.ts';
import './styles.css';
import { App } from './App.tsx';
import { registerServiceWorker } from './features/mobile/register-sw.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// After the remembered language is loaded (at once for zh-CN, the default).
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The installable app (manifest.webmanifest) starts offline from the cached shell.
registerServiceWorker();
