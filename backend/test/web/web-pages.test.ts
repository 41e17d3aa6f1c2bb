import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuilt, frontendDist, frontendServerDist } from '../support/web-build';

// The built web client behind the API: pages rendered on the server in the language of their
// URL, what search engines read of them, and how everything is sent (compression, caching).

const LOCALES = ['fr', 'ar', 'en'] as const;
const html = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'identity' };

function headOf(res: LightMyRequestResponse) {
  const body = res.body;
  const attr = (re: RegExp) => re.exec(body)?.[1];
  const all = (re: RegExp) => [...body.matchAll(re)].map((m) => m.slice(1));
  return {
    lang: attr(/<html lang="([^"]+)"/),
    dir: attr(/<html lang="[^"]+" dir="([^"]+)"/),
    title: attr(/<title>([^<]*)<\/title>/),
    titles: all(/<title>/g).length,
    description: attr(/<meta name="description" content="([^"]*)"/),
    canonical: attr(/<link rel="canonical" href="([^"]+)"/),
    alternates: Object.fromEntries(all(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g) as [string, string][]),
    jsonLd: all(/<script type="application\/ld\+json">([^<]*)<\/script>/g).map(([json]) => JSON.parse(json!) as Record<string, unknown>),
    h1: attr(/<h1[^>]*>(.*?)<\/h1>/)?.replace(/<[^>]+>/g, ''),
  };
}

