import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormError } from '@/lib/api-error-message';

/** The error of a whole form (not of one field); focusable so the form can move focus to it. */
export function FormAlert({ error, children }: { error: FormError | null; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;

  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} data-form-alert>
      <p className="alert__message">{error.message}</p>
      {error.requestId && (
        <p className="alert__detail">
          {/* <bdi>: a Latin id must not be reordered inside Arabic text */}
          {t('common.errorReference')} <bdi>{error.requestId}</bdi>
        </p>
      )}
      {children}
    </div>
  );
}
