import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { precompressPlugin } from './src/build/precompress.ts';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Brotli and gzip copies of the built files, sent to browsers that accept them.
  plugins: [react(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; pages are split with React.lazy.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      treeshake: {
        // The contracts' zod schemas are built at module load; the web app uses only their
        // types, validators and error catalog, so let unused schemas (and zod) drop out. The
        // notices' texts load with the pages that show notices, not with the login page.
        moduleSideEffects: (id) => !/packages[\\/]contracts[\\/]src[\\/](schemas[\\/]|notices\.ts$)/.test(id),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/health': { target: api, changeOrigin: false },
    },
  },
});
