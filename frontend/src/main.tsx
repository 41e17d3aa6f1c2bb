import { localeOfPath, type Locale } from '@khadamat/contracts';
import { hydrate, type DehydratedState } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppProvider } from '@/app/provider';
import { createRoutes } from '@/app/router';
import { SSR_DATA_ID } from '@/app/ssr-data';
import { directionOf, localizedHref, preferredBrowserLocale } from '@/lib/i18n/i18n';
import { createQueryClient } from '@/lib/query-client';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

/**
 * Server-rendered pages carry their router state and query cache: the browser takes them
 * over (hydration) without fetching again. The dev server sends none: the page renders here.
 */
async function start(root: HTMLElement, locale: Locale): Promise<void> {
  // Set by the server already; the dev server's page says French whatever the URL.
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  const queryClient = createQueryClient();
  const routes = createRoutes(queryClient);
  const basename = `/${locale}`;
  const ssrData = document.getElementById(SSR_DATA_ID)?.textContent;
  if (ssrData) {
    const state = JSON.parse(ssrData) as { router: unknown; queries: DehydratedState };
    hydrate(queryClient, state.queries);
    // createBrowserRouter reads it from there (and revives the route errors it holds).
    (window as { __staticRouterHydrationData?: unknown }).__staticRouterHydrationData = state.router;
    // The first page's on-demand routes load before hydrating, so the first render matches the HTML.
    const lazy = (matchRoutes(routes, window.location, basename) ?? []).filter((match) => match.route.lazy);
    await Promise.all(
      lazy.map(async ({ route }) => {
        const loaded = await (route.lazy as () => Promise<object>)();
        Object.assign(route, loaded, { lazy: undefined });
      }),
    );
  }
  const router = createBrowserRouter(routes, { basename });
  const app = (
    <StrictMode>
      <AppProvider locale={locale} queryClient={queryClient}>
        <RouterProvider router={router} />
      </AppProvider>
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
