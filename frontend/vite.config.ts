import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards API calls (and the crawlers' files) to the backend; override the target
// with API_PROXY_TARGET. It serves the pages without server rendering, with live reload: the
// browser renders them (main.tsx); `npm run build` makes the server bundle the API renders with.
const apiTarget = process.env.API_PROXY_TARGET ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // The server bundle (`vite build --ssr src/entry-server.tsx`, see package.json) keeps npm
  // packages external (installed beside it) but takes in the contracts workspace, which is TypeScript.
  ssr: { noExternal: ['@khadamat/contracts'] },
  build: {
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks: they change far less often than the app code. zod has its
        // own, loaded with the contracts' schemas (the forms, and the first API answer the browser
        // checks: src/lib/api/contract-schemas.ts), never with the first page
        // (docs/decisions/0020-web-performance-budget.md).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 20 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/health': { target: apiTarget, changeOrigin: true },
      '/files': { target: apiTarget, changeOrigin: true },
      '/robots.txt': { target: apiTarget, changeOrigin: true },
      '/sitemap.xml': { target: apiTarget, changeOrigin: true },
      '/sitemaps': { target: apiTarget, changeOrigin: true },
    },
  },
});
