import { newPassword } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { PasswordRules } from '@/components/ui/password-rules';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError } from '@/lib/form-errors';
import { useResetPassword } from '../api/reset-password';

/** A used, expired or mangled link: the token is what is wrong, not the password. */
function isDeadLink(error: unknown): boolean {
  if (!(error instanceof ApiClientError)) return false;
  return error.code === 'TOKEN_INVALID' || fieldsOfApiError(error, ['token'] as const).length > 0;
}

export function ResetPasswordForm({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<'password'>();
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  if (reset.isSuccess) {
    return (
      <div className="result result--success">
        <h2 ref={focusRef} tabIndex={-1} className="result__heading">
          {t('resetPassword.successHeading')}
        </h2>
        <p>{t('resetPassword.successBody')}</p>
        <Link to="/sign-in" className="button">
          {t('resetPassword.signIn')}
        </Link>
      </div>
    );
  }

  if (!token || isDeadLink(reset.error)) {
    return (
      <div className="result result--error" role="alert">
        <h2 ref={focusRef} tabIndex={-1} className="result__heading">
          {t('resetPassword.invalidHeading')}
        </h2>
        <p>{t('resetPassword.invalidBody')}</p>
        <Link to="/forgot-password" className="button">
          {t('resetPassword.requestNew')}
        </Link>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    const parsed = newPassword.safeParse(password);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((issue) => issue.code === 'too_big');
      showErrors({ fields: { password: t(tooLong ? 'fields.newPassword.tooLong' : 'fields.newPassword.tooShort') } });
      return;
    }
    clearErrors();
    reset.mutate(
      { token, password: parsed.data },
      {
        onError: (error) => {
          if (isDeadLink(error)) return; // the invalid-link message replaces the form
          if (error instanceof ApiClientError && error.code === 'PASSWORD_REJECTED') {
            showErrors({ fields: { password: describeApiError(t, error).message } });
          } else if (fieldsOfApiError(error, ['password'] as const).length) {
            showErrors({ fields: { password: t('fields.newPassword.tooShort') } });
          } else {
            showErrors({ form: describeApiError(t, error) });
          }
        },
      },
    );
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p>{t('resetPassword.intro')}</p>
      <TextField
        label={t('fields.newPassword.label')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={<PasswordRules />}
        error={fieldErrors.password}
      />
      <SubmitButton pending={reset.isPending} pendingLabel={t('resetPassword.submitting')}>
        {t('resetPassword.submit')}
      </SubmitButton>
    </form>
  );
}
