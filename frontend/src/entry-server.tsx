// The server side of the web client: renders a page of the route table to HTML with its data,
// for the API's server (backend/src/modules/web). Built by `vite build --ssr` into dist-ssr/.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DEFAULT_LOCALE, LOCALES, localeOfPath, type Locale } from '@khadamat/contracts';
import { dehydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, isRouteErrorResponse, StaticRouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { srcSetOf } from '@/components/ui/responsive-photo';
import type { PageSeo, RouteHandle, SeoContext } from '@/app/page-data';
import { createRoutes } from '@/app/router';
import { SSR_DATA_ID } from '@/app/ssr-data';
import { setApiTransport, type ApiTransport } from '@/lib/api-client';
import { APP_NAME, directionOf, i18nFor, loadFeatureMessages, loadMessages, localizedHref } from '@/lib/i18n/i18n';
import { createQueryClient } from '@/lib/query-client';

export interface RenderRequest {
  /** The request's URL (its path starts with a language: `/ar/services/x`). */
  url: URL;
  /** The platform's public origin, for canonical and alternate URLs (`https://khadamat.ma`). */
  origin: string;
  /** How this request's data loads reach the API (in process, as the visitor). */
  api: ApiTransport;
  signal?: AbortSignal;
}

export type RenderResult =
  | { kind: 'redirect'; status: number; location: string }
  | {
      kind: 'page';
      status: number;
      locale: Locale;
      dir: 'ltr' | 'rtl';
      /** Title, description, canonical and alternate links, Open Graph, JSON-LD. */
      head: string;
      /** Fetched first, at the top of the head: the page's largest picture. */
      preload: string;
      /** The page, for `<div id="root">`. */
      html: string;
      /** The state the browser takes over, a `<script type="application/json">` to put after the root. */
      state: string;
      /**
       * What the page says, without the times its data was fetched (which the state carries for
       * the browser's cache): the same for the same page, for its ETag.
       */
      version: string;
    };

// Each render's API calls go through its own transport (the visitor's address for rate limits).
const apiOfRender = new AsyncLocalStorage<ApiTransport>();
setApiTransport((path, init) => {
  const api = apiOfRender.getStore();
  if (!api) throw new Error('API call outside a server render');
  return api(path, init);
});

/** The fetch times in the dehydrated query cache. */
const TIMESTAMPS = new Set(['dehydratedAt', 'dataUpdatedAt', 'errorUpdatedAt']);

const OG_LOCALES: Record<Locale, string> = { fr: 'fr_MA', ar: 'ar_MA', en: 'en_GB' };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSON inside a `<script>`: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Route errors as the browser router revives them (`__staticRouterHydrationData`). */
function serializeErrors(errors: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!errors) return null;
  return Object.fromEntries(
    Object.entries(errors).map(([id, error]) => [
      id,
      isRouteErrorResponse(error)
        ? { ...error, __type: 'RouteErrorResponse' }
        : error instanceof Error
          ? { message: error.message, __type: 'Error' }
          : error,
    ]),
  );
}

function headOf({
  seo,
  locale,
  path,
  search,
  origin,
}: {
  seo: PageSeo;
  locale: Locale;
  path: string;
  search: string;
  origin: string;
}): string {
  const title = seo.title ? `${seo.title} · ${APP_NAME}` : APP_NAME;
  const url = (l: Locale) => `${origin}${localizedHref(l, path)}${search}`;
  const tags = [
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(seo.description)}">`,
    ...(seo.noindex ? ['<meta name="robots" content="noindex, follow">'] : []),
    `<link rel="canonical" href="${escapeHtml(url(locale))}">`,
    ...LOCALES.map((l) => `<link rel="alternate" hreflang="${l}" href="${escapeHtml(url(l))}">`),
    // Without a language, the URL redirects by the visitor's choice, then their browser's.
    `<link rel="alternate" hreflang="x-default" href="${escapeHtml(`${origin}${path === '/' ? '/' : path}${search}`)}">`,
    `<meta property="og:site_name" content="${APP_NAME}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:title" content="${escapeHtml(seo.title || APP_NAME)}">`,
    `<meta property="og:description" content="${escapeHtml(seo.description)}">`,
    `<meta property="og:url" content="${escapeHtml(url(locale))}">`,
    `<meta property="og:locale" content="${OG_LOCALES[locale]}">`,
    ...LOCALES.filter((l) => l !== locale).map((l) => `<meta property="og:locale:alternate" content="${OG_LOCALES[l]}">`),
    ...(seo.image
      ? [`<meta property="og:image" content="${escapeHtml(seo.image)}">`, '<meta name="twitter:card" content="summary_large_image">']
      : []),
    ...(seo.jsonLd ?? []).map((item) => `<script type="application/ld+json">${scriptJson(item)}</script>`),
  ];
  return tags.join('\n    ');
}

