import { localeOfPath, type Locale } from '@khadamat/contracts/plain';
import { hydrate, type DehydratedState, type QueryClient } from '@tanstack/react-query';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createLocaleWindow, withoutLocale } from '@/app/locale-window';
import { LocaleSwitchContext } from '@/app/locale-switch';
import { AppProvider } from '@/app/provider';
import { createRoutes } from '@/app/router';
import { SSR_DATA_ID } from '@/app/ssr-data';
import { saveMemberLocale } from '@/features/account/api/update-profile';
import { applyToDocument, loadMessages, localizedHref, preferredBrowserLocale, saveLocale } from '@/lib/i18n/i18n';
import { createQueryClient } from '@/lib/query-client';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

/**
 * The app in the browser: one router over the app's paths (`/search`), the language being the
 * URL's prefix (see locale-window.ts). Switching the language changes the prefix and the texts
 * in place: the page stays mounted, so whatever is on it is kept.
 */
function Root({ locale: initialLocale, queryClient, routes }: { locale: Locale; queryClient: QueryClient; routes: RouteObject[] }) {
  const [locale, setLocale] = useState(initialLocale);
  const [{ router, localeWindow }] = useState(() => {
    const localeWindow = createLocaleWindow(initialLocale, (landed) => {
      void loadMessages(landed).then(() => {
        applyToDocument(landed);
        setLocale(landed);
      });
    });
    const router = createBrowserRouter(routes, { window: localeWindow.window });
    // The links' addresses carry the language, as the server renders them (`/ar/search`).
    const createHref = router.createHref.bind(router);
    router.createHref = (location) => localeWindow.localize(createHref(location));
    return { router, localeWindow };
  });
  useEffect(() => {
    // The app runs: what browser tests wait for before using a server-rendered page.
    document.documentElement.setAttribute('data-hydrated', '');
  }, []);
  const switchLocale = useCallback(
    async (next: Locale) => {
      saveLocale(next);
      void saveMemberLocale(queryClient, next);
      if (next === localeWindow.locale()) return;
      // Its texts first (a chunk of their own), then the page changes language at once.
      await loadMessages(next);
      localeWindow.setLocale(next);
      applyToDocument(next);
      setLocale(next);
      // The same location again, for every link to take the new prefix.
      const { pathname, search, hash } = router.state.location;
      void router.navigate({ pathname, search, hash }, { replace: true, preventScrollReset: true, state: router.state.location.state });
    },
    [localeWindow, queryClient, router],
  );
  return (
    <LocaleSwitchContext.Provider value={switchLocale}>
      <AppProvider locale={locale} queryClient={queryClient}>
        <RouterProvider router={router} />
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
  const messages = loadMessages(locale);
  const queryClient = createQueryClient();
  const routes = createRoutes(queryClient);
  const ssrData = document.getElementById(SSR_DATA_ID)?.textContent;
  if (ssrData) {
    const state = JSON.parse(ssrData) as { router: unknown; queries: DehydratedState };
    hydrate(queryClient, state.queries);
    // createBrowserRouter reads it from there (and revives the route errors it holds).
    (window as { __staticRouterHydrationData?: unknown }).__staticRouterHydrationData = state.router;
    // The first page's on-demand routes load before hydrating, so the first render matches the HTML.
    const { search, hash } = window.location;
    const lazy = (matchRoutes(routes, { pathname: withoutLocale(window.location.pathname), search, hash }) ?? []).filter(
      (match) => match.route.lazy,
    );
    await Promise.all(
      lazy.map(async ({ route }) => {
        const loaded = await (route.lazy as () => Promise<object>)();
        Object.assign(route, loaded, { lazy: undefined });
      }),
    );
  }
  await messages;
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
