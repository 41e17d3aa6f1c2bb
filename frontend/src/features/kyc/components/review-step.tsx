import type { KycOnboarding } from '@khadamat/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { useSubmitVerification } from '../api/save-onboarding';

/** Sends the file (or sends it again after a rejection), once nothing is missing. */
export function ReviewStep({ onboarding }: { onboarding: KycOnboarding }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const submit = useSubmitVerification();
  const [error, setError] = useState<FormError | null>(null);
  const missing = onboarding.missing.map((m) => t(`kyc.missing.${m as 'profile'}`, { defaultValue: m }));

  async function onSubmit() {
    setError(null);
    try {
      await submit.mutateAsync();
      await navigate('/provider/verification');
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  return (
    <div className="form">
      <FormAlert error={error} />
      {missing.length > 0 ? <p>{t('kyc.review.missing', { list: missing.join(', ') })}</p> : <p>{t('kyc.review.ready')}</p>}
      {onboarding.status === 'rejected' && onboarding.reason && (
        <p className="alert alert--warning">
          {t('kyc.statusPage.reason')} : {onboarding.reason}
        </p>
      )}
      {missing.length === 0 && (
        <SubmitButton type="button" pending={submit.isPending} pendingLabel={t('kyc.review.submitting')} onClick={() => void onSubmit()}>
          {onboarding.status === 'rejected' ? t('kyc.review.resubmit') : t('kyc.review.submit')}
        </SubmitButton>
      )}
    </div>
  );
}