function preloadOf({ photo, sizes }: NonNullable<PageSeo['lcpImage']>): string {
  const srcset = srcSetOf(photo);
  const variants = srcset ? ` imagesrcset="${escapeHtml(srcset)}" imagesizes="${escapeHtml(sizes)}"` : '';
  return `<link rel="preload" as="image" href="${escapeHtml(photo.variants['320w'] ?? photo.url)}"${variants} fetchpriority="high">`;
}

export async function render({ url, origin, api, signal }: RenderRequest): Promise<RenderResult> {
  const locale = localeOfPath(url.pathname) ?? DEFAULT_LOCALE;
  const basename = `/${locale}`;
  const queryClient = createQueryClient();
  const handler = createStaticHandler(createRoutes(queryClient), { basename });
  const request = new Request(url, { signal: signal ?? null });
  await loadMessages(locale);
  // Every text on the server, the bookings' too (the browser loads those with the pages that show them).
  await loadFeatureMessages();
  const context = await apiOfRender.run(api, () => handler.query(request));
  if (context instanceof Response) {
    // A loader's redirect (none today; a route added later may have one).
    return { kind: 'redirect', status: context.status, location: context.headers.get('location') ?? basename };
  }

  const i18n = i18nFor(locale);
  const path = url.pathname.slice(basename.length) || '/';
  const ctx: SeoContext = { locale, t: i18n.t, queryClient, params: {}, url, origin };
  const failed = context.errors ? Object.values(context.errors)[0] : undefined;
  let seo: PageSeo | null = null;
  if (isRouteErrorResponse(failed) && failed.status === 410) {
    seo = { title: i18n.t('gone.title'), description: i18n.t('gone.body'), noindex: true };
  } else if (failed) {
    seo = { title: i18n.t('notFound.title'), description: i18n.t('notFound.body'), noindex: true };
  } else {
    const match = context.matches.findLast((m) => (m.route.handle as RouteHandle | undefined)?.seo);
    seo = match ? ((match.route.handle as RouteHandle).seo?.({ ...ctx, params: match.params }) ?? null) : null;
  }
  seo ??= { title: '', description: i18n.t('seo.default') };

  const head = headOf({ seo, locale, path, search: seo.keepQuery ? url.search : '', origin });
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    <StrictMode>
      <AppProvider locale={locale} queryClient={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </AppProvider>
    </StrictMode>,
  );
  const state = {
    router: { loaderData: context.loaderData, actionData: context.actionData, errors: serializeErrors(context.errors) },
    queries: dehydrate(queryClient),
  };
  queryClient.clear();
  const timeless = JSON.stringify(state, (key, value: unknown) => (TIMESTAMPS.has(key) ? undefined : value));
  return {
    kind: 'page',
    status: context.statusCode,
    locale,
    dir: directionOf(locale),
    head,
    preload: seo.lcpImage ? preloadOf(seo.lcpImage) : '',
    html,
    state: `<script type="application/json" id="${SSR_DATA_ID}">${scriptJson(state)}</script>`,
    version: createHash('sha256').update(head).update(html).update(timeless).digest('base64url'),
  };
}
