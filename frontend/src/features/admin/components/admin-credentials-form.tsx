import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { CredentialsFields } from '@/features/auth/components/credentials-fields';
import { useCredentialsSignIn } from '@/features/auth/hooks/use-credentials-sign-in';

/** First step of the admin sign-in: the password; the second factor follows. */
export function AdminCredentialsForm() {
  const { t } = useTranslation();
  const { signIn, formRef, fieldErrors, formError, onSubmit } = useCredentialsSignIn();

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p>{t('admin.signIn.intro')}</p>
      <CredentialsFields errors={fieldErrors} />
      <SubmitButton pending={signIn.isPending} pendingLabel={t('admin.signIn.submitting')}>
        {t('admin.signIn.submit')}
      </SubmitButton>
    </form>
  );
}
