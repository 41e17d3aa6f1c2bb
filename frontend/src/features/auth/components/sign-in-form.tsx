import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { ApiClientError } from '@/lib/api-client';
import { destinationAfterSignIn, useSession } from '@/lib/auth';
import { useCredentialsSignIn } from '../hooks/use-credentials-sign-in';
import { CredentialsFields } from './credentials-fields';

export function SignInForm() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const { data: session } = useSession();
  const { signIn, formRef, fieldErrors, formError, onSubmit } = useCredentialsSignIn();

  // Signed in (on arrival, or once the form succeeds): go where the user was heading.
  if (session) return <Navigate to={destinationAfterSignIn(session, searchParams.get('next'))} replace />;

  const locked = signIn.error instanceof ApiClientError && signIn.error.code === 'SIGN_IN_LOCKED';

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError}>
        {locked && (
          <p>
            <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
          </p>
        )}
      </FormAlert>
      <CredentialsFields errors={fieldErrors} />
      <SubmitButton pending={signIn.isPending} pendingLabel={t('signIn.submitting')}>
        {t('signIn.submit')}
      </SubmitButton>
      <p className="form__aside">
        <Link to="/forgot-password">{t('signIn.forgotPassword')}</Link>
      </p>
      <p className="form__aside">
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signIn.signUpLink')}</Link>
      </p>
    </form>
  );
}
