import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { localeOfPath, type Locale } from '@khadamat/contracts';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../platform/errors/error-handler';
import { addVary } from '../../platform/http/send-json';
import { pagesFile, pagesSitemap, robotsTxt, sitemapIndex, type SitemapOptions } from './sitemap.service';
import { memoForVersion, searchVersion } from '../search/search-index.service';
import { preferredLocale } from './preferred-locale';

/** What the web client's server bundle (frontend/src/entry-server.tsx) exports. */
interface ServerRenderer {
  render(input: { url: URL; origin: string; api: (path: string, init: RequestInit) => Promise<Response> }): Promise<
    | { kind: 'redirect'; status: number; location: string }
    | {
        kind: 'page';
        status: number;
        locale: Locale;
        dir: 'ltr' | 'rtl';
        preload: string;
        head: string;
        html: string;
        state: string;
        version: string;
      }
  >;
}

export interface WebOptions {
  /** The built web client (`frontend/dist`): assets and the page template. */
  clientDir: string;
  /** Its server bundle (`frontend/dist-ssr`). */
  serverDir: string;
  /** URLs per sitemap file (the protocol's 50,000 by default). */
  sitemapUrlsPerFile?: number;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Whether the client will take HTML: browsers and crawlers (`text/html`, `*\/*` or nothing said). */
function wantsHtml(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = request.headers.accept;
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}

/** Paths that are never pages (their own handlers answer, or a 404 in the API's shape). */
function isReservedPath(lenient: string): boolean {
  return ['/api/', '/health/', '/files/', '/assets/', '/sitemaps/'].some((prefix) => `${lenient}/`.startsWith(prefix));
}

/** Adds to the `Vary` header (CORS has put `Origin` there). */
/** Brotli or gzip by the request's `Accept-Encoding` (pages are compressed as they are made). */
function compressFor(request: FastifyRequest, body: Buffer): { encoding: 'br' | 'gzip' | null; body: Buffer } {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) {
    return { encoding: 'br', body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) };
  }
  if (/\bgzip\b/.test(accepted)) return { encoding: 'gzip', body: gzipSync(body, { level: 6 }) };
  return { encoding: null, body };
}

/** HTML and XML answers: `no-cache` with a strong ETag, so a repeat visit of an unchanged page costs a 304. */
function sendRevalidated(request: FastifyRequest, reply: FastifyReply, type: string, text: string, version?: string): FastifyReply {
  const raw = Buffer.from(text);
  // `version`: what the answer says, when its text also carries what changes at every request.
  const etag = `"${createHash('sha256')
    .update(version ?? raw)
    .digest('base64url')
    .slice(0, 27)}"`;
  addVary(reply.header('etag', etag), 'Accept-Encoding');
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (request.headers['if-none-match'] === etag && reply.statusCode === 200) return reply.code(304).send();
  const { encoding, body } = compressFor(request, raw);
  if (encoding) reply.header('content-encoding', encoding);
  return reply.type(type).send(body);
}

/**
 * The web client on the API's port: its hashed assets (precompressed, cached for a year), its
 * pages rendered on the server in the language of their URL (URLs without one redirected), and
 * what search engines read (robots.txt, sitemaps). Registered once, last: pages are what the
 * not-found handler answers for a GET that wants HTML.
 */
