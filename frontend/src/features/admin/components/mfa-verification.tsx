import { mfaVerifyInput } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useVerifyMfa, type MfaProof } from '../api/verify-mfa';

type Mode = 'code' | 'recoveryCode';

/** Second step of the admin sign-in: a code from the authenticator app, or a recovery code. */
export function MfaVerification() {
  const { t } = useTranslation();
  const verify = useVerifyMfa();
  const [mode, setMode] = useState<Mode>('code');
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Mode>();

  const invalid = (field: Mode) => (field === 'code' ? t('fields.code.invalid') : t('admin.verify.recoveryInvalid'));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get(mode) ?? '').trim();
    const proof: MfaProof = mode === 'code' ? { code: value.replace(/\s/g, '') } : { recoveryCode: value };
    const parsed = mfaVerifyInput.safeParse(proof);
    if (!parsed.success) {
      showErrors({ fields: { [mode]: invalid(mode) } });
      return;
    }
    clearErrors();
    verify.mutate(proof, {
      onError: (error) => {
        const code = error instanceof ApiClientError ? error.code : '';
        if (code === 'MFA_CODE_INVALID' || code === 'MFA_LOCKED') showErrors({ fields: { [mode]: describeApiError(t, error).message } });
        else if (code === 'VALIDATION_FAILED') showErrors({ fields: { [mode]: invalid(mode) } });
        else showErrors({ form: describeApiError(t, error) });
      },
    });
  };

  const switchMode = () => {
    clearErrors();
    setMode(mode === 'code' ? 'recoveryCode' : 'code');
  };

  return (
    <section className="panel" aria-labelledby="mfa-verify-heading">
      <h2 id="mfa-verify-heading" className="panel__heading">
        {t('admin.verify.heading')}
      </h2>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert error={formError} />
        <p>{mode === 'code' ? t('admin.verify.intro') : t('admin.verify.introRecovery')}</p>
        {mode === 'code' ? (
          <TextField
            key="code"
            label={t('fields.code.label')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            dir="ltr"
            required
            short
            error={fieldErrors.code}
          />
        ) : (
          <TextField
            key="recoveryCode"
            label={t('admin.verify.recoveryLabel')}
            name="recoveryCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            dir="ltr"
            required
            error={fieldErrors.recoveryCode}
          />
        )}
        <SubmitButton pending={verify.isPending} pendingLabel={t('admin.verify.submitting')}>
          {t('admin.verify.submit')}
        </SubmitButton>
        <p className="form__aside">
          <button type="button" className="button-link" onClick={switchMode}>
            {mode === 'code' ? t('admin.verify.useRecovery') : t('admin.verify.useCode')}
          </button>
        </p>
      </form>
    </section>
  );
}
