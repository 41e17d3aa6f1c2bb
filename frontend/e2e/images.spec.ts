import { expect, test, type Page } from '@playwright/test';
import { waitForHydration } from './app';

// The pictures of the public pages never move the page when they arrive (each has its size, or
// a box of fixed proportions), and only the largest one (the photo of the first result that has
// one) is fetched at once: the others wait until they come near the screen, decoded off the
// main thread.

interface Picture {
  src: string;
  width: string | null;
  height: string | null;
  aspectRatio: string;
  loading: string | null;
  decoding: string | null;
  fetchPriority: string | null;
  firstCard: boolean;
}

async function picturesOf(page: Page): Promise<Picture[]> {
  return page.locator('img').evaluateAll((images) => {
    const firstCard = document.querySelector('.service-card img');
    return images.map((img) => ({
      src: img.getAttribute('src') ?? '',
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      aspectRatio: getComputedStyle(img).aspectRatio,
      loading: img.getAttribute('loading'),
      decoding: img.getAttribute('decoding'),
      fetchPriority: img.getAttribute('fetchpriority'),
      firstCard: img === firstCard,
    }));
  });
}

/** What is wrong with a page's pictures, one line per fault (none: all is well). */
function faultsOf(pictures: Picture[]): string[] {
  const faults: string[] = [];
  const positive = (value: string | null) => value !== null && /^\d+$/.test(value) && Number(value) > 0;
  for (const p of pictures) {
    // Width and height attributes give the browser the proportions; a CSS aspect-ratio box does too.
    const sized = (positive(p.width) && positive(p.height)) || (p.aspectRatio !== 'auto' && !p.aspectRatio.startsWith('auto '));
    if (!sized) faults.push(`${p.src}: no width and height, nor an aspect-ratio box`);
    if (p.firstCard) {
      if (p.fetchPriority !== 'high') faults.push(`${p.src}: the largest picture is not fetchpriority="high"`);
      if (p.loading === 'lazy') faults.push(`${p.src}: the largest picture is loaded lazily`);
    } else {
      if (p.loading !== 'lazy') faults.push(`${p.src}: not loading="lazy"`);
      if (p.decoding !== 'async') faults.push(`${p.src}: not decoding="async"`);
    }
  }
  return faults;
}

const pages = [
  { name: 'home', path: '/fr', cards: false },
  { name: 'search', path: `/fr/search?q=${encodeURIComponent('ménage')}`, cards: true },
  { name: 'search without a query', path: '/ar/search', cards: true },
];

for (const { name, path, cards } of pages) {
  test(`the pictures of the ${name} page are sized, the first result's fetched first, the others lazily`, async ({ page }) => {
    await page.goto(path);
    await waitForHydration(page);
    const pictures = await picturesOf(page);
    if (cards) {
      // The search pages show results with photos (demo catalogue): the checks below see some.
      expect(pictures.filter((p) => p.firstCard)).toHaveLength(1);
      expect(pictures.length).toBeGreaterThan(1);
    }
    expect(faultsOf(pictures)).toEqual([]);
  });

  test(`the server-rendered ${name} page has the same picture attributes`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseURL! });
    const html = await context.newPage();
    await html.goto(path);
    const pictures = await picturesOf(html);
    if (cards) expect(pictures.filter((p) => p.firstCard)).toHaveLength(1);
    expect(faultsOf(pictures)).toEqual([]);
    if (cards) {
      // The largest picture is announced at the top of the head, before the styles and scripts.
      const first = pictures.find((p) => p.firstCard)!;
      await expect(html.locator(`head link[rel="preload"][as="image"][fetchpriority="high"][href="${first.src}"]`)).toHaveCount(1);
    }
    await context.close();
  });
}
