import { verifyPhoneInput, type PublicUser } from '@khadamat/contracts';
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { sessionQuery } from '@/lib/auth';
import { useSendPhoneCode } from '../api/send-phone-code';
import { useVerifyPhone } from '../api/verify-phone';

// Wrong, expired or over-tried codes are about what was typed in the code field.
const CODE_FIELD_ERRORS = new Set(['CODE_INVALID', 'CODE_EXPIRED', 'TOO_MANY_ATTEMPTS', 'VALIDATION_FAILED']);

/** Sends a code by SMS to the account's number and checks the code the user types. */
export function PhoneVerification({ user }: { user: PublicUser }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sendCode = useSendPhoneCode();
  const verify = useVerifyPhone();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<'code'>();
  const codeInput = useRef<HTMLInputElement>(null);
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  if (!user.phone) {
    return (
      <div className="panel">
        <p>{t('verifyPhone.noPhone')}</p>
        <Link to="/account" className="button">
          {t('verifyPhone.toAccount')}
        </Link>
      </div>
    );
  }

  if (user.phoneVerified) {
    return (
      <div className="result result--success">
        <h2 ref={focusRef} tabIndex={-1} className="result__heading">
          {t('verifyPhone.verified')} <bdi dir="ltr">{user.phone}</bdi>
        </h2>
        <Link to="/account" className="button">
          {t('verifyPhone.toAccount')}
        </Link>
      </div>
    );
  }

  const onSend = () => {
    sendCode.mutate(undefined, {
      onSuccess: () => codeInput.current?.focus(),
      onError: (error) => {
        // Verified meanwhile (another tab): show it.
        if (error instanceof ApiClientError && error.code === 'PHONE_ALREADY_VERIFIED') {
          void queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
        }
      },
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '');
    const parsed = verifyPhoneInput.safeParse({ code });
    if (!parsed.success) {
      showErrors({ fields: { code: t('fields.code.invalid') } });
      return;
    }
    clearErrors();
    verify.mutate(parsed.data.code, {
      onError: (error) => {
        const code = error instanceof ApiClientError ? error.code : '';
        if (code === 'VALIDATION_FAILED') showErrors({ fields: { code: t('fields.code.invalid') } });
        else if (CODE_FIELD_ERRORS.has(code)) showErrors({ fields: { code: describeApiError(t, error).message } });
        else showErrors({ form: describeApiError(t, error) });
      },
    });
  };

  return (
    <>
      <div className="panel">
        <p>
          {t('verifyPhone.intro')} <bdi dir="ltr">{user.phone}</bdi>.
        </p>
        {sendCode.isSuccess && <Notice>{t('verifyPhone.sent')}</Notice>}
        <FormAlert error={sendCode.isError ? describeApiError(t, sendCode.error) : null}>
          {sendCode.error instanceof ApiClientError && sendCode.error.code === 'PHONE_MISSING' && (
            <p>
              <Link to="/account">{t('verifyPhone.toAccount')}</Link>
            </p>
          )}
        </FormAlert>
        <SubmitButton
          type="button"
          variant={sendCode.isSuccess ? 'secondary' : 'primary'}
          pending={sendCode.isPending}
          pendingLabel={t('verifyPhone.sending')}
          onClick={onSend}
        >
          {sendCode.isSuccess ? t('verifyPhone.resend') : t('verifyPhone.send')}
        </SubmitButton>
      </div>
      <form ref={formRef} className="form panel" noValidate onSubmit={onSubmit}>
        <FormAlert error={formError} />
        <TextField
          ref={codeInput}
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
        <SubmitButton pending={verify.isPending} pendingLabel={t('verifyPhone.submitting')}>
          {t('verifyPhone.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
