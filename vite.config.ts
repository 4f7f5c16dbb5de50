/**
 * Builds the COMAP web app (src/web) into dist/web, which the server serves with an SPA fallback.
 * Every asset (fonts, the MapLibre worker) is bundled: the app makes no request to another host.
 *
 * Two entries: the React app (index.html) and the public project board's small script
 * (board/board.ts, no React), which the server-rendered /board pages load. The manifest
 * (dist/web/.vite/manifest.json) tells the server the board script's hashed file name.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./src/web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));
// Where `vite` (dev) and `vite preview` send API and tile requests: a running COMAP server.
const api = process.env.COMAP_API || 'http://localhost:8080';
const proxy = { '/api': api, '/tiles': api, '/basemap': api };

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
    manifest: true,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./src/web/index.html', import.meta.url)),
        board: fileURLToPath(new URL('./src/web/board/board.ts', import.meta.url)),
      },
    },
  },
  // URLs written into JavaScript (the chunks a dynamic import preloads, the MapLibre worker) are
  // relative to the chunk itself, not to "/": the board serves its chunks compressed under
  // /board/assets/, and they must find each other there (the app's chunks keep finding theirs
  // in /assets/).
  experimental: {
    renderBuiltUrl: (_filename, { hostType }) => (hostType === 'js' ? { relative: true } : undefined),
  },
  // `npm run dev:web` against a server started with `npm start` (COMAP_API to point elsewhere).
  server: { proxy },
  preview: { proxy },
});
