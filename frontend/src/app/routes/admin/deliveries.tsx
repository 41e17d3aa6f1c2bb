import { useTranslation } from 'react-i18next';
import { FailedDeliveries } from '@/features/admin/components/failed-deliveries';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function DeliveriesRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.deliveries.title'));
  return (
    <div className="container section">
      <h1>{t('admin.deliveries.title')}</h1>
      <FailedDeliveries />
    </div>
  );
}
