import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';
import { useAddServicePhoto } from '../api/add-service-photo';
import { useUploadFile } from '@/lib/api/upload-file';

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
  const id = useId();
  const { data: session } = useSession();
  const upload = useUploadFile();
  const attach = useAddServicePhoto();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  function messageFor(cause: unknown): string {
    if (cause instanceof ApiClientError) {
      const code = UPLOAD_CODES.find((c) => c === cause.code);
      if (code) return t(`myServices.photos.errors.${code}`);
      if (cause.code.startsWith('UPLOAD_')) return cause.message; // the API's own words for a case we have none for
    }
    return describeApiError(t, cause).message;
  }

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    setDone(false);
    setProgress(0);
    try {
      const uploaded = await upload.mutateAsync({
        file,
        kind: 'service_photo',
        csrfToken: session?.csrfToken ?? '',
        onProgress: setProgress,
      });
      await attach.mutateAsync({ serviceId, uploadId: uploaded.id });
      setDone(true);
    } catch (cause) {
      setError(messageFor(cause));
    } finally {
      setProgress(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  const busy = progress !== null;
  return (
    <div className="photo-upload">
      <label htmlFor={`${id}-file`} className="field__label">
        {t('myServices.photos.add', { title: serviceTitle })}
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {t('myServices.photos.hint')}
      </p>
      <input
        ref={inputRef}
        id={`${id}-file`}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        className="photo-upload__input"
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        disabled={busy}
        onChange={(event) => void onChange(event)}
      />
      {busy && (
        <div className="photo-upload__progress">
          <progress id={`${id}-progress`} max={100} value={Math.round(progress * 100)} aria-label={t('myServices.photos.progress')} />
          <span aria-hidden="true">{Math.round(progress * 100)} %</span>
        </div>
      )}
      <div role="status" className="photo-upload__status">
        {done && t('myServices.photos.added')}
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
