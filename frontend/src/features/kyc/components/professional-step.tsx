import type { KycDocumentType, KycOnboarding } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { useAttachDocument, useSaveProfessional } from '../api/save-onboarding';
import { FileUpload } from './file-upload';

/** Optional: a certificate, a business registration and its number (auto-entrepreneur or RC). */
export function ProfessionalStep({ onboarding, onDone }: { onboarding: KycOnboarding; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveProfessional();
  const attach = useAttachDocument();
  const [businessNumber, setBusinessNumber] = useState(onboarding.profile.businessNumber);
  const [error, setError] = useState<FormError | null>(null);
  const has = (type: KycDocumentType) => onboarding.documents.some((d) => d.type === type);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await save.mutateAsync({ businessNumber: businessNumber.trim() });
      onDone();
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <p>{t('kyc.professional.intro')}</p>
      <FormAlert error={error} />
      {(['certificate', 'business_registration'] as const).map((type) => (
        <FileUpload
          key={type}
          label={t(`kyc.documentTypes.${type}`)}
          hint={t('kyc.upload.hint')}
          kind="kyc_document"
          accept="application/pdf,image/jpeg,image/png"
          provided={has(type)}
          onUploaded={(uploadId) => attach.mutateAsync({ type, uploadId })}
        />
      ))}
      <TextField label={t('kyc.professional.businessNumber')} value={businessNumber} onChange={(e) => setBusinessNumber(e.target.value)} />
      <div className="form__actions">
        <SubmitButton pending={save.isPending} pendingLabel={t('kyc.onboarding.saving')}>
          {t('kyc.professional.save')}
        </SubmitButton>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('kyc.professional.skip')}
        </button>
      </div>
    </form>
  );
}
