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
      <svg className="bell__icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
        <path
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
        />
      </svg>
      <span className="visually-hidden">{t('nav.bell')}</span>
      {unread > 0 ? (
        <span className="bell__count">
          {unread}
          <span className="visually-hidden"> {t('nav.bellUnread')}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
