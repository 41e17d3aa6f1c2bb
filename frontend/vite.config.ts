import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The dev server forwards API calls (and the crawlers' files) to the backend; override the target
// with API_PROXY_TARGET. It serves the pages without server rendering, with live reload: the
// browser renders them (main.tsx); `npm run build` makes the server bundle the API renders with.
const apiTarget = process.env.API_PROXY_TARGET ?? 'http://localhost:3000';

/**
 * The stylesheet before the scripts in the page's head. It holds the first paint (and so the
 * largest one) back; after the entry script and its modulepreloads, a phone on HTTP/1.1 (six
 * connections to a host) asked for it only once a connection was free, behind the scripts.
 */
function stylesheetFirst(): Plugin {
  return {
    name: 'stylesheet-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const stylesheets = html.match(/[ \t]*<link rel="stylesheet"[^>]*>\n?/g) ?? [];
        const firstScript = html.search(/[ \t]*<script type="module"/);
        if (stylesheets.length === 0 || firstScript < 0) return html;
        const rest = stylesheets.reduce((page, link) => page.replace(link, ''), html);
        const at = rest.search(/[ \t]*<script type="module"/);
        return rest.slice(0, at) + stylesheets.join('') + rest.slice(at);
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), stylesheetFirst()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // The server bundle (`vite build --ssr src/entry-server.tsx`, see package.json) keeps npm
  // packages external (installed beside it) but takes in the contracts workspace, which is TypeScript.
  ssr: { noExternal: ['@khadamat/contracts'] },
  build: {
    // Every browser we serve reads `<link rel="modulepreload">` (Safari since 17); an older one
    // just loads the same modules without the head start, so no polyfill in the first bundle.
    modulePreload: { polyfill: false },
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
