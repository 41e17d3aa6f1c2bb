import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useNotifications } from '../api/get-notifications';
import { useMarkNotificationsRead } from '../api/mark-notifications-read';

/** The bell's notifications, newest first: each links to its booking and may be marked read; or all at once. */
export function NotificationList() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useNotifications();
  const markRead = useMarkNotificationsRead();

  if (!data) {
    return <LoadState error={error} message={t('notifications.list.loadError')} retry={() => void refetch()} />;
  }
  const notifications = data.pages.flatMap((page) => page.notifications);
  const unread = data.pages[0]?.unreadCount ?? 0;
  return (
    <>
      <p role="status">{t('notifications.list.unread', { count: unread })}</p>
      {unread > 0 && (
        <SubmitButton
          type="button"
          variant="secondary"
          pending={markRead.isPending}
          pendingLabel={t('notifications.list.marking')}
          onClick={() => markRead.mutate(undefined)}
        >
          {t('notifications.list.markAll')}
        </SubmitButton>
      )}
      {notifications.length === 0 ? (
        <p className="state">{t('notifications.list.empty')}</p>
      ) : (
        <ul className="notifications">
          {notifications.map((notification) => (
            <li
              key={notification.id}
              className={notification.readAt ? 'notifications__item' : 'notifications__item notifications__item--unread'}
            >
              <p className="notifications__title">
                {!notification.readAt && <span className="visually-hidden">{t('notifications.list.new')} </span>}
                <strong>
                  <bdi>{notification.title}</bdi>
                </strong>
              </p>
              <p className="prewrap">
                <bdi>{notification.body}</bdi>
              </p>
              <p className="notifications__meta">
                <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt, locale)}</time>
                {notification.bookingId && (
                  <Link to={`/bookings/${encodeURIComponent(notification.bookingId)}`}>{t('notifications.list.openBooking')}</Link>
                )}
                {!notification.readAt && (
                  <button type="button" className="link-button" onClick={() => markRead.mutate([notification.id])}>
                    {t('notifications.list.markOne')}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {t('notifications.list.more')}
        </button>
      )}
    </>
  );
}
