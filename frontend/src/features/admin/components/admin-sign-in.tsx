import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { sessionQuery, useSession, useSignOut } from '@/lib/auth';
import { AdminCredentialsForm } from './admin-credentials-form';
import { MfaEnrolment } from './mfa-enrolment';
import { MfaVerification } from './mfa-verification';
import { RecoveryCodes } from './recovery-codes';

/**
 * The admin sign-in, one step at a time, as the session state says: password, then the
 * second factor (set it up the first time, with recovery codes shown once; verify it after).
 */
export function AdminSignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  // Kept here, not in the enrolment step: once confirmed, the session is already verified,
  // and the codes must stay on screen until the admin says they are saved.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  if (recoveryCodes) {
    return (
      <RecoveryCodes
        codes={recoveryCodes}
        onDone={async () => {
          await queryClient.refetchQueries({ queryKey: sessionQuery.queryKey });
          await navigate('/admin', { replace: true });
        }}
      />
    );
  }

  if (session.isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('common.sessionLoading')}
      </p>
    );
  }

  if (session.isError) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('common.sessionError')}</p>
        <button type="button" className="button" onClick={() => void session.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  const state = session.data;
  if (!state) return <AdminCredentialsForm />;
  if (state.user.role !== 'admin') return <NotAdmin />;
  switch (state.mfa) {
    case 'enrolment-required':
      return <MfaEnrolment onConfirmed={setRecoveryCodes} />;
    case 'verification-required':
      return <MfaVerification />;
    default:
      return <Navigate to="/admin" replace />;
  }
}

function NotAdmin() {
  const { t } = useTranslation();
  const signOut = useSignOut({ to: '/admin/sign-in' });

  return (
    <div className="result result--error" role="alert">
      <h2 className="result__heading">{t('admin.notAdmin.heading')}</h2>
      <p>{t('admin.notAdmin.body')}</p>
      <SubmitButton type="button" pending={signOut.isPending} pendingLabel={t('nav.signingOut')} onClick={() => signOut.mutate()}>
        {t('nav.signOut')}
      </SubmitButton>
    </div>
  );
}
