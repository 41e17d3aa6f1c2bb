import { changePasswordInput } from '@khadamat/contracts';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { PasswordRules } from '@/components/ui/password-rules';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors, type SchemaIssue } from '@/lib/form-errors';
import { useChangePassword } from '../api/change-password';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Field = (typeof FIELDS)[number];

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();

  const invalid = (field: Field, issue?: SchemaIssue) => {
    if (field === 'currentPassword') return t('fields.password.missing');
    return t(issue?.code === 'too_big' ? 'fields.newPassword.tooLong' : 'fields.newPassword.tooShort');
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = changePasswordInput.safeParse({
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
    });
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = invalid(field, issues[field]);
      showErrors({ fields });
      return;
    }
    clearErrors();
    change.mutate(parsed.data, {
      onSuccess: () => form.reset(),
      onError: (error) => {
        const fields: FieldErrors<Field> = {};
        for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = invalid(field);
        const code = error instanceof ApiClientError ? error.code : '';
        if (code === 'INVALID_CREDENTIALS') fields.currentPassword = t('apiErrors.WRONG_PASSWORD');
        if (code === 'PASSWORD_REJECTED') fields.newPassword = describeApiError(t, error).message;
        showErrors(hasFieldErrors(fields) ? { fields } : { form: describeApiError(t, error) });
      },
    });
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      {change.isSuccess && <Notice>{t('account.password.changed')}</Notice>}
      <p>{t('account.password.intro')}</p>
      <TextField
        label={t('fields.currentPassword.label')}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.currentPassword}
      />
      <TextField
        label={t('fields.newPassword.label')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint={<PasswordRules />}
        error={fieldErrors.newPassword}
      />
      <SubmitButton pending={change.isPending} pendingLabel={t('account.password.submitting')}>
        {t('account.password.submit')}
      </SubmitButton>
    </form>
  );
}
