import type { Upload, UploadKind } from '@khadamat/contracts';
import { useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUploadFile } from '@/lib/api/upload-file';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';

/**
 * A file input that sends the picked file through the upload pipeline (`kind`) with a progress
 * bar, then hands the stored upload on; the pipeline's refusals (type, size, antivirus) are
 * shown under it. The one upload input of the web client: photos of a service or a job,
 * identity documents, chat attachments.
 */
export function FileUpload({
  label,
  hint,
  kind,
  accept,
  disabled = false,
  progressLabel,
  doneMessage,
  describeError,
  onUploaded,
  className = 'photo-upload',
}: {
  label: string;
  hint: ReactNode;
  kind: UploadKind;
  accept: string;
  disabled?: boolean;
  progressLabel: string;
  /** Announced once the file is stored and `onUploaded` has finished. */
  doneMessage: string;
  /** Words for a refusal; by default the pipeline's own for its codes, else the usual API error text. */
  describeError?: (cause: unknown) => string | undefined;
  onUploaded: (upload: Upload, file: File) => unknown;
  className?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { data: session } = useSession();
  const upload = useUploadFile();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  function messageFor(cause: unknown): string {
    const own = describeError?.(cause);
    if (own) return own;
    if (cause instanceof ApiClientError && cause.code.startsWith('UPLOAD_')) return cause.message;
    return describeApiError(t, cause).message;
  }

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setError(null);
    setDone(false);
    setProgress(0);
    try {
      const uploaded = await upload.mutateAsync({ file, kind, csrfToken: session?.csrfToken ?? '', onProgress: setProgress });
      await onUploaded(uploaded, file);
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
    <div className={className}>
      <label htmlFor={`${id}-file`} className="field__label">
        {label}
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      <input
        ref={inputRef}
        id={`${id}-file`}
        type="file"
        accept={accept}
        className="photo-upload__input"
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        disabled={busy || disabled}
        onChange={(event) => void onChange(event)}
      />
      {busy && (
        <div className="photo-upload__progress">
          <progress max={100} value={Math.round(progress * 100)} aria-label={progressLabel} />
          <span aria-hidden="true">{Math.round(progress * 100)} %</span>
        </div>
      )}
      <div role="status" className="photo-upload__status">
        {done && doneMessage}
      </div>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