export async function registerWeb(
  app: FastifyInstance,
  options: WebOptions,
): Promise<{ renderPage: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> } | null> {
  const origin = new URL(app.config.appBaseUrl).origin;
  const sitemap: SitemapOptions = {
    db: app.db,
    origin,
    ...(options.sitemapUrlsPerFile ? { urlsPerFile: options.sitemapUrlsPerFile } : {}),
  };

  // Crawlers' files are cheap to ask for and cost queries: limited like the API.
  // Not part of the API: kept out of its OpenAPI document.
  const limited = { preHandler: app.rateLimit(), schema: { hide: true } };
  app.get('/robots.txt', limited, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return sendRevalidated(request, reply, 'text/plain; charset=utf-8', robotsTxt(origin));
  });
  app.get('/sitemap.xml', limited, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    // One pass over a million services' ids: made once per catalogue version.
    const index = await memoForVersion(app.db, 'sitemap-index', await searchVersion(app.redis), () => sitemapIndex(sitemap));
    return sendRevalidated(request, reply, 'application/xml; charset=utf-8', index);
  });
  app.get<{ Params: { file: string } }>('/sitemaps/:file', limited, async (request, reply) => {
    const { file } = request.params;
    const match = /^(services|providers)-([A-Za-z0-9_-]{1,40})\.xml$/.exec(file);
    const xml =
      file === 'pages.xml'
        ? await pagesSitemap(sitemap)
        : match
          ? await pagesFile(sitemap, match[1] as 'services' | 'providers', match[2]!)
          : null;
    if (xml === null) return sendError(reply, 404, 'NOT_FOUND', 'No such sitemap');
    reply.header('cache-control', 'public, max-age=3600');
    return sendRevalidated(request, reply, 'application/xml; charset=utf-8', xml);
  });

  const templateFile = join(options.clientDir, 'index.html');
  const rendererFile = join(options.serverDir, 'entry-server.js');
  // Not built (`npm run build`): the API alone; its not-found handler answers every other path.
  if (!existsSync(templateFile) || !existsSync(rendererFile)) return null;
  const template = readFileSync(templateFile, 'utf8')
    .replace(/\s*<title>[^<]*<\/title>/, '')
    .replace(/\s*<meta name="description"[^>]*>/, '');
  const renderer = (await import(pathToFileURL(rendererFile).href)) as ServerRenderer;
  // A new build (new asset names) is a new version of every page.
  const templateVersion = createHash('sha256').update(template).digest('base64url');

  // The same file is sent as brotli, gzip or plain: caches must keep them apart (added to the
  // `Vary: Origin` of CORS, which would otherwise replace ours). Before the plugin, which inherits it.
  app.addHook('onSend', async (request, reply) => {
    if ((request.routeOptions.config as { file?: unknown }).file === undefined) return;
    addVary(reply, 'Accept-Encoding');
  });
  await app.register(fastifyStatic, {
    root: options.clientDir,
    wildcard: false,
    index: false,
    // The page template is never sent as it is: pages are rendered.
    allowedPath: (pathName) => pathName !== '/index.html',
    preCompressed: true,
    // Our header, not the plugin's (which would otherwise replace it with `max-age=0`).
    cacheControl: false,
    // Vite fingerprints everything under assets/, so those never change.
    setHeaders: (res, path) => res.setHeader('cache-control', path.includes('/assets/') ? IMMUTABLE : 'no-cache'),
  });

  // The page's data goes through the API in process, as the visitor (their address counts
  // in the rate limit; their request id is in the log lines).
  const apiFor =
    (request: FastifyRequest) =>
    async (path: string, init: RequestInit): Promise<Response> => {
      const res = await app.inject({
        method: (init.method ?? 'GET') as 'GET',
        url: path,
        headers: { accept: 'application/json', 'x-request-id': request.id },
        remoteAddress: request.ip,
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, String(value));
      return new Response(res.statusCode === 204 || res.statusCode === 304 ? null : res.rawPayload, { status: res.statusCode, headers });
    };

  async function renderPage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const url = new URL(request.url, origin);
    if (!localeOfPath(url.pathname)) {
      // No language in the URL (an old link, a mail's link, `/`): the visitor's, by redirect.
      const locale = await preferredLocale(app.db, request);
      const path = url.pathname === '/' ? '' : url.pathname;
      return addVary(reply.header('cache-control', 'private, no-cache'), 'Cookie, Accept-Language').redirect(
        `/${locale}${path}${url.search}`,
        302,
      );
    }
    const page = await renderer.render({ url, origin, api: apiFor(request) });
    if (page.kind === 'redirect') return reply.redirect(page.location, page.status);
    const html = template
      .replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${page.locale}" dir="${page.dir}">`)
      .replace(/<meta charset="UTF-8" ?\/?>/, (charset) => `${charset}\n    ${page.preload}`)
      .replace('</head>', `  ${page.head}\n  </head>`)
      .replace('<div id="root"></div>', `<div id="root">${page.html}</div>${page.state}`);
    reply.code(page.status).header('content-language', page.locale);
    return sendRevalidated(request, reply, 'text/html; charset=utf-8', html, `${templateVersion}:${page.version}`);
  }

  return { renderPage };
}

export { wantsHtml, isReservedPath };
