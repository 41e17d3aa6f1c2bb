import { forgotPasswordInput } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { useFormErrors } from '@/hooks/use-form-errors';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError } from '@/lib/form-errors';
import { useForgotPassword } from '../api/forgot-password';

export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const forgot = useForgotPassword();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<'email'>();
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  if (forgot.isSuccess) {
    // Same words whether or not the address has an account: the page reveals nothing.
    return (
      <div className="result result--success">
        <h2 ref={focusRef} tabIndex={-1} className="result__heading">
          {t('forgotPassword.sentHeading')}
        </h2>
        <p>{t('forgotPassword.sentBody')}</p>
        <Link to="/sign-in" className="button">
          {t('forgotPassword.backToSignIn')}
        </Link>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = forgotPasswordInput.safeParse({ email: String(new FormData(event.currentTarget).get('email') ?? '') });
    if (!parsed.success) {
      showErrors({ fields: { email: t('fields.email.invalid') } });
      return;
    }
    clearErrors();
    forgot.mutate(parsed.data.email, {
      onError: (error) =>
        showErrors(
          fieldsOfApiError(error, ['email'] as const).length
            ? { fields: { email: t('fields.email.invalid') } }
            : { form: describeApiError(t, error) },
        ),
    });
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p>{t('forgotPassword.intro')}</p>
      <TextField
        label={t('fields.email.label')}
        name="email"
        type="email"
        autoComplete="email"
        dir="ltr"
        required
        error={fieldErrors.email}
      />
      <SubmitButton pending={forgot.isPending} pendingLabel={t('forgotPassword.submitting')}>
        {t('forgotPassword.submit')}
      </SubmitButton>
      <p className="form__aside">
        <Link to="/sign-in">{t('forgotPassword.backToSignIn')}</Link>
      </p>
    </form>
  );
}
