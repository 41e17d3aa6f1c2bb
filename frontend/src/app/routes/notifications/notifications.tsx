import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from '@/features/notifications/components/notification-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/notifications`: the bell's list. */
export function NotificationsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.list.title'));
  return (
    <div className="container section narrow">
      <h1 className="section__heading">{t('notifications.list.title')}</h1>
      <p>
        <Link to="/account/notifications">{t('notifications.list.preferences')}</Link>
      </p>
      <NotificationList />
    </div>
  );
}

export default NotificationsRoute;
