import { useTranslation } from 'react-i18next';
import { ReconciliationReports } from '@/features/admin/components/reconciliation-reports';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ReconciliationRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('payments.reconciliation.title'));
  return (
    <div className="container section">
      <h1>{t('payments.reconciliation.title')}</h1>
      <p>{t('payments.reconciliation.intro')}</p>
      <ReconciliationReports />
    </div>
  );
}

// Loaded on demand by the router.
export default ReconciliationRoute;
