import { useTranslation } from 'react-i18next';
import { Disputes } from '@/features/admin/components/disputes';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/admin/disputes`: disputed bookings to resolve, and card chargebacks. */
export function DisputesRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('disputes.title'));
  return (
    <div className="container section">
      <h1>{t('disputes.title')}</h1>
      <Disputes />
    </div>
  );
}

export default DisputesRoute;
