import { useEffect } from 'react';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { NotFoundRoute } from './not-found';

/** A removed service (410): said so, with the way to find another. */
function GonePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('gone.title'));
  return (
    <section className="container section message-page">
      <p className="message-page__code" aria-hidden="true">
        410
      </p>
      <h1>{t('gone.heading')}</h1>
      <p>{t('gone.body')}</p>
      <Link to="/search" className="button">
        {t('gone.search')}
      </Link>
    </section>
  );
}

/** Shown inside the layout when a page's loader answers 404 or 410, or a page throws while rendering. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundRoute />;
  if (isRouteErrorResponse(error) && error.status === 410) return <GonePage />;
  return <UnexpectedError error={error} />;
}

function UnexpectedError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  useDocumentTitle(t('routeError.title'));

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <section className="container section message-page" role="alert">
      <h1>{t('routeError.heading')}</h1>
      <p>{t('routeError.body')}</p>
      <a href="/" className="button">
        {t('routeError.backHome')}
      </a>
    </section>
  );
}
