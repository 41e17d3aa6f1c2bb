import { signInInput } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormErrors } from '@/hooks/use-form-errors';
import { describeApiError } from '@/lib/api-error-message';
import { useSignIn } from '@/lib/auth';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors } from '@/lib/form-errors';

const FIELDS = ['email', 'password'] as const;
export type CredentialsField = (typeof FIELDS)[number];

/**
 * Signing in with an email and a password, as the member and the admin sign-in forms both do:
 * checks the fields, sends them, and puts what was refused next to its field or above the form.
 */
export function useCredentialsSignIn() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<CredentialsField>();

  const invalid = (field: CredentialsField) => (field === 'email' ? t('fields.email.invalid') : t('fields.password.missing'));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signInInput.safeParse({ email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<CredentialsField> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = invalid(field);
      showErrors({ fields });
      return;
    }
    clearErrors();
    signIn.mutate(parsed.data, {
      onError: (error) => {
        const fields: FieldErrors<CredentialsField> = {};
        for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = invalid(field);
        showErrors(hasFieldErrors(fields) ? { fields } : { form: describeApiError(t, error) });
      },
    });
  };

  return { signIn, formRef, fieldErrors, formError, onSubmit };
}
