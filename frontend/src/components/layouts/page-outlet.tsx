import { useTranslation } from 'react-i18next';
import { Outlet, useMatches } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useHydrated } from '@/hooks/use-hydrated';

/**
 * The page. Public pages (a route with `handle.seo`) are rendered on the server; the others
 * (sign-in, account, provider and admin areas, and any route added without `seo`) only in the
 * browser: their forms must never be usable before the app runs (a form submitted natively
 * would put a password in a URL), and what they show depends on the session.
 */
export function PageOutlet() {
  const { t } = useTranslation();
  const matches = useMatches();
  const hydrated = useHydrated();
  const isPublic = matches.some((match) => {
    const handle = match.handle as { seo?: unknown } | undefined;
    return handle?.seo !== undefined;
  });
  // A route error (404, 410) is shown by the boundary, which is public by nature.
  if (isPublic || hydrated) return <Outlet />;
  return (
    <div className="container section">
      <p className="state" role="status">
        <Spinner />
        {t('common.loading')}
      </p>
    </div>
  );
}
