import { useTranslation } from 'react-i18next';
import { PaymentList } from '@/features/payments/components/payment-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function MyPaymentsRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('payments.mine.title'));
  return (
    <div className="container section">
      <h1>{t('payments.mine.heading')}</h1>
      <p>{t('payments.mine.intro')}</p>
      <PaymentList />
    </div>
  );
}

// Loaded on demand by the router.
export default MyPaymentsRoute;
