import type { UploadKind } from '@khadamat/contracts';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';
import { useUploadFile } from '@/lib/api/upload-file';

/** Picks a file, sends it through the upload pipeline with a progress bar, then hands its id on. */
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
  const id = useId();
  const { data: session } = useSession();
  const upload = useUploadFile();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    setDone(false);
    setProgress(0);
    try {
      const uploaded = await upload.mutateAsync({ file, kind, csrfToken: session?.csrfToken ?? '', onProgress: setProgress });
      await onUploaded(uploaded.id);
      setDone(true);
    } catch (cause) {
      setError(describeApiError(t, cause).message);
    } finally {
      setProgress(null);
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  const busy = progress !== null;
  return (
    <div className="photo-upload kyc-upload">
      <label htmlFor={`${id}-file`} className="field__label">
        {t('kyc.upload.choose', { document: label })}
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}{' '}
        <span className={provided ? 'kyc-upload__state kyc-upload__state--ok' : 'kyc-upload__state'}>
          {provided ? t('kyc.upload.present') : t('kyc.upload.missing')}
        </span>
      </p>
      <input
        ref={inputRef}
        id={`${id}-file`}
        type="file"
        accept={accept}
        className="photo-upload__input"
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        disabled={busy}
        onChange={(event) => void onChange(event)}
      />
      {busy && (
        <div className="photo-upload__progress">
          <progress max={100} value={Math.round(progress * 100)} aria-label={t('kyc.upload.progress', { document: label })} />
          <span aria-hidden="true">{Math.round(progress * 100)} %</span>
        </div>
      )}
      <div role="status" className="photo-upload__status">
        {done && t('kyc.upload.attached')}
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
