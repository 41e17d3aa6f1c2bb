import { useTranslation } from 'react-i18next';
import { FileUpload } from '@/components/ui/file-upload';
import { ApiClientError } from '@/lib/api-client';
import { useAddServicePhoto } from '../api/add-service-photo';

const UPLOAD_CODES = [
  'UPLOAD_TYPE_NOT_ALLOWED',
  'UPLOAD_TOO_LARGE',
  'UPLOAD_INFECTED',
  'UPLOAD_IMAGE_TOO_LARGE',
  'UPLOAD_BUSY',
  'UPLOAD_RATE_LIMITED',
  'UPLOAD_QUOTA_EXCEEDED',
] as const;

/** Picks a photo, uploads it with a progress bar, then attaches it to the service. */
export function PhotoUpload({ serviceId, serviceTitle }: { serviceId: string; serviceTitle: string }) {
  const { t } = useTranslation();
  const attach = useAddServicePhoto();
  return (
    <FileUpload
      label={t('myServices.photos.add', { title: serviceTitle })}
      hint={t('myServices.photos.hint')}
      kind="service_photo"
      accept="image/jpeg,image/png,image/webp"
      progressLabel={t('myServices.photos.progress')}
      doneMessage={t('myServices.photos.added')}
      describeError={(cause) => {
        const code = cause instanceof ApiClientError ? UPLOAD_CODES.find((c) => c === cause.code) : undefined;
        return code && t(`myServices.photos.errors.${code}`);
      }}
      onUploaded={(uploaded) => attach.mutateAsync({ serviceId, uploadId: uploaded.id })}
    />
  );
}
