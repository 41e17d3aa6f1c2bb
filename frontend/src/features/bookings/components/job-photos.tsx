import { MAX_BOOKING_PHOTOS } from '@khadamat/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FileUpload } from '@/components/ui/file-upload';

export interface JobPhoto {
  id: string;
  /** A local preview of the file sent (the stored copy is private until the booking exists). */
  preview: string;
}

/** Photos of the job for a booking request: each uploaded as it is picked (kind booking_photo), attached when the request is sent. */
export function JobPhotos({ photos, onChange }: { photos: JobPhoto[]; onChange: (photos: JobPhoto[]) => void }) {
  const { t } = useTranslation();
  // The previews are freed when the form goes away (the request sent, or the page left).
  const previews = useRef(photos);
  useEffect(() => {
    previews.current = photos;
  });
  useEffect(() => () => previews.current.forEach((photo) => URL.revokeObjectURL(photo.preview)), []);

  const full = photos.length >= MAX_BOOKING_PHOTOS;
  return (
    <div className="field job-photos">
      <FileUpload
        label={t('bookings.form.photos.label', { max: MAX_BOOKING_PHOTOS })}
        hint={full ? t('bookings.form.photos.full') : t('bookings.form.photos.hint')}
        kind="booking_photo"
        accept="image/jpeg,image/png,image/webp"
        disabled={full}
        progressLabel={t('bookings.form.photos.progress')}
        doneMessage={t('bookings.form.photos.added')}
        onUploaded={(uploaded, file) => onChange([...photos, { id: uploaded.id, preview: URL.createObjectURL(file) }])}
      />
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
