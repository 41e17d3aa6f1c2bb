import { deleteAccountInput } from '@khadamat/contracts';
import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { leaveThenForgetSession } from '@/lib/auth';
import { useDeleteAccount } from '../api/delete-account';

export function DeleteAccountForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useDeleteAccount();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<'password'>();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = deleteAccountInput.safeParse({ password: String(new FormData(event.currentTarget).get('password') ?? '') });
    if (!parsed.success) {
      showErrors({ fields: { password: t('fields.password.missing') } });
      return;
    }
    clearErrors();
    remove.mutate(parsed.data.password, {
      onSuccess: () => leaveThenForgetSession({ navigate, queryClient, to: '/account/deleted', replace: true }),
      onError: (error) => {
        if (error instanceof ApiClientError && error.code === 'INVALID_CREDENTIALS') {
          showErrors({ fields: { password: t('apiErrors.WRONG_PASSWORD') } });
        } else {
          showErrors({ form: describeApiError(t, error) });
        }
      },
    });
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p>{t('account.delete.warning')}</p>
      <TextField
        label={t('fields.password.label')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <SubmitButton variant="danger" pending={remove.isPending} pendingLabel={t('account.delete.submitting')}>
        {t('account.delete.submit')}
      </SubmitButton>
    </form>
  );
}
