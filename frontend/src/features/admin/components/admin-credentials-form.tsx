import { signInInput } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { describeApiError } from '@/lib/api-error-message';
import { useSignIn } from '@/lib/auth';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors } from '@/lib/form-errors';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** First step of the admin sign-in: the password; the second factor follows. */
export function AdminCredentialsForm() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();

  const invalid = (field: Field) => (field === 'email' ? t('fields.email.invalid') : t('fields.password.missing'));

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

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p>{t('admin.signIn.intro')}</p>
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
      <SubmitButton pending={signIn.isPending} pendingLabel={t('admin.signIn.submitting')}>
        {t('admin.signIn.submit')}
      </SubmitButton>
    </form>
  );
}
