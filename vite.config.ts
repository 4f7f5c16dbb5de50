/**
 * Builds the COMAP web app (src/web) into dist/web, which the server serves with an SPA fallback.
 * Every asset (fonts, the MapLibre worker) is bundled: the app makes no request to another host.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./src/web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // Fonts stay files (cacheable), never inlined as huge data URLs.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev:web` against a server started with `npm start` (or PORT=8080).
    proxy: {
      '/api': 'http://localhost:8080',
      '/tiles': 'http://localhost:8080',
      '/basemap': 'http://localhost:8080',
    },
  },
});
