import { useTranslation } from 'react-i18next';
import { Spinner } from '@/components/ui/spinner';

/** What a page shows until its data is there: loading, or why it failed with a retry. */
export function LoadState({ error, message, retry }: { error: unknown; message: string; retry: () => void }) {
  const { t } = useTranslation();
  if (!error) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('common.loading')}
      </p>
    );
  }
  return (
    <div className="state state--error" role="alert">
      <p className="state__message">{message}</p>
      <button type="button" className="button" onClick={retry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
