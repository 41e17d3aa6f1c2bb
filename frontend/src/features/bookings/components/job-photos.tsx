import { MAX_BOOKING_PHOTOS } from '@khadamat/contracts';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUploadFile } from '@/lib/api/upload-file';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';

export interface JobPhoto {
  id: string;
  /** A local preview of the file sent (the stored copy is private until the booking exists). */
  preview: string;
}

/** Photos of the job for a booking request: each uploaded as it is picked (kind booking_photo), attached when the request is sent. */
export function JobPhotos({ photos, onChange }: { photos: JobPhoto[]; onChange: (photos: JobPhoto[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { data: session } = useSession();
  const upload = useUploadFile();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // The previews are freed when the form goes away (the request sent, or the page left).
  const previews = useRef(photos);
  useEffect(() => {
    previews.current = photos;
  });
  useEffect(() => () => previews.current.forEach((photo) => URL.revokeObjectURL(photo.preview)), []);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    setAdded(false);
    setProgress(0);
    try {
      const uploaded = await upload.mutateAsync({
        file,
        kind: 'booking_photo',
        csrfToken: session?.csrfToken ?? '',
        onProgress: setProgress,
      });
      onChange([...photos, { id: uploaded.id, preview: URL.createObjectURL(file) }]);
      setAdded(true);
    } catch (cause) {
      // The upload pipeline's own words for its refusals (type, size, antivirus).
      setError(cause instanceof ApiClientError && cause.code.startsWith('UPLOAD_') ? cause.message : describeApiError(t, cause).message);
    } finally {
      setProgress(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  const full = photos.length >= MAX_BOOKING_PHOTOS;
  return (
    <div className="field job-photos">
      <label htmlFor={`${id}-file`} className="field__label">
        {t('bookings.form.photos.label', { max: MAX_BOOKING_PHOTOS })}
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {full ? t('bookings.form.photos.full') : t('bookings.form.photos.hint')}
      </p>
      <input
        ref={inputRef}
        id={`${id}-file`}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        disabled={progress !== null || full}
        onChange={(event) => void onPick(event)}
      />
      {progress !== null && <progress max={100} value={Math.round(progress * 100)} aria-label={t('bookings.form.photos.progress')} />}
      <div role="status">{added && t('bookings.form.photos.added')}</div>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
      {photos.length > 0 && (
        <ul className="job-photos__list">
          {photos.map((photo, index) => (
            <li key={photo.id} className="job-photos__item">
              <img
                src={photo.preview}
                alt={t('bookings.form.photos.alt', { n: index + 1 })}
                width={96}
                height={72}
                loading="lazy"
                decoding="async"
              />
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  URL.revokeObjectURL(photo.preview);
                  onChange(photos.filter((p) => p.id !== photo.id));
                }}
              >
                {t('bookings.form.photos.remove', { n: index + 1 })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
