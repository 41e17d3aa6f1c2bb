import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { ApiClientError } from '@/lib/api-client';

/** Loading, not found and error states of the service and provider pages. */
export function QueryState({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('common.loading')}
      </p>
    );
  }
  if (error instanceof ApiClientError && error.status === 404) {
    return (
      <div className="state">
        <h1 className="state__message">{t('service.notFound')}</h1>
        <Link to="/search" className="button">
          {t('service.backToSearch')}
        </Link>
      </div>
    );
  }
  // A dependency outage: the page is retried by itself, so a calm line, not an alarm.
  if (error instanceof ApiClientError && error.temporarilyUnavailable) {
    return (
      <div className="state">
        <p className="state__message">{t(`apiErrors.${error.code as 'DATABASE_UNAVAILABLE'}`)}</p>
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="state state--error" role="alert">
      <p className="state__message">{t('service.error')}</p>
      {error instanceof ApiClientError && error.requestId && (
        <p className="state__detail">
          {t('common.errorReference')} <bdi>{error.requestId}</bdi>
        </p>
      )}
      <button type="button" className="button" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
