import { localeOfPath, type Locale } from '@khadamat/contracts';
import { hydrate, type DehydratedState, type QueryClient } from '@tanstack/react-query';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type DataRouter, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { LocaleSwitchContext } from '@/app/locale-switch';
import { AppProvider } from '@/app/provider';
import { createRoutes } from '@/app/router';
import { SSR_DATA_ID } from '@/app/ssr-data';
import { applyToDocument, localizedHref, preferredBrowserLocale, saveLocale } from '@/lib/i18n/i18n';
import { createQueryClient } from '@/lib/query-client';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

type Hydration = { loaderData: DataRouter['state']['loaderData']; errors: DataRouter['state']['errors'] };
const routerFor = (routes: RouteObject[], locale: Locale, hydrationData?: Hydration) =>
  createBrowserRouter(routes, { basename: `/${locale}`, ...(hydrationData ? { hydrationData } : {}) });

/**
 * The app in the browser. Switching the language replaces the URL's prefix and the router (whose
 * basename is the language) in place: the pages stay mounted, so whatever is on them is kept.
 */
function Root({ locale: initialLocale, queryClient, routes }: { locale: Locale; queryClient: QueryClient; routes: RouteObject[] }) {
  const [current, setCurrent] = useState(() => {
    const router = routerFor(routes, initialLocale);
    // Read once by the first router (the server's state of the first page), never by the next ones.
    delete (window as { __staticRouterHydrationData?: unknown }).__staticRouterHydrationData;
    return { locale: initialLocale, router };
  });
  useEffect(() => {
    // The app runs: what browser tests wait for before using a server-rendered page.
    document.documentElement.setAttribute('data-hydrated', '');
  }, []);
  const switchLocale = useCallback(
    (locale: Locale, href: string) => {
      saveLocale(locale);
      if (locale === current.locale) return;
      window.history.replaceState(window.history.state, '', localizedHref(locale, href));
      // The same page in the other language: the new router starts from the current one's data and errors.
      const { loaderData, errors } = current.router.state;
      current.router.dispose();
      applyToDocument(locale);
      setCurrent({ locale, router: routerFor(routes, locale, { loaderData, errors }) });
    },
    [current, routes],
  );
  return (
    <LocaleSwitchContext.Provider value={switchLocale}>
      <AppProvider locale={current.locale} queryClient={queryClient}>
        <RouterProvider router={current.router} />
      </AppProvider>
    </LocaleSwitchContext.Provider>
  );
}

/**
 * Server-rendered pages carry their router state and query cache: the browser takes them
 * over (hydration) without fetching again. The dev server sends none: the page renders here.
 */
async function start(root: HTMLElement, locale: Locale): Promise<void> {
  // Set by the server already; the dev server's page says French whatever the URL.
  applyToDocument(locale);
  const queryClient = createQueryClient();
  const routes = createRoutes(queryClient);
  const ssrData = document.getElementById(SSR_DATA_ID)?.textContent;
  if (ssrData) {
    const state = JSON.parse(ssrData) as { router: unknown; queries: DehydratedState };
    hydrate(queryClient, state.queries);
    // createBrowserRouter reads it from there (and revives the route errors it holds).
    (window as { __staticRouterHydrationData?: unknown }).__staticRouterHydrationData = state.router;
    // The first page's on-demand routes load before hydrating, so the first render matches the HTML.
    const lazy = (matchRoutes(routes, window.location, `/${locale}`) ?? []).filter((match) => match.route.lazy);
    await Promise.all(
      lazy.map(async ({ route }) => {
        const loaded = await (route.lazy as () => Promise<object>)();
        Object.assign(route, loaded, { lazy: undefined });
      }),
    );
  }
  const app = (
    <StrictMode>
      <Root locale={locale} queryClient={queryClient} routes={routes} />
    </StrictMode>
  );
  if (ssrData) hydrateRoot(root, app);
  else createRoot(root).render(app);
}

const locale = localeOfPath(window.location.pathname);
if (locale) {
  void start(container, locale);
} else {
  // The server redirects URLs without a language; the dev server does not, so the page does.
  const { pathname, search, hash } = window.location;
  window.location.replace(localizedHref(preferredBrowserLocale(), `${pathname}${search}${hash}`));
}
