import type { UploadKind } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { FileUpload as UploadInput } from '@/components/ui/file-upload';
import { describeApiError } from '@/lib/api-error-message';

/** An identity or professional document: sent through the upload pipeline, then its id handed on. */
export function FileUpload({
  label,
  hint,
  kind,
  accept,
  provided,
  onUploaded,
}: {
  label: string;
  hint: string;
  kind: UploadKind;
  accept: string;
  provided: boolean;
  onUploaded: (uploadId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <UploadInput
      className="photo-upload kyc-upload"
      label={t('kyc.upload.choose', { document: label })}
      hint={
        <>
          {hint}{' '}
          <span className={provided ? 'kyc-upload__state kyc-upload__state--ok' : 'kyc-upload__state'}>
            {provided ? t('kyc.upload.present') : t('kyc.upload.missing')}
          </span>
        </>
      }
      kind={kind}
      accept={accept}
      progressLabel={t('kyc.upload.progress', { document: label })}
      doneMessage={t('kyc.upload.attached')}
      // The usual API error text, the pipeline's codes included (as before).
      describeError={(cause) => describeApiError(t, cause).message}
      onUploaded={(uploaded) => onUploaded(uploaded.id)}
    />
  );
}
