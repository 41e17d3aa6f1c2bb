import { signInInput } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { destinationAfterSignIn, useSession, useSignIn } from '@/lib/auth';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors } from '@/lib/form-errors';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function SignInForm() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const { data: session } = useSession();
  const signIn = useSignIn();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();

  const invalid = (field: Field) => (field === 'email' ? t('fields.email.invalid') : t('fields.password.missing'));

  // Signed in (on arrival, or once the form succeeds): go where the user was heading.
  if (session) return <Navigate to={destinationAfterSignIn(session, searchParams.get('next'))} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signInInput.safeParse({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = invalid(field);
      showErrors({ fields });
      return;
    }
    clearErrors();
    signIn.mutate(parsed.data, {
      onError: (error) => {
        const fields: FieldErrors<Field> = {};
        for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = invalid(field);
        showErrors(hasFieldErrors(fields) ? { fields } : { form: describeApiError(t, error) });
      },
    });
  };

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
      <TextField
        label={t('fields.email.label')}
        name="email"
        type="email"
        autoComplete="username"
        dir="ltr"
        required
        error={fieldErrors.email}
      />
      <TextField
        label={t('fields.password.label')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
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
