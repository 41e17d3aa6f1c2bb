import { Link, NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ServiceStatusBanner } from '@/components/ui/service-status-banner';
import { APP_NAME } from '@/lib/i18n/i18n';
import { PageOutlet } from './page-outlet';
import { SessionMenu } from './session-menu';

export function MainLayout() {
  const { t } = useTranslation();

  return (
    <div className="layout">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              K
            </span>
            <span className="brand__name">{APP_NAME}</span>
          </Link>
          <nav className="site-nav" aria-label={t('app.mainNav')}>
            <ul className="site-nav__list">
              <li>
                <NavLink to="/" end className="site-nav__link">
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/search" className="site-nav__link">
                  {t('nav.search')}
                </NavLink>
              </li>
            </ul>
          </nav>
          <SessionMenu />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main-content" className="site-main" tabIndex={-1}>
        <ServiceStatusBanner />
        <PageOutlet />
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>
            <strong>{APP_NAME}</strong> — {t('app.tagline')}
          </p>
          <p>{t('app.footer')}</p>
        </div>
      </footer>
    </div>
  );
}
