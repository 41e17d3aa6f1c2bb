import { mfaCodeInput } from '@khadamat/contracts';
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useConfirmMfaEnrolment } from '../api/confirm-mfa-enrolment';
import { useStartMfaEnrolment } from '../api/start-mfa-enrolment';

/** "ABCD EFGH …": a long base32 key is easier to copy by hand in groups of four. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Sets up TOTP: shows the QR code and the key, then checks a first code from the app. */
export function MfaEnrolment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const start = useStartMfaEnrolment();
  const confirm = useConfirmMfaEnrolment();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<'code'>();
  const startMutate = start.mutate;
  // Each call makes a new secret: one per visit (StrictMode runs effects twice in development).
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startMutate();
  }, [startMutate]);

  if (start.isPending || start.isIdle) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('admin.enrol.loading')}
      </p>
    );
  }

  if (start.isError) {
    const { message, requestId } = describeApiError(t, start.error);
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('admin.enrol.error')}</p>
        <p className="state__detail">
          {message} {requestId && <bdi>{requestId}</bdi>}
        </p>
        <button type="button" className="button" onClick={() => startMutate()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '');
    const parsed = mfaCodeInput.safeParse({ code });
    if (!parsed.success) {
      showErrors({ fields: { code: t('fields.code.invalid') } });
      return;
    }
    clearErrors();
    confirm.mutate(parsed.data.code, {
      onSuccess: onConfirmed,
      onError: (error) => {
        const code = error instanceof ApiClientError ? error.code : '';
        if (code === 'MFA_CODE_INVALID' || code === 'MFA_LOCKED') showErrors({ fields: { code: describeApiError(t, error).message } });
        else if (code === 'VALIDATION_FAILED') showErrors({ fields: { code: t('fields.code.invalid') } });
        else showErrors({ form: describeApiError(t, error) });
      },
    });
  };

  const { secret, qrCodeDataUrl } = start.data;

  return (
    <section className="panel" aria-labelledby="mfa-enrol-heading">
      <h2 id="mfa-enrol-heading" className="panel__heading">
        {t('admin.enrol.heading')}
      </h2>
      <p>{t('admin.enrol.intro')}</p>
      <ol className="steps">
        <li>{t('admin.enrol.step1')}</li>
        <li>{t('admin.enrol.step2')}</li>
      </ol>
      <div className="mfa-setup">
        <img className="mfa-setup__qr" src={qrCodeDataUrl} alt={t('admin.enrol.qrAlt')} width={240} height={240} decoding="async" />
        <dl className="mfa-setup__secret">
          <dt className="field__label">{t('admin.enrol.secretLabel')}</dt>
          <dd>
            <code className="secret" dir="ltr">
              {groupSecret(secret)}
            </code>
          </dd>
        </dl>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert error={formError} />
        <TextField
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
        <SubmitButton pending={confirm.isPending} pendingLabel={t('admin.enrol.submitting')}>
          {t('admin.enrol.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
