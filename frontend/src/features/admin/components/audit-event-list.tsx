import { useTranslation } from 'react-i18next';
import { Spinner } from '@/components/ui/spinner';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useAuditEvents } from '../api/get-audit-events';

/** The latest audit events, newest first. */
export function AuditEventList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const events = useAuditEvents();

  if (events.isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('admin.home.loading')}
      </p>
    );
  }

  if (events.isError) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('admin.home.error')}</p>
        <button type="button" className="button" onClick={() => void events.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  if (events.data.length === 0) return <p className="state">{t('admin.home.empty')}</p>;

  return (
    // Focusable: keyboard users can scroll a wide table sideways on small screens.
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t('admin.home.when')}</th>
            <th scope="col">{t('admin.home.action')}</th>
            <th scope="col">{t('admin.home.actor')}</th>
            <th scope="col">{t('admin.home.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {events.data.map((event) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, locale)}</time>
              </td>
              <td>
                <code dir="ltr">{event.action}</code>
              </td>
              <td>{event.actorId ? <bdi>{event.actorId}</bdi> : t('admin.home.system')}</td>
              <td>
                <bdi>{event.ip}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
