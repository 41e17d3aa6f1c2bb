import { createBrowserRouter } from 'react-router';
import { MainLayout } from '@/components/layouts/main-layout';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { RouteErrorBoundary } from './routes/route-error';

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
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ]);
}
