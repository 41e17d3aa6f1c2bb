import { useTranslation } from 'react-i18next';
import { PayoutBatches } from '@/features/admin/components/payout-batches';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/admin/payouts`: the bank-transfer batches. */
export function PayoutBatchesRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('payouts.admin.title'));
  return (
    <div className="container section">
      <h1>{t('payouts.admin.title')}</h1>
      <p className="lead">{t('payouts.admin.intro')}</p>
      <PayoutBatches />
    </div>
  );
}

export default PayoutBatchesRoute;
