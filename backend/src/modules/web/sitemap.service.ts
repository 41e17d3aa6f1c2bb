import { LOCALES } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { sellerWhere } from '../catalogue/visibility';

/** What the sitemaps protocol allows in one file. */
export const MAX_URLS_PER_FILE = 50_000;

export interface SitemapOptions {
  db: Db;
  /** The platform's public origin (`https://khadamat.ma`). */
  origin: string;
  /** URLs per file (each page counts once per language); the protocol's maximum unless a test wants smaller files. */
  urlsPerFile?: number;
}

type Kind = 'services' | 'providers';

const xml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Pages per file: every page is listed in each language. */
const pagesPerFile = (options: SitemapOptions) => Math.max(1, Math.floor((options.urlsPerFile ?? MAX_URLS_PER_FILE) / LOCALES.length));

/**
 * The ids that start each file of a kind: every n-th id in id order, in one pass over the
 * index (no OFFSET, which would read a million rows to reach the last file). A file is
 * named by its first id, and holds the next n pages from there.
 */
async function fileStarts(options: SitemapOptions, kind: Kind): Promise<string[]> {
  const n = pagesPerFile(options);
  const visible =
    kind === 'services'
      ? `SELECT id FROM "Service" WHERE listed = true`
      : // sellerWhere (catalogue/visibility.ts) in SQL: the window function has no Prisma form.
        `SELECT p.id FROM "ProviderProfile" p JOIN "User" u ON u.id = p."userId"
         WHERE p."kycStatus" = 'verified' AND u."emailVerifiedAt" IS NOT NULL AND u."phoneVerifiedAt" IS NOT NULL AND u."deletedAt" IS NULL`;
  const rows = await options.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM (${visible}) AS v) AS numbered
     WHERE (rn - 1) % ${n} = 0 ORDER BY id`,
  );
  return rows.map((row) => row.id);
}

/** `/sitemap.xml`: the index of every sitemap file. */
export async function sitemapIndex(options: SitemapOptions): Promise<string> {
  const [services, providers] = await Promise.all([fileStarts(options, 'services'), fileStarts(options, 'providers')]);
  const files = [
    '/sitemaps/pages.xml',
    ...services.map((id) => `/sitemaps/services-${id}.xml`),
    ...providers.map((id) => `/sitemaps/providers-${id}.xml`),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map((file) => `  <sitemap><loc>${xml(`${options.origin}${file}`)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
}

/** One page in every language, each entry naming the others (`hreflang` alternates). */
function entries(origin: string, path: string, lastmod?: Date): string[] {
  const href = (locale: string) => `${origin}/${locale}${path === '/' ? '' : path}`;
  const alternates = [
    ...LOCALES.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${xml(href(l))}"/>`),
    `    <xhtml:link rel="alternate" hreflang="x-default" href="${xml(`${origin}${path}`)}"/>`,
  ];
  return LOCALES.map((locale) =>
    [
      `  <url><loc>${xml(href(locale))}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}`,
      ...alternates,
      '  </url>',
    ].join('\n'),
  );
}

function urlset(urls: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** The home page and every visible category's page. */
export async function pagesSitemap({ db, origin }: SitemapOptions): Promise<string> {
  const categories = await db.category.findMany({
    where: { hidden: false, OR: [{ parentId: null }, { parent: { hidden: false } }] },
    select: { slug: true, updatedAt: true },
    orderBy: { slug: 'asc' },
  });
  return urlset([
    ...entries(origin, '/'),
    ...categories.flatMap((c) => entries(origin, `/categories/${encodeURIComponent(c.slug)}`, c.updatedAt)),
  ]);
}

/** One file of services or providers, from its first id; null when that id starts no file. */
export async function pagesFile(options: SitemapOptions, kind: Kind, startId: string): Promise<string | null> {
  const take = pagesPerFile(options);
  const { db, origin } = options;
  if (kind === 'services') {
    const rows = await db.service.findMany({
      where: { listed: true, id: { gte: startId } },
      select: { id: true, slug: true, updatedAt: true },
      orderBy: { id: 'asc' },
      take,
    });
    if (rows[0]?.id !== startId) return null;
    return urlset(rows.flatMap((s) => entries(origin, `/services/${encodeURIComponent(s.slug)}`, s.updatedAt)));
  }
  const rows = await db.providerProfile.findMany({
    where: { id: { gte: startId }, ...sellerWhere },
    select: { id: true, updatedAt: true },
    orderBy: { id: 'asc' },
    take,
  });
  if (rows[0]?.id !== startId) return null;
  return urlset(rows.flatMap((p) => entries(origin, `/providers/${encodeURIComponent(p.id)}`, p.updatedAt)));
}

/** `robots.txt`: everything public may be crawled except the signed-in and admin areas; the sitemap's address. */
export function robotsTxt(origin: string): string {
  const privatePaths = ['/admin', '/account', '/my/', '/check-email', '/verify-phone', '/verify-email', '/reset-password'];
  return [
    'User-agent: *',
    'Disallow: /api/',
    ...LOCALES.flatMap((l) => privatePaths.map((p) => `Disallow: /${l}${p}`)),
    'Allow: /',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
