import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChangePasswordForm } from '@/features/account/components/change-password-form';
import { DeleteAccountForm } from '@/features/account/components/delete-account-form';
import { ProfileForm } from '@/features/account/components/profile-form';
import { SessionList } from '@/features/account/components/session-list';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useSignedInSession } from '../../route-guards';

export function AccountRoute() {
  const { t } = useTranslation();
  const { user } = useSignedInSession();
  const ids = { profile: useId(), password: useId(), sessions: useId(), remove: useId() };
  useDocumentTitle(t('account.title'));

  return (
    <div className="container section narrow">
      <h1>{t('account.heading')}</h1>
      <section className="panel" aria-labelledby={ids.profile}>
        <h2 id={ids.profile} className="panel__heading">
          {t('account.profile.heading')}
        </h2>
        {/* keyed by user: a fresh form (its default values) if the account changes */}
        <ProfileForm key={user.id} user={user} />
      </section>
      <p>
        <Link to="/account/notifications">{t('notifications.preferences.link')}</Link>
      </p>
      <p>
        <Link to="/account/payments">{t('payments.mine.link')}</Link>
      </p>
      <section className="panel" aria-labelledby={ids.password}>
        <h2 id={ids.password} className="panel__heading">
          {t('account.password.heading')}
        </h2>
        <ChangePasswordForm />
      </section>
      <section className="panel" aria-labelledby={ids.sessions}>
        <h2 id={ids.sessions} className="panel__heading">
          {t('account.sessions.heading')}
        </h2>
        <p>{t('account.sessions.intro')}</p>
        <SessionList labelledBy={ids.sessions} />
      </section>
      <section className="panel panel--danger" aria-labelledby={ids.remove}>
        <h2 id={ids.remove} className="panel__heading">
          {t('account.delete.heading')}
        </h2>
        <DeleteAccountForm />
      </section>
    </div>
  );
}

// Loaded on demand by the router.
export default AccountRoute;
