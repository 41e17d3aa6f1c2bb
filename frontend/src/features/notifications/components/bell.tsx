import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useNotifications } from '../api/get-notifications';

/** The header's bell: a link to the notifications page, saying how many are unread. */
export function Bell() {
  const { t } = useTranslation();
  const { data } = useNotifications();
  const unread = data?.pages[0]?.unreadCount ?? 0;
  return (
    <NavLink to="/notifications" className="site-nav__link bell">
      <span aria-hidden="true" className="bell__icon">
        🔔
      </span>
      <span className="visually-hidden">{t('notifications.bell.label')}</span>
      {unread > 0 ? (
        <span className="bell__count">
          {unread}
          <span className="visually-hidden"> {t('notifications.bell.unread', { count: unread })}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
