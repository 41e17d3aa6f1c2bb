// `npm run bench:web`: how fast the public pages appear on a phone on a slow mobile network.
// Chromium (Debian's `chromium`, driven by Playwright) with the network and CPU throttled
// through the DevTools protocol (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4×
// slower CPU), a fresh browser context (cold cache) per run, on the home, search and
// service pages. For each page it reports the median Largest Contentful Paint (read from a
// PerformanceObserver), the bytes transferred before it (the document and every resource
// that finished loading by then), the bytes of the whole load, and the JavaScript the page
// loads at start, gzip-compressed (what a phone downloads at the least). Targets: LCP under
// 1.5 s. It reports, it never fails.
//
// It starts the built platform (`npm run start:e2e` on a free port, built first if missing)
// unless BENCH_WEB_URL points at a running one. BENCH_WEB_RUNS sets the runs per page
// (default 3). Language-prefixed URLs (/fr/…) are used when the server redirects `/` to one.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { freePort, waitFor } from './lib/local-server';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_WEB_RUNS ?? 3);
const LCP_TARGET_MS = 1500;
const NETWORK = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

interface Measure {
  lcp: number;
  lcpElement: string;
  bytesBeforeLcp: number;
  bytesTotal: number;
  scripts: string[];
}

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

async function startPlatform(): Promise<{ base: string; child: ChildProcess | null }> {
  if (process.env.BENCH_WEB_URL) return { base: process.env.BENCH_WEB_URL.replace(/\/$/, ''), child: null };
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'scripts/start-e2e.mjs')], {
    cwd: root,
    env: { ...process.env, E2E_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/ready`, child, 300_000);
  return { base, child };
}

/** The pages measured: the language prefix the server redirects `/` to (none on a server without one). */
async function pagesOf(base: string): Promise<{ name: string; path: string }[]> {
  const home = await fetch(`${base}/`, { redirect: 'manual', headers: { accept: 'text/html', 'accept-language': 'fr' } });
  const location = home.headers.get('location') ?? '';
  const prefix = home.status >= 300 && home.status < 400 && /^\/(fr|ar|en)\/?$/.test(location) ? location.replace(/\/$/, '') : '';
  const found = (await (await fetch(`${base}/api/search/services?limit=1`)).json()) as { results: { slug: string }[] };
  const slug = found.results[0]?.slug;
  if (!slug) throw new Error('no published service to measure: seed the catalogue first');
  return [
    { name: 'home', path: `${prefix}/` },
    { name: 'search', path: `${prefix}/search?q=${encodeURIComponent('ménage')}` },
    { name: 'service', path: `${prefix}/services/${encodeURIComponent(slug)}` },
  ];
}

async function measure(browser: Browser, url: string): Promise<Measure> {
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  // LCP candidates stop at the first input; wait for the network to settle, then read it.
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  // A buffered observer gets every LCP candidate so far (its callback may come late on a throttled
  // CPU). The measuring code runs in the page, hence a string (this script is typed for Node).
  const largest = (await page.evaluate(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entry = list.getEntries().at(-1);
      const el = entry && entry.element;
      const name = el ? el.tagName.toLowerCase() + (el.classList[0] ? '.' + el.classList[0] : '') : '?';
      resolve({ time: entry ? entry.startTime : 0, element: name });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  })`)) as { time: number; element: string };
  const result = (await page.evaluate(`(() => {
    const lcp = ${largest.time};
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const before = resources.filter((r) => r.responseEnd <= lcp).reduce((sum, r) => sum + r.transferSize, 0);
    const total = resources.reduce((sum, r) => sum + r.transferSize, 0);
    const scriptUrls = [...document.querySelectorAll('script[src]')].map((s) => s.src);
    const preloads = [...document.querySelectorAll('link[rel=modulepreload]')].map((l) => l.href);
    const loadedJs = resources
      .filter((r) => r.name.endsWith('.js') && r.startTime <= (nav.domContentLoadedEventEnd || lcp))
      .map((r) => r.name);
    return {
      lcp,
      bytesBeforeLcp: nav.transferSize + before,
      bytesTotal: nav.transferSize + total,
      scripts: [...new Set([...scriptUrls, ...preloads, ...loadedJs])],
    };
  })()`)) as Omit<Measure, 'lcpElement'>;
  await context.close();
  return { ...result, lcpElement: largest.element };
}

async function gzipSizeOf(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    total += gzipSync(body, { level: 9 }).length;
  }
  return total;
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const { base, child } = await startPlatform();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const pages = await pagesOf(base);
  console.log(
    `bench:web on ${base}: ${runs} cold load(s) per page, ${NETWORK.latency} ms RTT, 1.6 Mbit/s down, ${CPU_SLOWDOWN}× CPU slowdown, 412×823 phone viewport`,
  );
  const rows: string[][] = [];
  for (const { name, path } of pages) {
    const measures: Measure[] = [];
    for (let i = 0; i < runs; i++) measures.push(await measure(browser, `${base}${path}`));
    const mid = measures.toSorted((a, b) => a.lcp - b.lcp)[Math.floor(measures.length / 2)]!;
    const lcp = median(measures.map((m) => m.lcp));
    const js = await gzipSizeOf(mid.scripts);
    rows.push([
      name,
      path,
      `${(lcp / 1000).toFixed(2)} s`,
      mid.lcpElement,
      kb(mid.bytesBeforeLcp),
      kb(mid.bytesTotal),
      kb(js),
      `< ${(LCP_TARGET_MS / 1000).toFixed(1)} s`,
      lcp < LCP_TARGET_MS ? 'met' : 'MISSED',
    ]);
  }
  const header = [
    'page',
    'url',
    'LCP (median)',
    'LCP element',
    'bytes before LCP',
    'bytes total',
    'initial JS (gzip)',
    'target',
    'verdict',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
} finally {
  await browser.close();
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