describe('the web client served by the API', () => {
  let t: TestApp;
  let origin: string;
  let service: { slug: string; title: string; providerId: string; city: string };
  let listedServices: number;

  beforeAll(async () => {
    ensureWebBuilt();
    // Small sitemap files (10 pages × 3 languages), so the seeded catalogue spans several.
    t = await createTestApp({ SERVE_FRONTEND: 'true' }, { frontendDist, frontendServerDist, sitemapUrlsPerFile: 30 });
    await seedDatabase({ db: t.db, demo: true });
    origin = new URL(t.config.appBaseUrl).origin;
    const row = await t.db.service.findFirstOrThrow({
      where: { listed: true, priceModel: 'fixed' },
      include: { city: true },
      orderBy: { slug: 'asc' },
    });
    service = { slug: row.slug, title: row.title, providerId: row.providerId, city: row.city.nameFr };
    listedServices = await t.db.service.count({ where: { listed: true } });
  }, 120_000);
  afterAll(() => t?.close());

  describe('language in the URL', () => {
    const redirect = async (url: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { ...html, ...headers } });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.vary).toContain('Accept-Language');
      return res.headers.location;
    };

    it('sends a URL without a language to the saved choice, then Accept-Language, then French, keeping path and query', async () => {
      expect(await redirect('/')).toBe('/fr');
      expect(await redirect('/', { 'accept-language': 'ar-MA,ar;q=0.9,fr;q=0.8' })).toBe('/ar');
      expect(await redirect('/', { 'accept-language': 'de-DE,en;q=0.5,ar;q=0.4' })).toBe('/en');
      expect(await redirect('/search?q=plomberie', { 'accept-language': 'de' })).toBe('/fr/search?q=plomberie');
      // The choice made with the switch wins over the browser's languages; an unknown one is ignored.
      expect(await redirect('/', { 'accept-language': 'ar', cookie: 'khadamat_locale=en' })).toBe('/en');
      expect(await redirect('/', { 'accept-language': 'ar', cookie: 'khadamat_locale=xx' })).toBe('/ar');
      // Our mails' links keep working: /verify-email?token=… in the reader's language.
      expect(await redirect('/verify-email?token=abc', { 'accept-language': 'en' })).toBe('/en/verify-email?token=abc');
    });

    it('uses a signed-in member’s saved language when this browser made no choice', async () => {
      const member = await signUp(t, { locale: 'ar' });
      expect(await redirect('/account', { cookie: member.cookie, 'accept-language': 'fr' })).toBe('/ar/account');
      const changed = await as(t, member)({ method: 'PATCH', url: '/api/me', payload: { locale: 'en' } });
      expect(changed.statusCode).toBe(200);
      expect(await redirect('/', { cookie: member.cookie, 'accept-language': 'fr' })).toBe('/en');
    });

    it('keeps the admin pages behind the admin network rule under every language', async () => {
      for (const path of ['/admin', '/fr/admin', '/ar/admin/sign-in', '/EN/admin']) {
        const res = await t.app.inject({ method: 'GET', url: path, headers: html, remoteAddress: '192.0.2.10' });
        expect(res.statusCode, path).toBe(403);
      }
    });
  });

  describe('search engines', () => {
    const publicPages = () => [
      { name: 'home', path: '', types: ['WebSite'] },
      { name: 'search', path: '/search', types: ['BreadcrumbList'] },
      { name: 'category', path: '/categories/plumbing', types: ['BreadcrumbList'] },
      { name: 'service', path: `/services/${service.slug}`, types: ['Service', 'BreadcrumbList'] },
      { name: 'provider', path: `/providers/${service.providerId}`, types: ['LocalBusiness', 'BreadcrumbList'] },
    ];

    it('gives every public page, in each language, its content, title, description, canonical, hreflang trio and JSON-LD', async () => {
      for (const page of publicPages()) {
        const titles = new Set<string>();
        for (const locale of LOCALES) {
          const url = `/${locale}${page.path}`;
          const res = await t.app.inject({ method: 'GET', url, headers: html });
          expect(res.statusCode, url).toBe(200);
          const head = headOf(res);
          expect([head.lang, head.dir], url).toEqual([locale, locale === 'ar' ? 'rtl' : 'ltr']);
          expect(head.titles, url).toBe(1);
          expect(head.title, url).toMatch(/ · Khadamat$/);
          titles.add(head.title!);
          expect(head.description?.length, url).toBeGreaterThan(20);
          expect(head.canonical, url).toBe(`${origin}${url}`);
          expect(head.alternates, url).toEqual({
            fr: `${origin}/fr${page.path}`,
            ar: `${origin}/ar${page.path}`,
            en: `${origin}/en${page.path}`,
            'x-default': `${origin}${page.path || '/'}`,
          });
          expect(head.h1, url).toBeTruthy();
          expect(
            head.jsonLd.map((item) => item['@type']),
            url,
          ).toEqual(page.types);
          for (const item of head.jsonLd) expect(item['@context'], url).toBe('https://schema.org');
        }
        // Each language has its own title (a provider's or a service's name may be the same in all).
        if (['home', 'search', 'category'].includes(page.name)) expect(titles.size, page.name).toBe(3);
      }
    });

    it('describes a service for search engines: an offer in MAD, the area served, the provider, breadcrumbs', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/fr/services/${service.slug}`, headers: html });
      const [described, crumbs] = headOf(res).jsonLd as [
        Record<string, unknown>,
        { itemListElement: { position: number; item: string }[] },
      ];
      const row = await t.db.service.findUniqueOrThrow({
        where: { slug: service.slug },
        include: { provider: { include: { user: true } } },
      });
      expect(described).toMatchObject({
        '@type': 'Service',
        name: service.title,
        url: `${origin}/fr/services/${service.slug}`,
        areaServed: { '@type': 'City', name: service.city },
        provider: { name: row.provider.user.name, url: `${origin}/fr/providers/${row.providerId}` },
        offers: { '@type': 'Offer', priceCurrency: 'MAD', price: (row.priceMinor / 100).toFixed(2) },
      });
      expect(crumbs.itemListElement.map((c) => c.position)).toEqual([1, 2, 3]);
      expect(crumbs.itemListElement[2]?.item).toBe(`${origin}/fr/services/${service.slug}`);
      // The page itself says it, for people: title, price and city in the HTML.
      expect(res.body).toContain(`>${service.title}</h1>`);
      expect(res.body).toMatch(new RegExp(`${row.priceMinor / 100}\\s?MAD`));
      expect(res.body).toContain(service.city);
    });

    it('answers 404 for an unknown page or service, and 410 for a withdrawn service, with a page that says so', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/fr/no/such/page', headers: html });
      expect([unknown.statusCode, headOf(unknown).h1]).toEqual([404, 'Page introuvable']);
      const missing = await t.app.inject({ method: 'GET', url: '/ar/services/no-such-service', headers: html });
      expect([missing.statusCode, headOf(missing).lang]).toEqual([404, 'ar']);
      expect(missing.body).toContain('<meta name="robots" content="noindex, follow">');

      const withdrawn = await t.db.service.findFirstOrThrow({ where: { listed: true, slug: { not: service.slug } } });
      await t.db.service.update({ where: { id: withdrawn.id }, data: { status: 'paused', listed: false } });
      const gone = await t.app.inject({ method: 'GET', url: `/en/services/${withdrawn.slug}`, headers: html });
      expect([gone.statusCode, headOf(gone).h1]).toEqual([410, 'This service is no longer offered']);
      listedServices -= 1;
    });

    it('lists every visible page in sitemaps of at most the configured URLs per file, each with its alternates', async () => {
      const index = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toContain('application/xml');
      const files = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
      expect(files[0]).toBe('/sitemaps/pages.xml');
      const serviceFiles = files.filter((f) => f.startsWith('/sitemaps/services-'));
      expect(serviceFiles).toHaveLength(Math.ceil(listedServices / 10));

      const serviceUrls = new Set<string>();
      for (const file of files) {
        const res = await t.app.inject({ method: 'GET', url: file });
        expect(res.statusCode, file).toBe(200);
        const urls = [...res.body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
        expect(urls.length, file).toBeGreaterThan(0);
        if (file !== '/sitemaps/pages.xml') expect(urls.length, file).toBeLessThanOrEqual(30);
        expect([...res.body.matchAll(/hreflang="(fr|ar|en|x-default)"/g)]).toHaveLength(urls.length * 4);
        if (file.startsWith('/sitemaps/services-')) for (const url of urls) serviceUrls.add(url);
      }
      expect(serviceUrls.size).toBe(listedServices * 3);
      expect(serviceUrls).toContain(`${origin}/ar/services/${service.slug}`);

      const pages = await t.app.inject({ method: 'GET', url: '/sitemaps/pages.xml' });
      expect(pages.body).toContain(`<loc>${origin}/en/categories/plumbing</loc>`);
      expect((await t.app.inject({ method: 'GET', url: '/sitemaps/services-nope.xml' })).statusCode).toBe(404);

      const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
      expect(robots.body).toContain(`Sitemap: ${origin}/sitemap.xml`);
      expect(robots.body).toContain('Disallow: /ar/account');
    });
  });

  describe('delivery', () => {
    it('sends hashed assets precompressed by negotiation, cached for a year', async () => {
      // Read when the test runs: the build exists once beforeAll has made it (a fresh clone has none).
      const assets = readdirSync(join(frontendDist, 'assets'));
      const script = assets.find((name) => /^react-.*\.js$/.test(name)) ?? assets.find((name) => name.endsWith('.js'))!;
      const raw = readFileSync(join(frontendDist, 'assets', script));
      const get = (encoding: string) => t.app.inject({ method: 'GET', url: `/assets/${script}`, headers: { 'accept-encoding': encoding } });

      const br = await get('gzip, deflate, br');
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true);
      expect(br.rawPayload.length).toBeLessThan(raw.length / 2);
      const gzip = await get('gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).equals(raw)).toBe(true);
      const plain = await get('identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(raw)).toBe(true);
      for (const res of [br, gzip, plain]) {
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(res.headers['content-type']).toContain('javascript');
        expect(String(res.headers.vary)).toContain('Accept-Encoding');
      }
      // The page template is never sent as it is.
      expect((await t.app.inject({ method: 'GET', url: '/index.html', headers: html })).statusCode).not.toBe(200);
    });

    it('sends pages with no-cache and an ETag: a repeat visit of an unchanged page is a 304', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/fr', headers: { ...html, 'accept-encoding': 'br' } });
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('no-cache');
      expect(first.headers['content-encoding']).toBe('br');
      expect(first.headers['content-language']).toBe('fr');
      expect(brotliDecompressSync(first.rawPayload).toString()).toContain('<html lang="fr" dir="ltr">');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await t.app.inject({ method: 'GET', url: '/fr', headers: { ...html, 'if-none-match': etag } });
      expect([again.statusCode, again.body]).toEqual([304, '']);
    });

    it('sends categories and cities with an ETag and a short public cache: a repeat visit is a 304', async () => {
      for (const url of ['/api/categories', '/api/cities']) {
        const first = await t.app.inject({ method: 'GET', url });
        expect(first.statusCode, url).toBe(200);
        expect(first.headers['cache-control'], url).toBe('public, max-age=300');
        const etag = String(first.headers.etag);
        const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
        expect([again.statusCode, again.body], url).toEqual([304, '']);
        const changed = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"something-else"' } });
        expect(changed.statusCode, url).toBe(200);
      }
    });
  });

  describe('the session check', () => {
    it('answers "no session" to anonymous visitors with a 200, and the session state to members', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/auth/current-session' });
      expect([anonymous.statusCode, anonymous.json()]).toEqual([200, { session: null }]);
      expect(anonymous.headers['cache-control']).toBe('no-store');
      const member = await signUp(t);
      const mine = await as(t, member)({ method: 'GET', url: '/api/auth/current-session' });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().session).toMatchObject({ user: { id: member.userId }, csrfToken: member.csrf, mfa: 'not-required' });
      // An ended session is "no session", not an error.
      await as(t, member)({ method: 'POST', url: '/api/auth/sign-out' });
      expect((await as(t, member)({ method: 'GET', url: '/api/auth/current-session' })).json()).toEqual({ session: null });
    });
  });
});
