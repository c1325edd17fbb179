import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorkerPlugin } from './src/ui/persist/serviceWorkerPlugin';
import { preloadStartChunks } from './src/ui/bridge/preloadPlugin';
import { fileURLToPath } from 'node:url';

/**
 * The page's Content Security Policy: only its own scripts, workers and connections; no eval
 * (nothing here needs it). Inline styles are allowed because xterm.js styles its rows with a
 * generated style sheet. The dev server goes without it: React's hot reload injects inline
 * scripts.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // The service worker caches the build for offline use (src/ui/persist); the chunks the page
  // imports at start are preloaded from the HTML (src/ui/bridge/preloadPlugin.ts).
  plugins: [react(), contentSecurityPolicy(), serviceWorkerPlugin(), preloadStartChunks()],
  resolve: {
    alias: [
      // monaco-editor's `exports` map hides its esm folder, which monaco-yaml's worker manager
      // imports by path (`monaco-editor/esm/vs/editor/editor.worker.js`).
      {
        find: /^monaco-editor\/esm\/vs\/(.*)$/,
        replacement: fileURLToPath(
          new URL('./node_modules/monaco-editor/esm/vs/$1', import.meta.url),
        ),
      },
    ],
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    headers: { 'Content-Security-Policy': CSP },
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The Worker carries the whole cluster and kubectl (about 400 KB gzipped) in one chunk.
    chunkSizeWarningLimit: 2048,
  },
});
