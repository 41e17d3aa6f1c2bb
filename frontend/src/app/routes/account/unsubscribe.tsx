import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { UnsubscribeLink } from '@/features/account/components/unsubscribe-link';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function UnsubscribeRoute() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  useDocumentTitle(t('notices.unsubscribe.title'));

  return (
    <section className="container section narrow">
      <UnsubscribeLink token={searchParams.get('token')} />
    </section>
  );
}

// Loaded on demand by the router.
export default UnsubscribeRoute;
