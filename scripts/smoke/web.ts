// The built web client, served by the API on the same port: pages rendered on the server in
// the language of their URL, and what search engines read.
import { expectStatus, expectThat, skip, type SmokeCheck } from './lib';

export const webChecks: SmokeCheck[] = [
  {
    name: 'web client: / redirects to a language, whose home page is rendered on the server',
    run: async ({ request, target }) => {
      if (!target.expectWeb) skip('SMOKE_EXPECT_WEB=false');
      const root = await request('/', { headers: { accept: 'text/html', 'accept-language': 'ar-MA,ar;q=0.9' } });
      expectStatus(root, 302, '/ (is frontend/dist built?)');
      expectThat(root.headers.get('location') === '/ar', `/ redirects to ${root.headers.get('location')}, not /ar`);
      const res = await request('/ar', { headers: { accept: 'text/html' } });
      expectStatus(res, 200, '/ar');
      expectThat((res.headers.get('content-type') ?? '').includes('text/html'), `content-type is ${res.headers.get('content-type')}`);
      expectThat(/<html lang="ar" dir="rtl"/.test(res.text), 'the page is not the Arabic one, right-to-left');
      expectThat(/<h1[^>]*>[^<]+<\/h1>/.test(res.text), 'the page has no server-rendered heading');
      expectThat(
        res.headers.get('cache-control') === 'no-cache' && Boolean(res.headers.get('etag')),
        'the page is not sent no-cache with an ETag',
      );
    },
  },
  {
    name: 'web client: robots.txt and sitemap.xml',
    run: async ({ request, target }) => {
      if (!target.expectWeb) skip('SMOKE_EXPECT_WEB=false');
      const robots = await request('/robots.txt');
      expectStatus(robots, 200, '/robots.txt');
      expectThat(robots.text.includes('Sitemap: '), 'robots.txt names no sitemap');
      const sitemap = await request('/sitemap.xml');
      expectStatus(sitemap, 200, '/sitemap.xml');
      expectThat(sitemap.text.includes('<sitemapindex'), 'sitemap.xml is not a sitemap index');
    },
  },
];
