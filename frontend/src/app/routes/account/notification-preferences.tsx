import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PreferencesForm } from '@/features/notifications/components/preferences-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/account/notifications`: which events reach the member by mail, SMS and the bell. */
export function NotificationPreferencesRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.preferences.title'));
  return (
    <div className="container section narrow">
      <p>
        <Link to="/account">{t('notifications.preferences.back')}</Link>
      </p>
      <h1 className="section__heading">{t('notifications.preferences.title')}</h1>
      <section className="panel">
        <PreferencesForm />
      </section>
    </div>
  );
}

export default NotificationPreferencesRoute;
