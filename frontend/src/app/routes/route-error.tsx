import { useEffect } from 'react';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** Shown inside the layout when a page throws while rendering. */
export function RouteErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
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
