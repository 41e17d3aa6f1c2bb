import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { SubmitButton } from '@/components/ui/submit-button';
import { Bell } from '@/features/notifications/components/bell';
import { useLiveEvents } from '@/lib/api/live-events';
import { needsSecondFactor, useSession, useSignOut } from '@/lib/auth';

/** The header's account links: sign in / sign up, or the user's name, their account and sign out. */
export function SessionMenu() {
  const { t } = useTranslation();
  const { data: session, isPending } = useSession();
  const signOut = useSignOut();
  // The one live connection of a signed-in member (messages, the bell).
  useLiveEvents(session ? session.user.role !== 'admin' : false);

  // Nothing rather than a flash of "Sign in" while the session loads.
  if (isPending) return <div className="session-menu" />;

  if (!session) {
    return (
      <div className="session-menu">
        <NavLink to="/sign-in" className="site-nav__link">
          {t('nav.signIn')}
        </NavLink>
        <Link to="/sign-up" className="button button--small">
          {t('nav.signUp')}
        </Link>
      </div>
    );
  }

  return (
    <nav className="session-menu" aria-label={t('nav.accountNav')}>
      <p className="session-menu__user">
        <span className="visually-hidden">{t('nav.signedInAs')} </span>
        <bdi>{session.user.name}</bdi>
      </p>
      {session.user.role === 'admin' && session.mfa === 'verified' && (
        <NavLink to="/admin" end className="site-nav__link">
          {t('nav.admin')}
        </NavLink>
      )}
      {session.user.role === 'admin' && session.mfa === 'verified' && (
        <NavLink to="/admin/kyc" className="site-nav__link">
          {t('nav.kycQueue')}
        </NavLink>
      )}
      {session.user.role !== 'admin' && (
        <NavLink to="/bookings" className="site-nav__link">
          {t('nav.myBookings')}
        </NavLink>
      )}
      {session.user.role !== 'admin' && (
        <NavLink to="/messages" className="site-nav__link">
          {t('nav.inbox')}
        </NavLink>
      )}
      {session.user.role !== 'admin' && <Bell />}
      {session.user.role === 'provider' && (
        <NavLink to="/my/agenda" className="site-nav__link">
          {t('nav.agenda')}
        </NavLink>
      )}
      {session.user.role === 'provider' && (
        <NavLink to="/my/services" className="site-nav__link">
          {t('nav.myServices')}
        </NavLink>
      )}
      {session.user.role === 'provider' && (
        <NavLink to="/provider/verification" className="site-nav__link">
          {t('nav.verification')}
        </NavLink>
      )}
      {!needsSecondFactor(session) && (
        <NavLink to="/account" className="site-nav__link">
          {t('nav.account')}
        </NavLink>
      )}
      <SubmitButton
        type="button"
        variant="secondary"
        pending={signOut.isPending}
        pendingLabel={t('nav.signingOut')}
        onClick={() => signOut.mutate()}
      >
        {t('nav.signOut')}
      </SubmitButton>
    </nav>
  );
}
