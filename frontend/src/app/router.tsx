import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { MainLayout } from '@/components/layouts/main-layout';
import { loadFeatureMessages } from '@/lib/i18n/i18n';
import { loaders, seo, serverLoader, type RouteHandle } from './page-data';
import { RequireAdmin, RequireProvider, RequireSession } from './route-guards';
import { AccountDeletedRoute } from './routes/account/account-deleted';
import { CategoryRoute } from './routes/category';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { RouteErrorBoundary } from './routes/route-error';
import { SearchRoute } from './routes/search/search';

/**
 * The route table, under the language of the URL (`/fr`, `/ar`, `/en`): the server's router has
 * it as basename (entry-server.tsx), the browser's sees URLs without it (app/locale-window.ts).
 * So every path here — and every `<Link to="/…">` — gets the prefix without naming it, and a
 * URL without one is redirected by the server.
 *
 * The public pages have a loader on the server (their data, prefetched for the HTML) and
 * `handle.seo` (their title, description and JSON-LD). Home, search and category pages are in
 * the first bundle; the service and provider pages (with the slot picker) are loaded on
 * demand, rendered on the server all the same, and loaded before hydrating when a visit starts
 * on one (main.tsx). The other pages are loaded on demand and rendered in the browser only
 * (components/layouts/page-outlet.tsx).
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });
  // The pages that show bookings, messages, notifications or reviews load their texts with their code (lib/i18n/i18n.ts).
  const featurePage = (load: () => Promise<{ default: React.ComponentType }>) => async () => {
    const [loaded] = await Promise.all([load(), loadFeatureMessages()]);
    return { Component: loaded.default };
  };
  return [
    {
      element: <MainLayout />,
      children: [
        {
          // pathless: page errors render inside the layout, keeping header and language switch
          errorElement: <RouteErrorBoundary />,
          children: [
            {
              index: true,
              element: <HomeRoute />,
              ...serverLoader(loaders.home(queryClient)),
              handle: { seo: seo.home } satisfies RouteHandle,
            },
            {
              path: 'search',
              element: <SearchRoute />,
              ...serverLoader(loaders.search(queryClient)),
              handle: { seo: seo.search } satisfies RouteHandle,
            },
            {
              path: 'categories/:slug',
              element: <CategoryRoute />,
              ...serverLoader(loaders.category(queryClient)),
              handle: { seo: seo.category } satisfies RouteHandle,
            },
            {
              path: 'services/:slug',
              // With the bookings' texts: its slot picker shows them.
              lazy: async () => {
                const [loaded] = await Promise.all([import('./routes/services/service'), loadFeatureMessages()]);
                return { Component: loaded.ServiceRoute };
              },
              ...serverLoader(loaders.service(queryClient)),
              handle: { seo: seo.service } satisfies RouteHandle,
            },
            {
              path: 'providers/:id',
              // With the feature texts: its reviews show them.
              lazy: async () => {
                const [loaded] = await Promise.all([import('./routes/services/provider'), loadFeatureMessages()]);
                return { Component: loaded.ProviderRoute };
              },
              ...serverLoader(loaders.provider(queryClient)),
              handle: { seo: seo.provider } satisfies RouteHandle,
            },
            {
              element: <RequireProvider />,
              children: [
                { path: 'my/services', lazy: page(() => import('./routes/services/my-services')) },
                { path: 'my/agenda', lazy: featurePage(() => import('./routes/bookings/agenda')) },
                { path: 'my/availability', lazy: featurePage(() => import('./routes/bookings/availability')) },
                // Payouts: balances, the rail (Stripe Connect or bank transfer), statements.
                { path: 'account/payouts', lazy: featurePage(() => import('./routes/account/payouts')) },
                // Onboarding and verification: loaded when first visited.
                {
                  path: 'provider/onboarding',
                  lazy: async () => ({ Component: (await import('./routes/provider/onboarding')).OnboardingRoute }),
                },
                {
                  path: 'provider/verification',
                  lazy: async () => ({ Component: (await import('./routes/provider/verification')).VerificationRoute }),
                },
              ],
            },
            { path: 'sign-up', lazy: page(() => import('./routes/auth/sign-up')) },
            { path: 'sign-in', lazy: page(() => import('./routes/auth/sign-in')) },
            // The links in our mails land here (`${FRONTEND_URL}/verify-email?token=…`, `/reset-password?token=…`),
            // redirected to the reader's language.
            { path: 'verify-email', lazy: page(() => import('./routes/auth/verify-email')) },
            { path: 'forgot-password', lazy: page(() => import('./routes/auth/forgot-password')) },
            { path: 'reset-password', lazy: page(() => import('./routes/auth/reset-password')) },
            // The "stop these emails" link of notice mails (no session needed).
            { path: 'unsubscribe', lazy: featurePage(() => import('./routes/account/unsubscribe')) },
            // In the first bundle: the page a deleted account lands on must not wait for a download,
            // or the session's end would send the member to the sign-in page first (see leaveThenForgetSession).
            { path: 'account/deleted', element: <AccountDeletedRoute /> },
            {
              element: <RequireSession />,
              children: [
                { path: 'check-email', lazy: page(() => import('./routes/auth/check-email')) },
                { path: 'verify-phone', lazy: page(() => import('./routes/auth/verify-phone')) },
                // With the feature texts: it links to the notification preferences.
                { path: 'account', lazy: featurePage(() => import('./routes/account/account')) },
                // Bookings: the page at /bookings/:id is the one our booking mails link to.
                { path: 'bookings', lazy: featurePage(() => import('./routes/bookings/my-bookings')) },
                { path: 'bookings/:id', lazy: featurePage(() => import('./routes/bookings/booking')) },
                { path: 'bookings/:id/pay', lazy: featurePage(() => import('./routes/checkout/checkout')) },
                { path: 'services/:slug/book', lazy: featurePage(() => import('./routes/bookings/book')) },
                // Messages, the bell and what reaches the member by which channel.
                { path: 'messages', lazy: featurePage(() => import('./routes/messages/inbox')) },
                { path: 'messages/:bookingId', lazy: featurePage(() => import('./routes/messages/conversation')) },
                { path: 'notifications', lazy: featurePage(() => import('./routes/notifications/notifications')) },
                { path: 'account/notifications', lazy: featurePage(() => import('./routes/account/notification-preferences')) },
                { path: 'account/payments', lazy: featurePage(() => import('./routes/account/payments')) },
              ],
            },
            { path: 'admin/sign-in', lazy: page(() => import('./routes/admin/admin-sign-in')) },
            {
              element: <RequireAdmin />,
              children: [
                // With the feature texts: it links to the reconciliation (its text is the payments').
                { path: 'admin', lazy: featurePage(() => import('./routes/admin/admin-home')) },
                { path: 'admin/payouts', lazy: featurePage(() => import('./routes/admin/payout-batches')) },
                { path: 'admin/kyc', lazy: async () => ({ Component: (await import('./routes/admin/kyc-queue')).KycQueueRoute }) },
                { path: 'admin/kyc/:id', lazy: async () => ({ Component: (await import('./routes/admin/kyc-case')).KycCaseRoute }) },
                { path: 'admin/disputes', lazy: featurePage(() => import('./routes/admin/disputes')) },
                {
                  path: 'admin/deliveries',
                  lazy: async () => ({ Component: (await import('./routes/admin/deliveries')).DeliveriesRoute }),
                },
                // With the feature texts, where the payments' are.
                { path: 'admin/reconciliation', lazy: featurePage(() => import('./routes/admin/reconciliation')) },
              ],
            },
            // Answers 404 (its loader throws), shown by the error boundary as the not-found page.
            // (Public: rendered on the server, its head written from the error.)
            {
              path: '*',
              element: <NotFoundRoute />,
              ...serverLoader(loaders.notFound(queryClient)),
              handle: { seo: () => null } satisfies RouteHandle,
            },
          ],
        },
      ],
    },
  ];
}
