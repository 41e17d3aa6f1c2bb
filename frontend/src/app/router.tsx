import { createBrowserRouter } from 'react-router';
import { MainLayout } from '@/components/layouts/main-layout';
import { RequireAdmin, RequireProvider, RequireSession } from './route-guards';
import { AccountRoute } from './routes/account/account';
import { AccountDeletedRoute } from './routes/account/account-deleted';
import { AdminHomeRoute } from './routes/admin/admin-home';
import { AdminSignInRoute } from './routes/admin/admin-sign-in';
import { CheckEmailRoute } from './routes/auth/check-email';
import { ForgotPasswordRoute } from './routes/auth/forgot-password';
import { ResetPasswordRoute } from './routes/auth/reset-password';
import { SignInRoute } from './routes/auth/sign-in';
import { SignUpRoute } from './routes/auth/sign-up';
import { VerifyEmailRoute } from './routes/auth/verify-email';
import { VerifyPhoneRoute } from './routes/auth/verify-phone';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { RouteErrorBoundary } from './routes/route-error';
import { SearchRoute } from './routes/search/search';
import { MyServicesRoute } from './routes/services/my-services';
import { ProviderRoute } from './routes/services/provider';
import { ServiceRoute } from './routes/services/service';

export function createRouter() {
  return createBrowserRouter([
    {
      element: <MainLayout />,
      children: [
        {
          // pathless: page errors render inside the layout, keeping header and language switch
          errorElement: <RouteErrorBoundary />,
          children: [
            { index: true, element: <HomeRoute /> },
            { path: 'search', element: <SearchRoute /> },
            { path: 'services/:slug', element: <ServiceRoute /> },
            { path: 'providers/:id', element: <ProviderRoute /> },
            {
              element: <RequireProvider />,
              children: [
                { path: 'my/services', element: <MyServicesRoute /> },
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
            { path: 'sign-up', element: <SignUpRoute /> },
            { path: 'sign-in', element: <SignInRoute /> },
            // The links in our mails land here (`${FRONTEND_URL}/verify-email?token=…`, `/reset-password?token=…`).
            { path: 'verify-email', element: <VerifyEmailRoute /> },
            { path: 'forgot-password', element: <ForgotPasswordRoute /> },
            { path: 'reset-password', element: <ResetPasswordRoute /> },
            { path: 'account/deleted', element: <AccountDeletedRoute /> },
            {
              element: <RequireSession />,
              children: [
                { path: 'check-email', element: <CheckEmailRoute /> },
                { path: 'verify-phone', element: <VerifyPhoneRoute /> },
                { path: 'account', element: <AccountRoute /> },
              ],
            },
            { path: 'admin/sign-in', element: <AdminSignInRoute /> },
            {
              element: <RequireAdmin />,
              children: [
                { path: 'admin', element: <AdminHomeRoute /> },
                { path: 'admin/kyc', lazy: async () => ({ Component: (await import('./routes/admin/kyc-queue')).KycQueueRoute }) },
                { path: 'admin/kyc/:id', lazy: async () => ({ Component: (await import('./routes/admin/kyc-case')).KycCaseRoute }) },
              ],
            },
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ]);
}
