import type { KycDocumentType, KycOnboarding } from '@khadamat/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttachDocument } from '../api/save-onboarding';
import { FileUpload } from './file-upload';

const DOCUMENT_TYPES = 'application/pdf,image/jpeg,image/png';

/** National ID (both sides) or passport, and a selfie: each uploaded privately, then attached to the file. */
export function IdentityStep({ onboarding, onDone }: { onboarding: KycOnboarding; onDone: () => void }) {
  const { t } = useTranslation();
  const attach = useAttachDocument();
  const has = (type: KycDocumentType) => onboarding.documents.some((d) => d.type === type);
  const [kind, setKind] = useState<'id' | 'passport'>(has('passport') && !has('id_front') ? 'passport' : 'id');
  const types: KycDocumentType[] = kind === 'id' ? ['id_front', 'id_back', 'selfie'] : ['passport', 'selfie'];

  return (
    <div className="form">
      <p>{t('kyc.identity.intro')}</p>
      <fieldset className="fieldset">
        <legend className="field__label">{t('kyc.identity.kind')}</legend>
        <label className="radio">
          <input type="radio" name="kyc-id-kind" checked={kind === 'id'} onChange={() => setKind('id')} /> {t('kyc.identity.idCard')}
        </label>
        <label className="radio">
          <input type="radio" name="kyc-id-kind" checked={kind === 'passport'} onChange={() => setKind('passport')} />{' '}
          {t('kyc.identity.passport')}
        </label>
      </fieldset>
      {types.map((type) => (
        <FileUpload
          key={type}
          label={t(`kyc.documentTypes.${type}`)}
          hint={type === 'selfie' ? t('kyc.identity.selfieHint') : t('kyc.upload.hint')}
          kind="kyc_document"
          accept={DOCUMENT_TYPES}
          provided={has(type)}
          onUploaded={(uploadId) => attach.mutateAsync({ type, uploadId })}
        />
      ))}
      <button type="button" className="button" onClick={onDone}>
        {t('kyc.onboarding.next')}
      </button>
    </div>
  );
}
