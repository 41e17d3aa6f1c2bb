// `npm run bench:web`: how fast the public pages appear on a phone on a slow mobile network.
// Chromium (Debian's `chromium`, driven by Playwright) with the network and CPU throttled
// through the DevTools protocol (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4×
// slower CPU), a fresh browser context (cold cache) per run, on the home, search and
// service pages. For each page it reports the median Largest Contentful Paint (read from a
// PerformanceObserver), the bytes transferred before it (the document and every resource
// that finished loading by then), the bytes of the whole load, and the JavaScript the page
// loads at start, gzip-compressed (what a phone downloads at the least): every script that
// started loading before DOMContentLoaded (the page's own and the chunks it imports to run,
// such as its language's texts), not what the app loads later (the schemas with the session
// check, after the load event). Goals (docs/decisions/0020-web-performance-budget.md): LCP
// under 1.5 s, and at most 150 KB of initial JavaScript on the home and search pages. It
// reports, it never fails. Each run is saved as JSON with its commit and the machine's load
// average in backend/.tmp/bench-web-runs/ and compared with the latest saved run of the same
// setup (the machine may be shared: figures are indicative, and the load average says how much).
//
// It starts the built platform (`npm run start:e2e` on a free port, built first if missing)
// unless BENCH_WEB_URL points at a running one. BENCH_WEB_RUNS sets the runs per page
// (default 3). Language-prefixed URLs (/fr/…) are used when the server redirects `/` to one.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { gitCommit, previousRun, printTable, saveRun, type SavedRun } from './bench/saved-runs';
import { freePort, waitFor } from './lib/local-server';

const root = join(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_WEB_RUNS ?? 3);
const LCP_TARGET_MS = 1500;
/** Initial JavaScript, gzip, on the pages named (the others are reported without a goal). */
const JS_BUDGET = { bytes: 150 * 1024, pages: ['home', 'search'] };
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
    // What started loading before DOMContentLoaded: the scripts of the HTML, the chunks they import
    // and what the app imports to start (its language's texts). Not the modulepreload links the
    // app adds later for on-demand chunks: those load after the page has started.
    const loadedJs = resources
      .filter((r) => r.name.endsWith('.js') && r.startTime <= (nav.domContentLoadedEventEnd || lcp))
      .map((r) => r.name);
    const scriptUrls = [...document.querySelectorAll('script[src]')].map((s) => s.src);
    return {
      lcp,
      bytesBeforeLcp: nav.transferSize + before,
      bytesTotal: nav.transferSize + total,
      scripts: [...new Set([...scriptUrls, ...loadedJs])],
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

/** One page's figures, as saved. */
interface PageFigures {
  name: string;
  path: string;
  lcpMs: number;
  lcpElement: string;
  bytesBeforeLcp: number;
  bytesTotal: number;
  initialJsGzip: number;
  /** The initial scripts (paths): what the budget counts. */
  scripts: string[];
  /** The machine's one-minute load average when the page's runs ended. */
  loadAverage: number;
}

interface Setup {
  runs: number;
  rttMs: number;
  downloadKbps: number;
  cpuSlowdown: number;
  viewport: string;
}

const runsDir = join(root, 'backend/.tmp/bench-web-runs');

function goalsOf(page: PageFigures): { describe: string; missed: string[] } {
  const goals = [`LCP < ${(LCP_TARGET_MS / 1000).toFixed(1)} s`];
  const missed = page.lcpMs < LCP_TARGET_MS ? [] : ['LCP'];
  if (JS_BUDGET.pages.includes(page.name)) {
    goals.push(`JS ≤ ${JS_BUDGET.bytes / 1024} KB`);
    if (page.initialJsGzip > JS_BUDGET.bytes) missed.push('JS');
  }
  return { describe: goals.join(', '), missed };
}

/** The table (each figure against the previous run of the same setup, each goal and its verdict); the run saved. */
function report(results: PageFigures[]): void {
  const setup: Setup = {
    runs,
    rttMs: NETWORK.latency,
    downloadKbps: Math.round((NETWORK.downloadThroughput * 8) / 1024),
    cpuSlowdown: CPU_SLOWDOWN,
    viewport: '412x823',
  };
  const run: SavedRun<Setup, PageFigures> = { commit: gitCommit(root), date: new Date().toISOString(), setup, results };
  const previous = previousRun<Setup, PageFigures>(runsDir, setup);
  const file = saveRun(runsDir, run);
  console.log(
    previous
      ? `compared with the run of ${previous.date} at ${previous.commit} (${previous.file})`
      : 'no earlier run with the same setup to compare with',
  );
  const rows = results.map((page) => {
    const before = previous?.results.find((p) => p.name === page.name);
    const change = before
      ? `LCP ${seconds(before.lcpMs)} → ${seconds(page.lcpMs)}, JS ${kb(before.initialJsGzip)} → ${kb(page.initialJsGzip)} (load ${before.loadAverage.toFixed(1)})`
      : '';
    const { describe, missed } = goalsOf(page);
    return [
      page.name,
      page.path,
      seconds(page.lcpMs),
      page.lcpElement,
      kb(page.bytesBeforeLcp),
      kb(page.bytesTotal),
      kb(page.initialJsGzip),
      page.loadAverage.toFixed(1),
      change,
      describe,
      missed.length === 0 ? 'met' : `MISSED (${missed.join(', ')})`,
    ];
  });
  printTable(
    [
      'page',
      'url',
      'LCP (median)',
      'LCP element',
      'bytes before LCP',
      'bytes total',
      'initial JS (gzip)',
      'load avg',
      'against the previous run',
      'goal',
      'verdict',
    ],
    rows,
    new Set([2, 4, 5, 6, 7]),
  );
  console.log(`
saved to ${file}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
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
  const results: PageFigures[] = [];
  for (const { name, path } of pages) {
    const measures: Measure[] = [];
    for (let i = 0; i < runs; i++) measures.push(await measure(browser, `${base}${path}`));
    const mid = measures.toSorted((a, b) => a.lcp - b.lcp)[Math.floor(measures.length / 2)]!;
    results.push({
      name,
      path,
      lcpMs: Math.round(median(measures.map((m) => m.lcp))),
      lcpElement: mid.lcpElement,
      bytesBeforeLcp: mid.bytesBeforeLcp,
      bytesTotal: mid.bytesTotal,
      initialJsGzip: await gzipSizeOf(mid.scripts),
      scripts: mid.scripts.map((url) => new URL(url).pathname),
      loadAverage: loadavg()[0]!,
    });
  }
  report(results);
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
